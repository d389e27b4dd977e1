"""Scanned-looking renderings of a generated PDF: rotation, noise, blur, contrast, JPEG artefacts.

Pages are rendered with pypdfium2 at 150-300 DPI (mostly 150-200: cheap), in
grey, then degraded. Multi-page documents give one PNG per page: ``<id>.png``
for page 1, ``<id>_p2.png``, ``<id>_p3.png``... The record keeps the words'
boxes in page coordinates of the UNROTATED page (they fit the PDF and the scan
alike before skew) and stores the applied rotation per page in
``metadata.scan.rotation_deg`` (counter-clockwise, about the page centre), so a
consumer can rotate the boxes if it needs them on the skewed image.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import pypdfium2 as pdfium


@dataclass
class ScanResult:
    paths: list[Path]
    dpi: int
    rotations: list[float]
    defects: list[str]
    quality_score: float


def choose_dpi(rng: random.Random) -> int:
    r = rng.random()
    if r < 0.55:
        return 150
    if r < 0.9:
        return rng.choice([170, 200])
    return rng.choice([250, 300])


def degrade(image: np.ndarray, rng: random.Random, dpi: int) -> tuple[np.ndarray, float, list[str], float]:
    """Apply scanner artefacts; returns (image, rotation degrees, applied effects, quality 0..1)."""
    effects: list[str] = []
    quality = 1.0
    h, w = image.shape
    angle = rng.uniform(-5, 5) if rng.random() < 0.85 else 0.0
    if abs(angle) > 0.05:
        matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
        image = cv2.warpAffine(image, matrix, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT,
                               borderValue=rng.randint(200, 255))
        effects.append("rotation")
        quality -= abs(angle) / 40
    # contrast / brightness
    if rng.random() < 0.7:
        alpha = rng.uniform(0.7, 1.15)
        beta = rng.uniform(-25, 35)
        image = cv2.convertScaleAbs(image, alpha=alpha, beta=beta)
        effects.append("contrast")
        quality -= abs(1 - alpha) / 4
    # paper tint gradient (uneven lighting)
    if rng.random() < 0.3:
        gradient = np.linspace(rng.uniform(-25, 0), rng.uniform(0, 15), w, dtype=np.float32)
        image = np.clip(image.astype(np.float32) + gradient[None, :], 0, 255).astype(np.uint8)
        effects.append("lighting")
    # blur
    if rng.random() < 0.6:
        k = rng.choice([3, 3, 5]) if dpi >= 200 else 3
        image = cv2.GaussianBlur(image, (k, k), rng.uniform(0.4, 1.1))
        effects.append("blur")
        quality -= 0.05 * (k / 3)
    # noise and specks (cv2's generator, seeded from the document's rng: fast and deterministic)
    if rng.random() < 0.6:
        sigma = rng.uniform(2, 9)
        cv2.setRNGSeed(rng.randrange(2**31))
        noise = np.empty(image.shape, dtype=np.float32)
        cv2.randn(noise, 0.0, sigma)
        image = cv2.add(image.astype(np.float32), noise)
        image = np.clip(image, 0, 255).astype(np.uint8)
        effects.append("noise")
        quality -= sigma / 100
        speck_count = int(image.size * rng.uniform(0.0001, 0.0008))
        ys = np.array([rng.randrange(h) for _ in range(min(speck_count, 3000))], dtype=np.intp)
        xs = np.array([rng.randrange(w) for _ in range(len(ys))], dtype=np.intp)
        image[ys, xs] = rng.randint(0, 90)
    # JPEG artefacts
    if rng.random() < 0.7:
        q = rng.randint(25, 75)
        ok, buf = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, q])
        if ok:
            image = cv2.imdecode(buf, cv2.IMREAD_GRAYSCALE)
            effects.append("jpeg")
            quality -= (75 - q) / 400
    return image, angle, effects, max(0.3, round(quality, 3))


def scan_pdf(pdf: bytes, base: Path, rng: random.Random) -> ScanResult:
    """Write ``base.png`` (and ``base_pN.png`` for later pages); returns what was applied."""
    dpi = choose_dpi(rng)
    doc = pdfium.PdfDocument(pdf)
    paths: list[Path] = []
    rotations: list[float] = []
    effects: set[str] = set()
    qualities: list[float] = []
    try:
        for index in range(len(doc)):
            page = doc[index]
            bitmap = page.render(scale=dpi / 72, grayscale=True)
            array = bitmap.to_numpy()
            image = array[:, :, 0] if array.ndim == 3 else array
            image = np.ascontiguousarray(image)
            image, angle, applied, quality = degrade(image, rng, dpi)
            path = base.with_suffix(".png") if index == 0 else base.with_name(f"{base.name}_p{index + 1}.png")
            cv2.imwrite(str(path), image, [cv2.IMWRITE_PNG_COMPRESSION, 1, cv2.IMWRITE_PNG_STRATEGY,
                                            cv2.IMWRITE_PNG_STRATEGY_RLE])
            paths.append(path)
            rotations.append(round(angle, 3))
            effects.update(applied)
            qualities.append(quality)
            page.close()
    finally:
        doc.close()
    return ScanResult(paths, dpi, rotations, sorted(effects), min(qualities) if qualities else 1.0)
