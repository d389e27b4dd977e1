"""Born-digital pages: words with boxes straight from the PDF text layer, and a verdict on that layer.

Characters and their boxes come from pdfium's text page (``FPDFText_GetUnicode``
and ``FPDFText_GetCharBox`` called directly: the object wrappers cost more than
the work). Characters are joined into words at whitespace, at line breaks and at
horizontal gaps wider than 0.6 em (columns set without space characters).

A text layer is not trusted when it is

* empty or nearly so (fewer than ``min_chars`` visible characters),
* garbage: mostly unmapped glyphs (U+FFFD, private-use, control characters,
  what pdfminer prints as ``(cid:NN)``), or
* incomplete: the page is mostly covered by an image, and most of the ink
  rendered on the page lies outside every text-layer character box (a scan
  with a few stamped or overlaid words).

Such pages are OCRed instead.
"""

from __future__ import annotations

import ctypes
import unicodedata
from dataclasses import dataclass

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from sap_llm.preprocess.words import RawWord

_SPACES = {" ", "\t", "\r", "\n", "\xa0", "\u2002", "\u2003", "\u2009", "\u200b", "\ufeff"}
GARBAGE_SHARE = 0.3
IMAGE_COVERAGE_FOR_SCAN = 0.5
UNCOVERED_INK_SHARE = 0.5
INK_CHECK_DPI = 36


@dataclass(frozen=True)
class PageGeometry:
    """Maps pdfium's user space (origin bottom-left) to the displayed page (origin top-left, rotation applied)."""

    left: float
    bottom: float
    right: float
    top: float
    rotation: int  # 0, 90, 180, 270 (clockwise, as displayed)

    @property
    def width(self) -> float:
        w, h = self.right - self.left, self.top - self.bottom
        return h if self.rotation in (90, 270) else w

    @property
    def height(self) -> float:
        w, h = self.right - self.left, self.top - self.bottom
        return w if self.rotation in (90, 270) else h

    def box(self, left: float, bottom: float, right: float, top: float) -> tuple[float, float, float, float]:
        u0, u1 = left - self.left, right - self.left
        v0, v1 = self.top - top, self.top - bottom  # from the top, unrotated
        w, h = self.right - self.left, self.top - self.bottom
        if self.rotation == 90:
            return h - v1, u0, h - v0, u1
        if self.rotation == 180:
            return w - u1, h - v1, w - u0, h - v0
        if self.rotation == 270:
            return v0, w - u1, v1, w - u0
        return u0, v0, u1, v1


def page_geometry(page: pdfium.PdfPage) -> PageGeometry:
    left, bottom, right, top = page.get_bbox()
    return PageGeometry(left, bottom, right, top, page.get_rotation() % 360)


@dataclass(frozen=True)
class TextLayer:
    words: list[RawWord]
    visible_chars: int
    garbage_chars: int


def _is_garbage(ch: str) -> bool:
    if ch == "\ufffd":
        return True
    category = unicodedata.category(ch)
    return category in ("Co", "Cc", "Cs", "Cn")


def _char(raw, index: int) -> str:  # type: ignore[no-untyped-def]
    code = pdfium_c.FPDFText_GetUnicode(raw, index)
    return chr(code) if 0 < code < 0x110000 else ("\x00" if code == 0 else "\ufffd")


