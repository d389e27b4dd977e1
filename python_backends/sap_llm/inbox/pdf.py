"""Stage 1 checks for PDFs: opens, not encrypted, not truncated, page count and page sizes.

pdfium is tolerant: it rebuilds a broken cross-reference table and will open a
file cut in half. A file cut in half is still not the document that was sent,
so a PDF whose ``%%EOF`` marker is not within its last 1024 bytes (where the
PDF specification and Acrobat expect it) is rejected as ``truncated``.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from sap_llm.config import Limits
from sap_llm.inbox.codes import IntakeRefused, RejectCode

RENDER_DPI = 300  # the resolution pages are judged at for the pixel limit
EOF_WINDOW = 1024

# pdfium is not thread-safe: every call into it in this package goes through this lock.
PDFIUM_LOCK = threading.RLock()

# FPDF_GetLastError() codes (fpdfview.h)
_ERR_SUCCESS, _ERR_UNKNOWN, _ERR_FILE, _ERR_FORMAT, _ERR_PASSWORD, _ERR_SECURITY, _ERR_PAGE = range(7)


@dataclass(frozen=True)
class PdfInfo:
    page_count: int
    page_sizes: tuple[tuple[float, float], ...]  # (width, height) in PDF points


def open_pdf(data: bytes) -> pdfium.PdfDocument:
    """Open PDF bytes or raise ``IntakeRefused`` with the reason (call with PDFIUM_LOCK held)."""
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = _load_error(data)
        if code == _ERR_PASSWORD:
            raise IntakeRefused(RejectCode.ENCRYPTED, "the PDF is encrypted and needs a password to open") from exc
        if code == _ERR_SECURITY:
            raise IntakeRefused(
                RejectCode.ENCRYPTED, "the PDF is protected by a security handler this reader does not support"
            ) from exc
        if code == _ERR_SUCCESS:
            raise IntakeRefused(RejectCode.ZERO_PAGES, "the PDF opens but contains no pages") from exc
        raise IntakeRefused(RejectCode.CORRUPT, f"the PDF cannot be parsed ({exc})") from exc


def _load_error(data: bytes) -> int:
    """Why pdfium refused ``data``: its error code, or success (0) when it loads but has no pages.

    pypdfium2 reports ``FPDF_GetLastError`` even when the load succeeded with zero
    pages, and that value is then stale (left over from an earlier failure), so
    the load is repeated here at the C level to tell the two apart.
    """
    handle = pdfium_c.FPDF_LoadMemDocument64(data, len(data), None)
    if handle:
        pdfium_c.FPDF_CloseDocument(handle)
        return _ERR_SUCCESS
    return int(pdfium_c.FPDF_GetLastError())


def has_eof_marker(data: bytes) -> bool:
    return b"%%EOF" in data.rstrip(b"\x00\r\n\t \x0c")[-EOF_WINDOW:]


def inspect_pdf(data: bytes, limits: Limits) -> PdfInfo:
    """Check a PDF against the limits; return its page count and sizes or raise ``IntakeRefused``."""
    if not has_eof_marker(data):
        raise IntakeRefused(
            RejectCode.TRUNCATED,
            f"the PDF has no %%EOF marker in its last {EOF_WINDOW} bytes: the file was cut short",
        )
    with PDFIUM_LOCK:
        pdf = open_pdf(data)
        try:
            count = len(pdf)
            if count == 0:
                raise IntakeRefused(RejectCode.ZERO_PAGES, "the PDF contains no pages")
            if count > limits.max_pages:
                raise IntakeRefused(
                    RejectCode.TOO_MANY_PAGES, f"the PDF has {count} pages; the limit is {limits.max_pages}"
                )
            sizes = []
            for index in range(count):
                try:
                    width, height = pdf.get_page_size(index)
                except pdfium.PdfiumError as exc:
                    raise IntakeRefused(RejectCode.CORRUPT, f"page {index + 1} of the PDF cannot be read") from exc
                pixels = (width / 72 * RENDER_DPI) * (height / 72 * RENDER_DPI)
                if pixels > limits.max_pixels_per_page:
                    raise IntakeRefused(
                        RejectCode.TOO_MANY_PIXELS,
                        f"page {index + 1} measures {width:.0f}×{height:.0f} pt, {pixels / 1e6:.0f} million pixels "
                        f"at {RENDER_DPI} DPI; the limit is {limits.max_pixels_per_page / 1e6:.0f} million",
                    )
                sizes.append((float(width), float(height)))
            return PdfInfo(count, tuple(sizes))
        finally:
            pdf.close()
