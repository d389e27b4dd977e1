"""Lines and reading order from words with boxes, and the final ``Layout`` record.

Both sources go through the same line builder, so a page reads the same
whether it came from a text layer or from OCR: segments (a text-layer word, or
a whole tesseract line) are clustered into lines by vertical overlap, lines
are ordered top to bottom and their words left to right. Columns are not
separated: a label and its value on the same visual line stay on one line,
which is what field extraction wants.
"""

from __future__ import annotations

from sap_llm.preprocess.words import PageResult, RawWord
from sap_llm.records import Layout, Line, Page, Word

OVERLAP_FOR_SAME_LINE = 0.5


def _segments(words: list[RawWord]) -> list[list[int]]:
    """Indices grouped by tesseract line where known, else one word per segment."""
    groups: dict[tuple[int, ...], list[int]] = {}
    segments: list[list[int]] = []
    for i, w in enumerate(words):
        if w.group is None:
            segments.append([i])
        else:
            groups.setdefault(w.group, []).append(i)
    segments.extend(groups.values())
    return segments


def group_lines(words: list[RawWord]) -> list[list[int]]:
    """Word indices per line, lines top to bottom, words left to right."""
    if not words:
        return []
    segs = []
    for seg in _segments(words):
        y0 = min(words[i].y0 for i in seg)
        y1 = max(words[i].y1 for i in seg)
        segs.append((y0, y1, seg))
    segs.sort(key=lambda s: ((s[0] + s[1]) / 2, min(words[i].x0 for i in s[2])))
    lines: list[tuple[float, float, list[int]]] = []
    for y0, y1, seg in segs:
        height = max(y1 - y0, 1e-6)
        placed = False
        # compare with the most recent lines only: lines are built top-down
        for k in range(len(lines) - 1, max(len(lines) - 4, -1), -1):
            ly0, ly1, members = lines[k]
            overlap = min(y1, ly1) - max(y0, ly0)
            if overlap >= OVERLAP_FOR_SAME_LINE * min(height, max(ly1 - ly0, 1e-6)):
                members.extend(seg)
                if height <= 1.5 * (ly1 - ly0):  # one tall word (a logo, a stamp) must not swallow neighbours
                    lines[k] = (min(ly0, y0), max(ly1, y1), members)
                placed = True
                break
        if not placed:
            lines.append((y0, y1, list(seg)))
    lines.sort(key=lambda ln: (ln[0] + ln[1]) / 2)
    return [sorted(members, key=lambda i: (words[i].x0, words[i].y0)) for _, _, members in lines]


def _norm(value: float, extent: float) -> int:
    return int(round(min(max(value / extent, 0.0), 1.0) * 1000)) if extent > 0 else 0


def build_layout(document_id: str, pages: list[PageResult], language: str, languages: list[str]) -> Layout:
    """Assemble the ``Layout``: normalised boxes, lines, words in reading order."""
    out_pages: list[Page] = []
    out_words: list[Word] = []
    out_lines: list[Line] = []
    for page in sorted(pages, key=lambda p: p.index):
        out_pages.append(
            Page(
                index=page.index,
                width=round(page.width, 2),
                height=round(page.height, 2),
                dpi=page.dpi,
                source=page.source,  # type: ignore[arg-type]
                rotation=page.rotation,
            )
        )
        for members in group_lines(page.words):
            line_index = len(out_lines)
            indices: list[int] = []
            for i in members:
                w = page.words[i]
                box = (
                    _norm(w.x0, page.width),
                    _norm(w.y0, page.height),
                    _norm(w.x1, page.width),
                    _norm(w.y1, page.height),
                )
                indices.append(len(out_words))
                out_words.append(
                    Word(
                        text=w.text,
                        box=box,
                        page=page.index,
                        confidence=round(w.confidence, 3),
                        source=w.source or page.source,  # type: ignore[arg-type]
                        line=line_index,
                    )
                )
            boxes = [out_words[i].box for i in indices]
            line_box = (
                min(b[0] for b in boxes),
                min(b[1] for b in boxes),
                max(b[2] for b in boxes),
                max(b[3] for b in boxes),
            )
            out_lines.append(Line(page=page.index, word_indices=indices, box=line_box))
    return Layout(
        document_id=document_id,
        pages=out_pages,
        words=out_words,
        lines=out_lines,
        language=language,
        languages=languages,
    )
