"""Language-independent features of a page for the document classifier.

A document is a bag of hashed features (signed feature hashing into
``HASH_BUCKETS`` buckets, a fixed hash so the same text gives the same
features on every machine): lower-cased, accent-folded word unigrams and
bigrams, character 3–5-grams of each word (shared stems across the five
languages: "rechnung"/"invoice" differ, but "factura"/"fattura"/"facture"
share "fact"), words and word pairs of the top of the first page tagged with their zone
(titles sit there), words printed larger than the page's body text tagged as
title words (a subtype is usually told by its title: "Rebate credit note",
"Lista colli"), and coarse layout / shape features (how many dates,
amounts, IBAN-like tokens, table-like lines, pages), and short numbers as
tokens of their own (an SAP movement type "122" tells a return from a receipt
"101"). Training and serving
call the same function, so they cannot drift.
"""

from __future__ import annotations

import math
import re
import unicodedata
import zlib
from collections import Counter
from collections.abc import Sequence

HASH_BUCKETS = 1 << 16
TOP_ZONE = 250  # y (0..1000) above which first-page words count as the page's top
TITLE_HEIGHT = 1.4  # a word at least this many times the page's median word height is title-sized
#: Title and top-of-page features weigh more: a few title words decide a subtype among ~1,000 body features.
ZONE_WEIGHT = {"title": 3.0, "tt": 3.0, "tb": 2.0, "top": 2.0}
MAX_FEATURES = 4096  # distinct features kept per document (most frequent), the ONNX input width

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_DATE = re.compile(r"^\d{1,4}[./-]\d{1,2}[./-]\d{2,4}$")
_AMOUNT = re.compile(r"^-?[\d.,' ]*\d[.,]\d{2}-?$")
_IBAN = re.compile(r"^[A-Z]{2}\d{2}[A-Z0-9]{4,}$")


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _bucket(feature: str) -> int:
    # 1-based: index 0 is the padding row of the embedding.
    return 1 + zlib.crc32(feature.encode("utf-8")) % (HASH_BUCKETS - 1)


def _shape_counts(words: Sequence[str]) -> Counter[str]:
    shapes: Counter[str] = Counter()
    for word in words:
        if _DATE.match(word):
            shapes["shape:date"] += 1
        elif _AMOUNT.match(word):
            shapes["shape:amount"] += 1
        elif _IBAN.match(word.replace(" ", "")):
            shapes["shape:iban"] += 1
        elif word.isdigit():
            shapes["shape:int"] += 1
    return shapes


def title_sized(boxes: Sequence[Sequence[int]], pages: Sequence[int] | None, n: int) -> list[bool]:
    """Which words of the first page are printed clearly larger than its median word."""
    heights = [boxes[i][3] - boxes[i][1] for i in range(min(n, len(boxes))) if not pages or pages[i] == 0]
    if len(heights) < 5:
        return [False] * n
    median = sorted(heights)[len(heights) // 2]
    if median <= 0:
        return [False] * n
    return [i < len(boxes) and (not pages or pages[i] == 0) and boxes[i][3] - boxes[i][1] >= TITLE_HEIGHT * median
            for i in range(n)]


def feature_counts(
    words: Sequence[str],
    boxes: Sequence[Sequence[int]],
    pages: Sequence[int] | None = None,
) -> Counter[str]:
    """Named feature counts of one document (before hashing); exposed for tests and inspection."""
    counts: Counter[str] = Counter()
    tokens: list[str] = []
    top: list[str] = []
    title: list[str] = []
    is_title = title_sized(boxes, pages, len(words))
    for i, raw in enumerate(words):
        page = pages[i] if pages else 0
        for token in _WORD.findall(fold(raw)):
            if len(token) < 2:
                continue
            tokens.append(token)
            counts["w:" + token] += 1
            padded = f"<{token}>"
            for n in (3, 4, 5):
                for j in range(max(1, len(padded) - n + 1)):
                    counts[f"c{n}:" + padded[j:j + n]] += 1
            if page == 0 and i < len(boxes) and boxes[i][1] < TOP_ZONE:
                counts["top:" + token] += 1
                top.append(token)
            if is_title[i]:
                counts["title:" + token] += 1
                title.append(token)
    for prefix, sequence in (("b", tokens), ("tb", top), ("tt", title)):
        for a, b in zip(sequence, sequence[1:], strict=False):
            counts[f"{prefix}:{a}_{b}"] += 1
    for word in words:  # short codes: SAP movement types (101, 122, 201...), dunning levels, package counts
        if word.isdigit() and len(word) <= 3:
            counts["n:" + word] += 1
    for shape, n in _shape_counts(words).items():
        counts[shape] += n
    n_pages = (max(pages) + 1) if pages else 1
    counts[f"pages:{min(n_pages, 5)}"] += 1
    counts[f"len:{min(int(math.log2(len(words) + 1)), 12)}"] += 1
    return counts


def hashed_features(
    words: Sequence[str],
    boxes: Sequence[Sequence[int]],
    pages: Sequence[int] | None = None,
    *,
    max_features: int = MAX_FEATURES,
) -> tuple[list[int], list[float]]:
    """(bucket indices, weights) of a document: log-scaled counts, L2-normalised, padded with (0, 0.0)."""
    counts = feature_counts(words, boxes, pages)
    merged: Counter[int] = Counter()
    for name, count in counts.items():
        merged[_bucket(name)] += (1.0 + math.log(count)) * ZONE_WEIGHT.get(name.split(":", 1)[0], 1.0)
    top = merged.most_common(max_features)
    norm = math.sqrt(sum(w * w for _, w in top)) or 1.0
    indices = [i for i, _ in top] + [0] * (max_features - len(top))
    weights = [w / norm for _, w in top] + [0.0] * (max_features - len(top))
    return indices, weights
