"""Fuse two readings of one page: tesseract's words and boxes, a line recogniser's characters.

For every recognised line, the tesseract words whose centres fall inside the
line's box are aligned character by character with the line's text (spaces
ignored, case ignored). The line's characters are then cut where tesseract's
words start (and where the line itself has a space), and each piece takes the
box of the tesseract word it came from. So the words keep tesseract's
segmentation and geometry but carry the line recogniser's reading. Tesseract
words outside every line are kept as they are, unless they hold no letter or
digit (rules, borders and speckles read as ``|``, ``—``, ``.``); a line with no
tesseract word in it is split on its own spaces, boxes shared out by character
count.

The line recogniser's alphabet lacks letters such as ö, ß, ç and €: a line in
which tesseract read a non-ASCII letter or currency sign keeps tesseract's
words, so accented text in any language is never flattened (non-ASCII
punctuation, which tesseract makes of specks and rules, does not count).
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Sequence
from itertools import accumulate

from sap_llm.preprocess.line_reader import TextLine
from sap_llm.preprocess.words import RawWord

BOX_MARGIN = 3.0  # pixels a word's centre may lie outside the detected line box
LINE_GROUP = 0  # tesseract numbers its blocks from 1: group (0, k) is line k of the line reader


def _inside(word: RawWord, line: TextLine) -> bool:
    cx, cy = (word.x0 + word.x1) / 2, (word.y0 + word.y1) / 2
    return (
        line.x0 - BOX_MARGIN <= cx <= line.x1 + BOX_MARGIN
        and line.y0 - BOX_MARGIN <= cy <= line.y1 + BOX_MARGIN
    )


def _foreign(text: str) -> bool:
    """Whether ``text`` holds a letter or currency sign outside ASCII."""
    return any(not ch.isascii() and (ch.isalpha() or unicodedata.category(ch) == "Sc") for ch in text)


def _position_map(source: str, target: str) -> list[int]:
    """For every index of ``source``, the index of ``target`` it aligns with (monotonic)."""
    matcher = difflib.SequenceMatcher(None, source.upper(), target.upper(), autojunk=False)
    mapping = [0] * len(source)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        for k in range(i1, i2):
            if tag == "equal":
                mapping[k] = j1 + (k - i1)
            elif tag == "replace":
                mapping[k] = j1 + (k - i1) * (j2 - j1) // (i2 - i1)
            else:  # "delete": source characters the target does not have
                mapping[k] = j1
    return mapping


def _split_box(box: RawWord, text: str, spaces: Sequence[int], confidence: float, group: tuple[int, ...]) -> list[RawWord]:
    """``text`` cut at ``spaces`` (offsets), each part a slice of ``box`` proportional to its characters."""
    cuts = [0, *sorted(c for c in set(spaces) if 0 < c < len(text)), len(text)]
    width = box.x1 - box.x0
    out = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        part = text[start:end]
        if not part:
            continue
        x0 = box.x0 + width * start / len(text)
        x1 = box.x0 + width * end / len(text)
        out.append(RawWord(part, x0, box.y0, x1, box.y1, confidence, group))
    return out


def _line_words(line: TextLine, members: list[RawWord], group: tuple[int, ...]) -> list[RawWord]:
    reading = line.text.replace(" ", "")
    line_spaces: set[int] = set()  # offsets in ``reading`` where the line recogniser put a space
    offset = 0
    for token in line.text.split(" "):
        offset += len(token)
        line_spaces.add(offset)
    if not members:
        return _split_box(RawWord(reading, line.x0, line.y0, line.x1, line.y1), reading, sorted(line_spaces), line.confidence, group)
    joined = "".join(w.text for w in members)
    mapping = _position_map(joined, reading) if joined else []
    starts = [0]
    offset = 0
    for word in members[:-1]:
        offset += len(word.text)
        starts.append(mapping[offset] if offset < len(mapping) else len(reading))
    starts = list(accumulate(starts, max))  # monotonic
    ends = [*starts[1:], len(reading)]
    out: list[RawWord] = []
    for word, start, end in zip(members, starts, ends, strict=True):
        piece = reading[start:end]
        if not piece:
            continue  # tesseract saw a word here that the line recogniser did not read
        spaces = [s - start for s in line_spaces if start < s < end]
        out.extend(_split_box(word, piece, spaces, line.confidence, word.group or group))
    return out


def fuse(words: list[RawWord], lines: list[TextLine]) -> list[RawWord]:
    """Tesseract ``words`` with their characters replaced by the recognised ``lines`` they lie in."""
    used: set[int] = set()
    fused: list[RawWord] = []
    for k, line in enumerate(lines):
        inside = [i for i, w in enumerate(words) if i not in used and _inside(w, line)]
        used.update(inside)
        members = sorted((words[i] for i in inside), key=lambda w: (w.x0, w.y0))
        if not any(_foreign(w.text) for w in members):
            fused.extend(_line_words(line, members, (LINE_GROUP, k)))
        else:
            fused.extend(members)
    fused.extend(w for i, w in enumerate(words) if i not in used and any(ch.isalnum() for ch in w.text))
    return fused
