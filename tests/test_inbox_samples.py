"""Small real input files, made here, for the inbox and preprocess tests (and checks that they are what they claim).

Other test modules import the builders: ``from test_inbox_samples import ...``.
"""

from __future__ import annotations

import io
import shutil
import struct
import subprocess
import zipfile
import zlib
from email.message import EmailMessage
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image
from reportlab.lib.pagesizes import A4, A6
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

ENGLISH_LINES = [
    "INVOICE 2024-0042",
    "Acme Industrial Supplies Ltd",
    "Please pay the total amount within thirty days",
    "Item Quantity Price Amount",
    "Steel bolts M8 100 0.25 25.00",
    "Total amount due 29.75 EUR",
]
GERMAN_LINES = [
    "Rechnung Nr. RE-2024-0815",
    "Nordwind Handels GmbH Hafenstrasse 12",
    "Sehr geehrte Damen und Herren, wir berechnen",
    "Ihnen für die Lieferung der folgenden Waren",
    "Zwischensumme und Umsatzsteuer werden",
    "zahlbar innerhalb von dreißig Tagen ohne Abzug",
]


def text_pdf(lines: list[str] | None = None, pages: int = 1, pagesize=A4, font_size: int = 12) -> bytes:
    """A born-digital PDF: ``lines`` drawn with Helvetica on every page."""
    lines = lines or ENGLISH_LINES
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=pagesize)
    for page in range(pages):
        y = pagesize[1] - 60
        for line in lines:
            c.setFont("Helvetica", font_size)
            c.drawString(40, y, line if pages == 1 else f"{line}")
            y -= font_size * 2
        c.drawString(40, 30, f"Page {page + 1}")
        c.showPage()
    c.save()
    return buf.getvalue()


def render_lines(lines: list[str] | None = None, pagesize=A6, dpi: int = 300, font_size: int = 11) -> Image.Image:
    """A clean greyscale "scan" of ``lines`` at ``dpi`` (reportlab → pdfium → PIL)."""
    data = text_pdf(lines or ENGLISH_LINES, pagesize=pagesize, font_size=font_size)
    pdf = pdfium.PdfDocument(data)
    try:
        return pdf[0].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    finally:
        pdf.close()


def png_bytes(image: Image.Image, dpi: int | None = 300) -> bytes:
    buf = io.BytesIO()
    if dpi:
        image.save(buf, format="PNG", dpi=(dpi, dpi))
    else:
        image.save(buf, format="PNG")
    return buf.getvalue()


def jpeg_bytes(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format="JPEG", quality=90, dpi=(300, 300))
    return buf.getvalue()


def tiff_bytes(images: list[Image.Image]) -> bytes:
    # copies: an image saved as JPEG before keeps PIL encoder settings that break a later TIFF save
    images = [image.copy() for image in images]
    buf = io.BytesIO()
    images[0].save(buf, format="TIFF", save_all=True, append_images=images[1:], dpi=(300, 300), compression="tiff_lzw")
    return buf.getvalue()


def image_pdf(image: Image.Image, pagesize=A6, stamp: str | None = None, extra_text_page: bool = False) -> bytes:
    """A PDF whose page is one full-page image (a scan); optionally a few stamped text-layer words,
    optionally preceded by a born-digital page (a mixed PDF)."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=pagesize)
    if extra_text_page:
        y = pagesize[1] - 40
        for line in ENGLISH_LINES:
            c.setFont("Helvetica", 9)
            c.drawString(20, y, line)
            y -= 16
        c.showPage()
    c.drawImage(ImageReader(image), 0, 0, width=pagesize[0], height=pagesize[1])
    if stamp:
        c.setFont("Helvetica-Bold", 14)
        c.drawString(pagesize[0] - 80, 20, stamp)
    c.showPage()
    c.save()
    return buf.getvalue()


def encrypted_pdf(tmp_path: Path) -> bytes | None:
    """A PDF that needs a user password (AES-256 via qpdf); None where qpdf is not installed."""
    qpdf = shutil.which("qpdf")
    if qpdf is None:
        return None
    plain, locked = tmp_path / "plain.pdf", tmp_path / "locked.pdf"
    plain.write_bytes(text_pdf())
    subprocess.run([qpdf, "--encrypt", "user-secret", "owner-secret", "256", "--", str(plain), str(locked)], check=True)
    return locked.read_bytes()


def zero_page_pdf() -> bytes:
    buf = io.BytesIO()
    pdf = pdfium.PdfDocument.new()
    pdf.save(buf)
    pdf.close()
    return buf.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A PNG whose IHDR declares ``width`` × ``height`` (valid CRCs) with a tiny IDAT: a decompression bomb's header."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b"")


def zip_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("invoice.txt", "not a document we read")
    return buf.getvalue()


def eml_bytes(attachments: list[tuple[str, str, bytes]]) -> bytes:
    """An RFC 822 message with a text body and the given (file name, MIME type, bytes) attachments."""
    msg = EmailMessage()
    msg["From"] = "Accounts <ap@acme.example>"
    msg["To"] = "invoices@nordwind.example"
    msg["Subject"] = "Invoice 2024-0042"
    msg["Date"] = "Fri, 22 Nov 2024 09:00:00 +0100"
    msg["Message-ID"] = "<42@acme.example>"
    msg.set_content("Dear colleagues,\nplease find our invoice attached.\n")
    for name, mime, data in attachments:
        maintype, subtype = mime.split("/")
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return msg.as_bytes()


# ── the builders make what they claim ────────────────────────────────────────
def test_png_bomb_header_is_a_valid_png_header():
    data = png_claiming(100_000, 100_000)
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    length, kind = struct.unpack(">I4s", data[8:16])
    body = data[16 : 16 + length]
    (crc,) = struct.unpack(">I", data[16 + length : 20 + length])
    assert kind == b"IHDR" and zlib.crc32(kind + body) & 0xFFFFFFFF == crc
    assert struct.unpack(">II", body[:8]) == (100_000, 100_000)


def test_encrypted_pdf_really_needs_a_password(tmp_path):
    data = encrypted_pdf(tmp_path)
    if data is None:
        pytest.skip("qpdf not installed")
    with pytest.raises(pdfium.PdfiumError):
        pdfium.PdfDocument(data)
    assert len(pdfium.PdfDocument(data, password="user-secret")) == 1
