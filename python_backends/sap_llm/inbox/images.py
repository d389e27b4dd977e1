"""Stage 1 checks for raster images (PNG, JPEG, TIFF): size from the header first, then a full decode.

PIL reads the header lazily: ``Image.open`` learns width and height without
decoding pixels, so a PNG whose header claims 100,000 × 100,000 pixels is
refused before a single byte of it is inflated. PIL's own decompression-bomb
guard (``Image.MAX_IMAGE_PIXELS``) is a second line of defence. Only then is
every frame decoded, which is what catches files cut short.
"""

from __future__ import annotations

import io
import re
import warnings
from dataclasses import dataclass

from PIL import Image, ImageSequence, UnidentifiedImageError

from sap_llm.config import Limits
from sap_llm.inbox.codes import IntakeRefused, RejectCode


@dataclass(frozen=True)
class ImageInfo:
    page_count: int
    sizes: tuple[tuple[int, int], ...]


def _pixel_error(width: int, height: int, frame: int, limits: Limits) -> IntakeRefused:
    return IntakeRefused(
        RejectCode.TOO_MANY_PIXELS,
        f"image page {frame + 1} declares {width}×{height} pixels ({width * height / 1e6:.0f} million); "
        f"the limit is {limits.max_pixels_per_page / 1e6:.0f} million",
    )


def _bomb(exc: Exception) -> IntakeRefused:
    found = re.search(r"\((\d+) pixels\)", str(exc))
    declared = f"{int(found.group(1)) / 1e6:,.0f} million pixels" if found else "more pixels than PIL's guard allows"
    return IntakeRefused(
        RejectCode.TOO_MANY_PIXELS,
        f"the image header declares {declared} (a decompression bomb); refused before decoding",
    )


def open_image(data: bytes) -> Image.Image:
    """Open lazily (header only), turning PIL's errors into reasons."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            return Image.open(io.BytesIO(data))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _bomb(exc) from exc
    except UnidentifiedImageError as exc:
        raise IntakeRefused(RejectCode.CORRUPT, "the image header cannot be read") from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise IntakeRefused(RejectCode.CORRUPT, f"the image cannot be read: {exc}") from exc


def inspect_image(data: bytes, limits: Limits) -> ImageInfo:
    """Check an image against the limits and decode it once; raise ``IntakeRefused`` if it is bad."""
    image = open_image(data)
    frames = getattr(image, "n_frames", 1)
    if frames == 0:
        raise IntakeRefused(RejectCode.ZERO_PAGES, "the image file contains no pages")
    if frames > limits.max_pages:
        raise IntakeRefused(RejectCode.TOO_MANY_PAGES, f"the image has {frames} pages; the limit is {limits.max_pages}")
    sizes: list[tuple[int, int]] = []
    try:
        # First every header (cheap), so a bomb in frame 7 is refused before frame 1 is decoded.
        for index, frame in enumerate(ImageSequence.Iterator(image)):
            width, height = frame.size
            if width <= 0 or height <= 0:
                raise IntakeRefused(RejectCode.CORRUPT, f"image page {index + 1} has no pixels")
            if width * height > limits.max_pixels_per_page:
                raise _pixel_error(width, height, index, limits)
            sizes.append((width, height))
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            for frame in ImageSequence.Iterator(image):
                frame.load()
    except IntakeRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _bomb(exc) from exc
    except OSError as exc:
        text = str(exc).lower()
        if "truncated" in text or "broken data stream" in text or "unexpected end" in text:
            raise IntakeRefused(RejectCode.TRUNCATED, f"the image data ends early: {exc}") from exc
        raise IntakeRefused(RejectCode.CORRUPT, f"the image data cannot be decoded: {exc}") from exc
    except (SyntaxError, ValueError, EOFError) as exc:
        raise IntakeRefused(RejectCode.CORRUPT, f"the image data cannot be decoded: {exc}") from exc
    finally:
        image.close()
    return ImageInfo(len(sizes), tuple(sizes))
