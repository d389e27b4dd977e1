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

The line recogniser's alphabet lacks letters such as ö, ß, ç and €: where
tesseract read such a letter and the recogniser read its plain base letter
(``Koln`` for ``Köln``), another letter (``StraBe``) or nothing, tesseract's
letter is put back into the line's text, and a € or £ tesseract read replaces
whatever non-digit the recogniser made of it; so accented text in any language
is never flattened. Other non-ASCII signs tesseract reads (``¥`` for a ``Y``,
``¢`` for a ``c``, specks read as quotes) do not override the recogniser.

A decimal point is thin, and tesseract often splits an amount at it (``92``
``80``, ``73.`` ``00``): where the recogniser read the amount whole (``92.80``)
and the cut would fall at its decimal separator, the two words become one.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Sequence
from dataclasses import replace
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


KEPT_SIGNS = "€£"  # currency signs of the five languages' countries that the recogniser cannot read


def _kept(ch: str, read: str | None) -> bool:
    """Whether tesseract's character ``ch`` wins over the recogniser's ``read`` (None: it read nothing there)."""
    if ch.isascii():
        return False
    if ch in KEPT_SIGNS:
        return read is None or not read.isdigit()
    if not ch.isalpha():
        return False
    base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    if base != ch and base.isascii():  # an accented letter: kept where the recogniser read its base or nothing
        return read is None or read.upper() == base.upper()
    return read is None or read.isalpha()  # ß, ø, æ...: letters the recogniser has no look-alike for


def keep_foreign(text: str, tesseract: str) -> str:
    """The recogniser's ``text`` of a line with tesseract's non-ASCII letters and € / £ put back (see module);
    ``tesseract`` is the line's tesseract words joined without spaces. The recogniser's spaces stay."""
    reading = text.replace(" ", "")
    became = list(reading)  # what each character of ``reading`` becomes
    before = [""] * (len(reading) + 1)  # tesseract's characters put back before reading[j]
    matcher = difflib.SequenceMatcher(None, _caseless(tesseract), _caseless(reading), autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        theirs = tesseract[i1:i2]
        if tag == "delete" or (tag == "replace" and not any(c.isalnum() for c in reading[j1:j2])):
            before[j1] += "".join(ch for ch in theirs if _kept(ch, None))
        elif tag == "replace" and i2 - i1 == j2 - j1:
            for k, ch in enumerate(theirs):
                if _kept(ch, reading[j1 + k]):
                    became[j1 + k] = ch
    out: list[str] = []
    j = 0
    for ch in text:
        if ch == " ":
            out.append(ch)
            continue
        out.append(before[j] + became[j])
        j += 1
    out.append(before[j])
    return "".join(out)


def _caseless(text: str) -> str:
    """Upper case, one character for one (``ß``.upper() is ``SS``, which would shift every later index)."""
    return "".join(up if len(up := ch.upper()) == 1 else ch for ch in text)


def _position_map(source: str, target: str) -> list[int]:
    """For every index of ``source``, the index of ``target`` it aligns with (monotonic)."""
    matcher = difflib.SequenceMatcher(None, _caseless(source), _caseless(target), autojunk=False)
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


def _at_decimal_separator(reading: str, cut: int) -> bool:
    """Whether cutting ``reading`` at ``cut`` would split a number at its decimal separator (``92.|80``,
    ``92|.80``)."""
    left, right = reading[:cut], reading[cut:]
    return (len(left) >= 2 and left[-1] in ".," and left[-2].isdigit() and right[:1].isdigit()) or (
        left[-1:].isdigit() and right[:1] in ".," and right[1:2].isdigit()
    )


def _union(a: RawWord, b: RawWord) -> RawWord:
    return replace(a, text=a.text + b.text, x0=min(a.x0, b.x0), y0=min(a.y0, b.y0), x1=max(a.x1, b.x1),
                   y1=max(a.y1, b.y1))


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
    pieces: list[tuple[RawWord, int]] = []  # (tesseract box, where its characters start in ``reading``)
    for word, start in zip(members, starts, strict=True):
        if pieces and start not in line_spaces and _at_decimal_separator(reading, start):
            pieces[-1] = (_union(pieces[-1][0], word), pieces[-1][1])
        else:
            pieces.append((word, start))
    ends = [start for _, start in pieces[1:]] + [len(reading)]
    out: list[RawWord] = []
    for (word, start), end in zip(pieces, ends, strict=True):
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
        tesseract = "".join(w.text for w in members)
        if not tesseract.isascii():
            line = replace(line, text=keep_foreign(line.text, tesseract))
        fused.extend(_line_words(line, members, (LINE_GROUP, k)))
    fused.extend(w for i, w in enumerate(words) if i not in used and any(ch.isalnum() for ch in w.text))
    return fused
