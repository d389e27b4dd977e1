"""Align ground-truth values with the words of a page to make BIO labels.

Real data sets give values (``"total": "9.00"``) but not which words carry
them; the tagger needs word-level labels. A value is found as a span of
consecutive words whose text matches it:

* numbers / amounts / percents: a word whose number equals the value (currency
  letters and symbols around it are ignored), preferring an occurrence near a
  keyword of the field (``total``, ``subtotal``, ``tax``...);
* dates: a window of 1-4 words that parses to the same ISO date;
* anything else: the window whose compact lower-case text is most similar
  (difflib ratio) to the value's, accepted from ``min_ratio`` on, which
  tolerates OCR slips without matching a different text.

Line-item values are searched first on the row of the item's description
(same vertical band), so that a quantity ``1`` is taken from its own row.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from difflib import SequenceMatcher
from typing import Any

from sap_llm.contract import FIELDS
from sap_llm.normalize import normalize_value, parse_number

Box = tuple[int, int, int, int]

NUMERIC_TYPES = {"amount", "price", "number", "percent", "integer"}
KEYWORDS: dict[str, tuple[str, ...]] = {
    "total_amount": ("total", "gesamt", "totale", "importe", "montant", "ttc", "betrag", "amount", "due", "summe"),
    "net_amount": ("subtotal", "sub", "net", "netto", "ht", "imponibile", "base", "untaxed", "excl"),
    "tax_amount": ("tax", "vat", "gst", "mwst", "ust", "tva", "iva", "btw"),
}
CURRENCY_SYMBOLS: dict[str, tuple[str, ...]] = {
    "EUR": ("€", "eur", "euro", "euros"), "USD": ("$", "us$", "usd"), "GBP": ("£", "gbp"),
    "INR": ("₹", "rs", "rs.", "inr"), "PLN": ("zł", "pln"), "CHF": ("chf", "sfr"), "MYR": ("rm", "myr"),
    "IDR": ("rp", "idr"), "JPY": ("¥", "jpy"),
}
_EDGE_PUNCT = re.compile(r"^[\W_]+|[\W_]+$", re.UNICODE)


def compact(text: str) -> str:
    """Lower case, accents folded, whitespace removed: the form strings are compared in."""
    folded = unicodedata.normalize("NFKD", str(text).lower())
    return "".join(c for c in folded if not unicodedata.combining(c) and not c.isspace())


def _number_in(word: str) -> Decimal | None:
    core = re.sub(r"^[^\d\-+(]+|[^\d)]+$", "", word)  # drop 'RM', '$', '€', trailing '%' / ',' / '*'
    return parse_number(core) if core else None


@dataclass
class Alignment:
    """BIO labels for the words plus what was (not) found."""

    labels: list[str]
    found: list[str] = field(default_factory=list)  # field keys (li.* once per item value)
    missing: list[str] = field(default_factory=list)

    @property
    def coverage(self) -> float:
        total = len(self.found) + len(self.missing)
        return 1.0 if total == 0 else len(self.found) / total


class _Aligner:
    def __init__(self, words: Sequence[str], boxes: Sequence[Box], pages: Sequence[int] | None,
                 min_ratio: float) -> None:
        self.words = list(words)
        self.boxes = list(boxes)
        self.pages = list(pages) if pages else [0] * len(words)
        self.compact = [compact(w) for w in words]
        self.numbers = [_number_in(w) for w in words]
        self.labels = ["O"] * len(words)
        self.min_ratio = min_ratio

    def free(self, i: int, j: int) -> bool:
        return all(label == "O" for label in self.labels[i:j])

    def mark(self, key: str, span: tuple[int, int]) -> None:
        i, j = span
        self.labels[i] = f"B-{key}"
        for k in range(i + 1, j):
            self.labels[k] = f"I-{key}"

    # ── candidate spans ──
    def numeric_spans(self, value: Any, candidates: Sequence[int]) -> list[tuple[int, int]]:
        try:
            target = Decimal(str(value))
        except ArithmeticError:
            return []
        return [(i, i + 1) for i in candidates if self.numbers[i] is not None and self.numbers[i] == target]

    def date_spans(self, iso: str, candidates: Sequence[int]) -> list[tuple[int, int]]:
        spans = []
        allowed = set(candidates)
        for i in candidates:
            for n in range(1, 5):
                j = i + n
                if j > len(self.words) or not all(k in allowed for k in range(i, j)):
                    break
                if normalize_value("date", " ".join(self.words[i:j])) == iso:
                    spans.append((i, j))
                    break
        return spans

    def text_spans(self, value: str, candidates: Sequence[int]) -> list[tuple[tuple[int, int], float]]:
        target = compact(value)
        if not target:
            return []
        allowed = set(candidates)
        exact_only = len(target) < 5  # a short value that is only similar is another value
        out = []
        for i in candidates:
            if not self.compact[i] or (exact_only and not target.startswith(self.compact[i][:1])):
                continue
            text = ""
            for j in range(i, len(self.words)):
                if j not in allowed:
                    break
                text += self.compact[j]
                if len(text) > len(target) * 1.3 + 3:
                    break
                if len(text) < len(target) * 0.7:
                    continue
                if text == target:
                    out.append(((i, j + 1), 1.0))
                elif not exact_only:
                    matcher = SequenceMatcher(None, text, target, autojunk=False)
                    # the cheap upper bounds first: most windows are nowhere near the value
                    if matcher.real_quick_ratio() >= self.min_ratio and matcher.quick_ratio() >= self.min_ratio:
                        ratio = matcher.ratio()
                        if ratio >= self.min_ratio:
                            out.append(((i, j + 1), ratio))
        return out

    def best_span(self, key: str, vtype: str, value: Any, raw: str | None,
                  candidates: Sequence[int]) -> tuple[int, int] | None:
        free = [i for i in candidates if self.labels[i] == "O"]
        if not free:
            return None
        spans: list[tuple[int, int]]
        if vtype in NUMERIC_TYPES:
            spans = self.numeric_spans(value, free)
            if not spans and raw:  # a number read differently is not the number: exact text only
                spans = [s for s, r in self.text_spans(raw, free) if r == 1.0]
            return self._prefer(key, spans)
        if vtype == "currency":
            symbols = {compact(value), *CURRENCY_SYMBOLS.get(str(value), ())}
            spans = [(i, i + 1) for i in free
                     if self.compact[i] in symbols or _EDGE_PUNCT.sub("", self.compact[i]) in symbols]
            return spans[0] if spans else None
        if vtype == "date":
            spans = self.text_spans(raw, free) if raw else []
            exact = [s for s, r in spans if r == 1.0]
            found = exact or self.date_spans(str(value), free) or [s for s, _ in spans]
            return found[0] if found else None
        scored = self.text_spans(raw or str(value), free)
        if not scored and raw and str(value) != raw:
            scored = self.text_spans(str(value), free)
        if not scored:
            return None
        best = max(r for _, r in scored)
        # among the best-scoring windows the shortest, then the earliest
        top = [s for s, r in scored if r == best]
        return min(top, key=lambda s: (s[1] - s[0], s[0]))

    def _prefer(self, key: str, spans: list[tuple[int, int]]) -> tuple[int, int] | None:
        spans = [s for s in spans if self.free(*s)]
        if not spans:
            return None
        keywords = KEYWORDS.get(key.removeprefix("li."), ())
        if keywords:
            def near(span: tuple[int, int]) -> bool:
                before = " ".join(self.compact[max(0, span[0] - 4):span[0]])
                return any(k in before for k in keywords)
            hinted = [s for s in spans if near(s)]
            if hinted:
                return hinted[-1] if key == "total_amount" else hinted[0]
        return spans[-1] if key == "total_amount" else spans[0]

    def row_of(self, span: tuple[int, int]) -> list[int]:
        """Indices of words on the same page and vertical band as ``span``."""
        y0 = min(self.boxes[k][1] for k in range(*span))
        y1 = max(self.boxes[k][3] for k in range(*span))
        page = self.pages[span[0]]
        pad = max(4, (y1 - y0) // 2)
        return [k for k, b in enumerate(self.boxes)
                if self.pages[k] == page and b[3] >= y0 - pad and b[1] <= y1 + pad]


def _vtype(key: str) -> str:
    spec = FIELDS.get(key)
    return spec.type if spec else "string"


def align(words: Sequence[str], boxes: Sequence[Box], fields: dict[str, Any], line_items: Sequence[dict[str, Any]],
          *, raw_fields: dict[str, str] | None = None, raw_items: Sequence[dict[str, str]] | None = None,
          pages: Sequence[int] | None = None, min_ratio: float = 0.8) -> Alignment:
    """Label ``words`` with the ground truth's fields and line items.

    ``raw_*`` give the values as printed where the source has them (SROIE's
    ``25/12/2018``); they are matched before the normalised values.
    """
    aligner = _Aligner(words, boxes, pages, min_ratio)
    result = Alignment(labels=aligner.labels)
    everywhere = list(range(len(words)))
    raw_fields = raw_fields or {}
    # longest values first: an address must not lose its words to a shorter name inside it
    order = sorted(fields, key=lambda k: -len(str(raw_fields.get(k, fields[k]))))
    for key in order:
        span = aligner.best_span(key, _vtype(key), fields[key], raw_fields.get(key), everywhere)
        if span:
            aligner.mark(key, span)
            result.found.append(key)
        else:
            result.missing.append(key)
    for n, item in enumerate(line_items):
        raw_item = raw_items[n] if raw_items and n < len(raw_items) else {}
        row: list[int] | None = None
        names = sorted(item, key=lambda k: k != "description")  # the description anchors the row
        for name in names:
            key = f"li.{name}"
            raw = raw_item.get(name)
            span = None
            if row is not None:
                span = aligner.best_span(key, _vtype(key), item[name], raw, row)
            if span is None and (row is None or name == "description"):
                span = aligner.best_span(key, _vtype(key), item[name], raw, everywhere)
            if span:
                aligner.mark(key, span)
                result.found.append(key)
                if row is None:
                    row = aligner.row_of(span)
            else:
                result.missing.append(key)
    return result
