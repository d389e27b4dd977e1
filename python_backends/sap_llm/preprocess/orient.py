"""Orientation (tesseract OSD) and skew (projection profiles) of scanned pages.

Skew: the page is binarised (Otsu), shrunk to 75 DPI and rotated through
candidate angles; the angle whose horizontal projection profile is sharpest
(largest variance of row sums: text lines become clean peaks and gaps) wins.
Coarse steps of 0.5° over ±10°, then 0.1° around the best, on the ink
pixels' coordinates (no image is rotated). A few milliseconds.

Orientation: ``pytesseract.image_to_osd`` is costly (about a second), so it
runs only when the first OCR pass reads badly; its failures (too little text,
odd scripts) mean "leave the page as it is".
"""

from __future__ import annotations

import logging
import re

import cv2
import numpy as np
import pytesseract
from PIL import Image

from sap_llm.preprocess.binarise import ink_mask

log = logging.getLogger(__name__)

MAX_SKEW_DEGREES = 10.0
MIN_SKEW_TO_FIX = 0.3


def _profile_score(xs: np.ndarray, ys: np.ndarray, angle: float, bins: int) -> float:
    """Sharpness of the horizontal projection of the ink points after rotating them by ``angle``."""
    theta = np.deg2rad(angle)
    # the row a point lands on when the image is turned clockwise by ``angle`` (y axis pointing down)
    rows = xs * np.sin(theta) + ys * np.cos(theta)
    histogram = np.bincount((rows - rows.min()).astype(np.int64), minlength=bins)
    return float(np.var(histogram))


def estimate_skew(image: Image.Image, dpi: float) -> float:
    """Skew angle in degrees; rotating the image counter-clockwise by it straightens the text."""
    gray = np.asarray(image.convert("L"))
    scale = min(75.0 / max(dpi, 1.0), 1.0)
    if scale < 1.0:
        gray = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    ink = ink_mask(gray)
    share = float((ink > 0).mean())
    if share < 0.002 or share > 0.5:  # blank or solid: nothing to measure
        return 0.0
    ys, xs = np.nonzero(ink)
    if len(xs) > 200_000:
        step = len(xs) // 200_000 + 1
        xs, ys = xs[::step], ys[::step]
    xs = xs.astype(np.float64) - gray.shape[1] / 2
    ys = ys.astype(np.float64) - gray.shape[0] / 2
    bins = int(np.hypot(*gray.shape)) + 2
    coarse = np.arange(-MAX_SKEW_DEGREES, MAX_SKEW_DEGREES + 1e-6, 0.5)
    best = float(coarse[int(np.argmax([_profile_score(xs, ys, a, bins) for a in coarse]))])
    fine = np.arange(best - 0.5, best + 0.5 + 1e-6, 0.1)
    # turning clockwise by the best angle straightens the text: counter-clockwise by its negative
    return -round(float(fine[int(np.argmax([_profile_score(xs, ys, a, bins) for a in fine]))]), 2) + 0.0


def rotate_image(image: Image.Image, degrees: float) -> Image.Image:
    """Rotate counter-clockwise by ``degrees``, keeping the whole page; the corners it opens take the page's
    own paper grey (its median), not white: a white frame around a grey scan made Otsu's threshold split
    paper from frame and turn the whole page into ink (a generated scan read as zero words)."""
    if abs(degrees) < 1e-6:
        return image
    if abs(degrees % 90) < 1e-6:
        transpose = {90: Image.Transpose.ROTATE_90, 180: Image.Transpose.ROTATE_180, 270: Image.Transpose.ROTATE_270}
        return image.transpose(transpose[int(degrees) % 360])
    gray = np.asarray(image.convert("L"))
    h, w = gray.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    cos, sin = abs(matrix[0, 0]), abs(matrix[0, 1])
    new_w, new_h = int(h * sin + w * cos + 0.5), int(h * cos + w * sin + 0.5)
    matrix[0, 2] += new_w / 2 - w / 2
    matrix[1, 2] += new_h / 2 - h / 2
    paper = int(np.median(gray[::8, ::8]))
    turned = cv2.warpAffine(gray, matrix, (new_w, new_h), flags=cv2.INTER_LINEAR, borderValue=paper)
    return Image.fromarray(turned)


def deskew(image: Image.Image, dpi: float) -> tuple[Image.Image, float]:
    angle = estimate_skew(image, dpi)
    if abs(angle) < MIN_SKEW_TO_FIX:
        return image, 0.0
    return rotate_image(image, angle), angle


_ROTATE = re.compile(r"Rotate:\s*(\d+)")
_CONFIDENCE = re.compile(r"Orientation confidence:\s*([\d.]+)")


def detect_orientation(image: Image.Image, timeout: float, min_confidence: float = 1.0) -> int:
    """Degrees to rotate the page counter-clockwise to make it upright, per tesseract OSD; 0 when unsure.

    tesseract reports ``Rotate: N`` = rotate the image N degrees clockwise to make
    it upright; returned here as the equivalent counter-clockwise angle for
    ``rotate_image``.
    """
    small = image
    if image.width > 1800:  # OSD works on downscaled images anyway; half of 300 DPI is plenty
        small = image.resize((image.width // 2, image.height // 2), Image.Resampling.BILINEAR)
    try:
        report = pytesseract.image_to_osd(small, config="--psm 0", timeout=timeout)
    except (pytesseract.TesseractError, ValueError) as exc:  # a timeout (plain RuntimeError) propagates
        log.debug("OSD failed: %s", exc)
        return 0
    rotate = _ROTATE.search(report)
    confidence = _CONFIDENCE.search(report)
    if not rotate or not confidence or float(confidence.group(1)) < min_confidence:
        return 0
    clockwise = int(rotate.group(1)) % 360
    return (360 - clockwise) % 360