def _all_text(raw, count: int) -> str | None:  # type: ignore[no-untyped-def]
    """All characters in one call (UTF-16); None when that does not map 1:1 onto char indices."""
    if count <= 0:
        return ""
    buffer = ctypes.create_string_buffer((count + 1) * 2)
    written = pdfium_c.FPDFText_GetText(raw, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
    text = buffer.raw[: max(written - 1, 0) * 2].decode("utf-16-le", errors="replace")
    return text if len(text) == count else None


def read_text_layer(page: pdfium.PdfPage, geometry: PageGeometry) -> TextLayer:
    """Words of the page's text layer, boxes in points on the displayed page (caller holds the pdfium lock)."""
    textpage = page.get_textpage()
    try:
        raw = textpage.raw
        count = pdfium_c.FPDFText_CountChars(raw)
        left, right, bottom, top = ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
        words: list[RawWord] = []
        chars: list[str] = []
        box: list[float] | None = None
        prev_right = prev_height = 0.0
        prev_mid = 0.0
        visible = garbage = 0

        def flush() -> None:
            nonlocal chars, box
            if chars and box is not None:
                text = "".join(chars).strip()
                if text:
                    words.append(RawWord(text, *geometry.box(box[0], box[1], box[2], box[3])))
            chars, box = [], None

        text = _all_text(raw, count)
        for index in range(count):
            ch = text[index] if text is not None else _char(raw, index)
            if ch in _SPACES or ch == "\x00":
                flush()
                continue
            if not pdfium_c.FPDFText_GetCharBox(raw, index, left, right, bottom, top):
                continue
            l_, r_, b_, t_ = left.value, right.value, bottom.value, top.value
            visible += 1
            if _is_garbage(ch):
                garbage += 1
            height = max(t_ - b_, 1.0)
            mid = (t_ + b_) / 2
            if box is not None:
                # pdfium inserts spaces where it sees word gaps; this only splits columns set without
                # spaces. Glyph boxes are cheap and never taller than the font, so the font size
                # (another call into pdfium) is only asked for when the glyph boxes suggest a gap.
                ref = max(prev_height, height)
                gap = l_ - prev_right
                if gap > ref * 0.6:
                    ref = max(ref, pdfium_c.FPDFText_GetFontSize(raw, index))
                if gap > ref * 0.6 or gap < -ref * 2 or abs(mid - prev_mid) > ref * 0.6:
                    flush()
            if box is None:
                box = [l_, b_, r_, t_]
            else:
                if l_ < box[0]:
                    box[0] = l_
                if b_ < box[1]:
                    box[1] = b_
                if r_ > box[2]:
                    box[2] = r_
                if t_ > box[3]:
                    box[3] = t_
            chars.append(ch)
            prev_right, prev_height, prev_mid = r_, height, mid
        flush()
        return TextLayer(words, visible, garbage)
    finally:
        textpage.close()


def image_coverage(page: pdfium.PdfPage, geometry: PageGeometry) -> float:
    """Share of the page area covered by image objects (the largest one; scans are one big image)."""
    page_area = max((geometry.right - geometry.left) * (geometry.top - geometry.bottom), 1.0)
    best = 0.0
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        try:
            l_, b_, r_, t_ = obj.get_bounds()
        except pdfium.PdfiumError:
            continue
        l_, r_ = max(l_, geometry.left), min(r_, geometry.right)
        b_, t_ = max(b_, geometry.bottom), min(t_, geometry.top)
        if r_ > l_ and t_ > b_:
            best = max(best, (r_ - l_) * (t_ - b_) / page_area)
    return best


def uncovered_ink_share(page: pdfium.PdfPage, geometry: PageGeometry, words: list[RawWord]) -> float:
    """Share of the dark pixels of a coarse render that no text-layer word box covers."""
    scale = INK_CHECK_DPI / 72
    bitmap = page.render(scale=scale, grayscale=True)
    try:
        pixels = np.array(bitmap.to_numpy()).reshape(bitmap.height, bitmap.width, -1)[..., 0]
        bitmap_width, bitmap_height = bitmap.width, bitmap.height
    finally:
        bitmap.close()  # here, under the caller's pdfium lock, not later in a finaliser on another thread
    ink = pixels < 140
    total = int(ink.sum())
    if total == 0:
        return 0.0
    covered = np.zeros_like(ink)
    sx, sy = bitmap_width / geometry.width, bitmap_height / geometry.height
    for w in words:
        pad = max(w.height * 0.3, 1.0)
        x0, x1 = int((w.x0 - pad) * sx), int((w.x1 + pad) * sx) + 1
        y0, y1 = int((w.y0 - pad) * sy), int((w.y1 + pad) * sy) + 1
        covered[max(y0, 0) : max(y1, 0), max(x0, 0) : max(x1, 0)] = True
    return float((ink & ~covered).sum()) / total


def judge_text_layer(
    page: pdfium.PdfPage, geometry: PageGeometry, layer: TextLayer, min_chars: int
) -> tuple[bool, str]:
    """(usable, reason): whether to trust the text layer or OCR the page instead."""
    if layer.visible_chars < min_chars:
        coverage = image_coverage(page, geometry)
        if layer.visible_chars == 0:
            return False, "no text layer"
        if coverage < 0.05 and uncovered_ink_share(page, geometry, layer.words) < UNCOVERED_INK_SHARE:
            return True, f"short text layer ({layer.visible_chars} characters) and nothing else on the page"
        return False, f"text layer has only {layer.visible_chars} characters"
    if layer.garbage_chars > GARBAGE_SHARE * layer.visible_chars:
        return False, f"text layer is garbage ({layer.garbage_chars} of {layer.visible_chars} characters unmapped)"
    coverage = image_coverage(page, geometry)
    if coverage >= IMAGE_COVERAGE_FOR_SCAN:
        share = uncovered_ink_share(page, geometry, layer.words)
        if share > UNCOVERED_INK_SHARE:
            return False, (
                f"text layer is incomplete: an image covers {coverage:.0%} of the page and "
                f"{share:.0%} of its ink lies outside the text"
            )
    return True, "text layer"
