"""Is this page a till receipt? By its shape, or by the shape of its ink on a larger page.

Receipts arrive as long strips (photographed or cut) or scanned on an A4
flatbed: a narrow column of print on a white page. On the SROIE dev receipts
scanned that way, the ink covers at most 34 % of the page's width and is at
least 1.77 times as tall as wide; on generated A4 business documents it covers
79 % or more. Such a receipt is cut from the page and read as a strip.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

from sap_llm.preprocess.binarise import ink_mask

RECEIPT_ASPECT = 1.6  # height / width; A4 is 1.41, till receipts are long strips
MAX_INK_WIDTH = 0.4  # share of the page's width a receipt's print may cover on a larger page
INK_LINE_SHARE = 0.01  # a row / column is print when this share of its pixels is ink (specks are not)
MARGIN = 0.02  # share of the page's longer side kept around the print
SAMPLE_SIDE = 1000  # the ink is measured on a copy about this many pixels long


def is_strip(image: Image.Image) -> bool:
    return image.height >= RECEIPT_ASPECT * image.width


def receipt_region(image: Image.Image) -> tuple[int, int, int, int] | None:
    """Box (left, top, right, bottom) of a receipt lying on a larger page, None for any other page."""
    gray = np.asarray(image.convert("L"))
    step = max(1, max(gray.shape) // SAMPLE_SIDE)
    small = np.ascontiguousarray(gray[::step, ::step])
    ink = ink_mask(small) > 0
    rows_h, cols_w = ink.shape
    cols = np.flatnonzero(ink.sum(axis=0) > max(2, INK_LINE_SHARE * rows_h))
    rows = np.flatnonzero(ink.sum(axis=1) > max(2, INK_LINE_SHARE * cols_w))
    if cols.size == 0 or rows.size == 0:
        return None
    x0, x1, y0, y1 = int(cols[0]), int(cols[-1]) + 1, int(rows[0]), int(rows[-1]) + 1
    width, height = x1 - x0, y1 - y0
    if width > MAX_INK_WIDTH * cols_w or height < RECEIPT_ASPECT * width:
        return None
    margin = int(MARGIN * max(rows_h, cols_w))
    return (
        max(0, (x0 - margin) * step),
        max(0, (y0 - margin) * step),
        min(image.width, (x1 + margin) * step),
        min(image.height, (y1 + margin) * step),
    )
