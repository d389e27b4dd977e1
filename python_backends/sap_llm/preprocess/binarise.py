"""Binarisation before OCR: a light Gaussian blur, then Otsu's global threshold.

Measured on generated noisy 300 DPI scans (benchmarks/preprocess_scans.py):
tesseract on the grey page took 2.7 s CPU per page at 0.65 % CER; on the
binarised page 1.7 s at 0.11 %. Sensor noise otherwise becomes thousands of
specks that tesseract's layout analysis has to look at. Pages with uneven
lighting (photos of receipts) can lose faint text to one global threshold;
``METHOD = "adaptive"`` switches to a local (Gaussian-weighted) threshold.
"""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image

METHOD = "otsu"  # "otsu" | "adaptive" | "none"
#: a page Otsu makes more than this share ink was split between two paper greys (paper and a lighter frame),
#: not between paper and ink: it is thresholded locally instead
MAX_INK_SHARE = 0.5


def ink_mask(gray: np.ndarray) -> np.ndarray:
    """255 where a grey image has ink (darker than Otsu's global threshold), 0 elsewhere."""
    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return ink


def binarise(image: Image.Image, method: str | None = None) -> Image.Image:
    method = method or METHOD
    if method == "none":
        return image
    gray = np.asarray(image.convert("L"))
    smooth = cv2.GaussianBlur(gray, (3, 3), 0)
    if method == "adaptive":
        block = max(int(min(gray.shape) / 40) | 1, 15)
        ink = cv2.adaptiveThreshold(smooth, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C, cv2.THRESH_BINARY, block, 15)
    else:
        _, ink = cv2.threshold(smooth, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
        if np.count_nonzero(ink == 0) > MAX_INK_SHARE * ink.size:
            return binarise(image, "adaptive")
    return Image.fromarray(ink)
