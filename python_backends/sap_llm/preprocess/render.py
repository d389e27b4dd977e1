"""Page images for OCR: PDF pages rendered at the OCR resolution, image files loaded frame by frame."""

from __future__ import annotations

import io
from collections.abc import Iterator

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageOps, ImageSequence

# Below this resolution tesseract misses small print; such images are upscaled to it.
MIN_OCR_DPI = 300
#: paper sizes (short side, long side, inches) whose shape gives away an undeclared DPI: A4, US Letter
PAPER_INCHES = ((8.27, 11.69), (8.5, 11.0))
_PAPER_SHAPE_TOLERANCE = 0.015  # relative difference of long/short side ratios
MIN_SHORT_SIDE = 400


def render_pdf_page(page: pdfium.PdfPage, dpi: int) -> Image.Image:
    """Greyscale render of one PDF page (as displayed, /Rotate applied) at ``dpi`` (caller holds the lock)."""
    bitmap = page.render(scale=dpi / 72, grayscale=True, draw_annots=True)
    image = bitmap.to_pil().convert("L")
    bitmap.close()
    return image


def _image_dpi(image: Image.Image) -> float | None:
    dpi = image.info.get("dpi")
    if isinstance(dpi, tuple) and dpi and dpi[0]:
        try:
            value = float(dpi[0])
        except (TypeError, ValueError):
            return None
        return value if 50 <= value <= 2400 else None
    return None


def iter_image_pages(data: bytes) -> Iterator[tuple[Image.Image, float | None]]:
    """Each frame of an image file as greyscale, EXIF orientation applied, with its declared DPI."""
    with Image.open(io.BytesIO(data)) as image:
        for frame in ImageSequence.Iterator(image):
            dpi = _image_dpi(frame)
            page = ImageOps.exif_transpose(frame.copy())
            if page.mode in ("I;16", "I;16B", "I;16L", "I", "F"):  # 16-bit / float scans: stretch to 8 bits
                values = np.asarray(page, dtype=np.float64)
                low, high = float(values.min()), float(values.max())
                scaled = (values - low) * (255.0 / (high - low)) if high > low else np.full(values.shape, 255.0)
                page = Image.fromarray(scaled.astype(np.uint8), "L")
            if page.mode not in ("L", "1"):
                if page.mode in ("RGBA", "LA", "P", "PA"):
                    page = page.convert("RGBA")
                    background = Image.new("RGBA", page.size, (255, 255, 255, 255))
                    page = Image.alpha_composite(background, page)
                page = page.convert("L")
            elif page.mode == "1":
                page = page.convert("L")
            yield page, dpi


def paper_dpi(image: Image.Image) -> float | None:
    """The resolution an image without a declared DPI must have if it is a whole A4 or Letter page: its
    short side over the paper's, when its shape matches that paper within 1.5 %; else None (receipts,
    crops, photos keep no guess). A 1241 × 1754 PNG is an A4 page at 150 DPI, which tesseract reads far
    better brought up to ``MIN_OCR_DPI`` than as it is."""
    short, long = sorted(image.size)
    if short < 400:
        return None
    for paper_short, paper_long in PAPER_INCHES:
        if abs((long / short) / (paper_long / paper_short) - 1) <= _PAPER_SHAPE_TOLERANCE:
            return float(round(short / paper_short))
    return None


def upscale_for_ocr(image: Image.Image, dpi: float | None) -> tuple[Image.Image, float]:
    """Upscale low-resolution images; returns (image, factor).

    With a declared (or paper-size) DPI below ``MIN_OCR_DPI`` the image is brought up to it (at
    most 3×): on 16 generated scans of A4 pages at 150-300 DPI, the clean words read back rose from
    54 % (as they were) to 64 % (to 200 DPI) and 67 % (to 300 DPI). Without one, only very small images (short side under
    ``MIN_SHORT_SIDE`` pixels) are doubled: on SROIE receipts (440-900 pixels
    wide, no DPI) upscaling by 1.5× or 2× read no more key values than the
    original and cost 15-30 % more CPU.
    """
    if dpi is None:
        factor = 2.0 if min(image.size) < MIN_SHORT_SIDE else 1.0
    else:
        factor = min(MIN_OCR_DPI / dpi, 3.0) if dpi < MIN_OCR_DPI else 1.0
    if factor <= 1.05:
        return image, 1.0
    size = (round(image.width * factor), round(image.height * factor))
    return image.resize(size, Image.Resampling.LANCZOS), factor
