"""Render a spec to PDF and turn what was drawn into the unified record's words, boxes, labels, ground truth."""

from __future__ import annotations

import functools
import io
import random
from dataclasses import dataclass
from typing import Any

from reportlab.pdfgen.canvas import Canvas

from sap_llm.contract import fields_for
from sap_llm.corpus.synth.ink import DrawnWord, Ink
from sap_llm.corpus.synth.layout import Renderer
from sap_llm.corpus.synth.spec import DocSpec, Field, PartyBlock
from sap_llm.corpus.synth.style import Style


@dataclass
class Rendered:
    pdf: bytes
    page_sizes: list[tuple[float, float]]
    words: list[str]
    boxes: list[tuple[int, int, int, int]]
    pages: list[int]
    labels: list[str]
    lines: list[list[int]]  # word indices per visual line, in reading order
    fields: dict[str, Any]
    line_items: list[dict[str, Any]]
    printed: dict[str, str]  # tag -> raw text of its first span, as printed


def render(spec: DocSpec, style: Style, rng: random.Random) -> Rendered:
    """Draw the document; the ground truth is what was actually printed and tagged."""
    from sap_llm.corpus.synth import kinds

    buffer = io.BytesIO()
    page = kinds.page_size(spec, style)
    canvas = Canvas(buffer, pagesize=page, invariant=1, pageCompression=1)
    canvas.setTitle(spec.title)
    canvas.setAuthor(spec.issuer.party.name if spec.issuer else "")
    ink = Ink(canvas, *page)
    if spec.kind == "business":
        renderer = Renderer(ink, spec, style, rng)
        renderer.render()
        gt_rows = renderer.gt_rows
    else:
        gt_rows = kinds.render_kind(ink, spec, style, rng)
    canvas.save()
    allowed = allowed_tags(spec.doc_type)
    for w in ink.words:  # a tag the contract does not know for this type is printed text, nothing more
        if w.tag is not None and w.tag not in allowed:
            w.tag, w.span = None, -1
    gt_rows = [{k: v for k, v in row.items() if f"li.{k}" in allowed} for row in gt_rows]
    page_count = ink.page + 1
    sizes = [page] * page_count
    order, lines = reading_order(ink.words)
    words, boxes, pages, labels = [], [], [], []
    seen_spans: set[int] = set()
    for i in order:
        w = ink.words[i]
        words.append(w.text)
        boxes.append(normalise_box(w, page))
        pages.append(w.page)
        if w.tag is None:
            labels.append("O")
        else:
            labels.append(("I-" if w.span in seen_spans else "B-") + w.tag)
            seen_spans.add(w.span)
    line_of = {order[pos]: n for n, line in enumerate(lines) for pos in line}
    printed = printed_spans(ink.words, order, line_of)
    printed_tags = {w.tag for w in ink.words if w.tag}
    if spec.kind == "business":
        fields = ground_truth_fields(spec, printed_tags)
    else:
        fields = kinds.kind_fields(spec, printed_tags, printed)
    return Rendered(buffer.getvalue(), sizes, words, boxes, pages, labels, lines, fields, gt_rows, printed)


@functools.cache
def allowed_tags(doc_type: str) -> frozenset[str]:
    """Header field names and ``li.<column>`` tags the contract defines for ``doc_type``."""
    header = {f.name for f in fields_for(doc_type, "header")}
    items = {f"li.{f.name}" for f in fields_for(doc_type, "line_item")}
    return frozenset(header | items)


def normalise_box(w: DrawnWord, page: tuple[float, float]) -> tuple[int, int, int, int]:
    width, height = page

    def clamp(v: float) -> int:
        return max(0, min(1000, round(v)))

    x0, x1 = clamp(w.x0 / width * 1000), clamp(w.x1 / width * 1000)
    y0, y1 = clamp(w.top / height * 1000), clamp(w.bottom / height * 1000)
    return x0, y0, max(x0, x1), max(y0, y1)


def reading_order(words: list[DrawnWord]) -> tuple[list[int], list[list[int]]]:
    """Top-to-bottom lines (words whose vertical centres are close), left to right within a line."""
    order: list[int] = []
    lines: list[list[int]] = []
    by_page: dict[int, list[int]] = {}
    for i, w in enumerate(words):
        by_page.setdefault(w.page, []).append(i)
    for page in sorted(by_page):
        idx = sorted(by_page[page], key=lambda i: ((words[i].top + words[i].bottom) / 2, words[i].x0))
        current: list[int] = []
        centre = None
        for i in idx:
            w = words[i]
            c = (w.top + w.bottom) / 2
            tolerance = (w.bottom - w.top) * 0.45
            if centre is not None and abs(c - centre) > tolerance:
                lines.append(sorted(current, key=lambda k: words[k].x0))
                current = []
            if not current:
                centre = c
            current.append(i)
        if current:
            lines.append(sorted(current, key=lambda k: words[k].x0))
    position = 0
    for line in lines:
        order.extend(line)
        line[:] = list(range(position, position + len(line)))
        position += len(line)
    return order, lines


def printed_spans(words: list[DrawnWord], order: list[int], line_of: dict[int, int]) -> dict[str, str]:
    """tag -> the raw text of its first labelled span in reading order (header fields only).

    Words on one visual line are joined by a space, lines by a newline (as an
    extractor reading the page would see a multi-line address).
    """
    first_span: dict[str, int] = {}
    parts: dict[int, list[tuple[int, str]]] = {}
    for i in order:
        w = words[i]
        if w.tag is None or w.tag.startswith("li."):
            continue
        first_span.setdefault(w.tag, w.span)
        parts.setdefault(w.span, []).append((line_of[i], w.text))
    out: dict[str, str] = {}
    for tag, span in first_span.items():
        text, previous = "", None
        for line, word in parts[span]:
            text += word if previous is None else ((" " if line == previous else "\n") + word)
            previous = line
        out[tag] = text
    return out


def _party_fields(block: PartyBlock | None) -> dict[str, Any]:
    if block is None:
        return {}
    party = block.party
    out: dict[str, Any] = {}
    for tag, val in ((block.name_tag, party.name), (block.address_tag, party.address), (block.vat_tag, party.vat_id),
                     (block.iban_tag, party.iban), (block.bic_tag, party.bic), (block.bank_tag, party.bank_name)):
        if tag and val:
            out[tag] = val
    return out


def ground_truth_fields(spec: DocSpec, printed_tags: set[str]) -> dict[str, Any]:
    candidates: dict[str, Any] = {}
    aliases: dict[str, Any] = {}
    for block in [spec.issuer, spec.addressee, *(b for _, b in spec.extra_parties)]:
        for tag, val in _party_fields(block).items():
            candidates.setdefault(tag, val)
    for f in [*spec.header, *spec.totals, *(n for n in spec.notes if isinstance(n, Field))]:
        for tag, val in f.gt.items():
            candidates.setdefault(tag, val)
        main = next((t for _, t in f.segments if t), None)
        if main in printed_tags:
            for alias, val in f.alias.items():
                if not alias.startswith("_"):
                    aliases.setdefault(alias, val)
    fields = {tag: val for tag, val in candidates.items() if tag in printed_tags}
    for alias, val in aliases.items():
        fields.setdefault(alias, val)
    fields.update(spec.gt_fixed)
    return fields
