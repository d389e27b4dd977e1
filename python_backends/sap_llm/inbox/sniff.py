"""Media type from magic bytes, never from the file name.

``sniff`` answers with a supported media type (``application/pdf``,
``image/png``, ``image/jpeg``, ``image/tiff``, ``message/rfc822``) or
``None`` plus a plain description of what the bytes look like, so that an
``unsupported_type`` rejection can say "this is a zip archive" rather than
"unknown".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
TIFF = "image/tiff"
EMAIL = "message/rfc822"

SUPPORTED = (PDF, PNG, JPEG, TIFF, EMAIL)
IMAGE_TYPES = (PNG, JPEG, TIFF)

# Magic numbers of formats we recognise but do not accept, with what to call them.
_OTHER_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a legacy Microsoft Office file (doc/xls/msg)"),
    (b"{\\rtf", "an RTF document"),
    (b"\x7fELF", "an executable (ELF)"),
    (b"\x00\x00\x00\x0cjP  ", "a JPEG 2000 image"),
    (b"OggS", "an audio/video file (Ogg)"),
    (b"ID3", "an MP3 audio file"),
)
# Two-byte magics that ordinary text can start with: only trusted when the bytes are not text.
_WEAK_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"BM", "a BMP image"),
    (b"MZ", "a Windows executable"),
)

# An RFC 822 message starts with header fields; these names are the usual first ones.
_EMAIL_HEADER = re.compile(
    rb"^(?:received|return-path|from|to|subject|date|message-id|mime-version|delivered-to|"
    rb"x-[a-z0-9-]+|reply-to|cc|content-type|dkim-signature|arc-[a-z-]+|authentication-results)"
    rb"[ \t]*:",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Sniffed:
    media_type: str | None  # a SUPPORTED value, or None
    description: str  # what the bytes look like, for messages


def _looks_like_email(head: bytes) -> bool:
    text = head.lstrip(b"\r\n\t ")
    if text.startswith(b"From ") and b"\n" in text:  # mbox separator line
        text = text.split(b"\n", 1)[1]
    lines = text.splitlines()[:60]
    if not lines or not _EMAIL_HEADER.match(lines[0]):
        return False
    names = {ln.split(b":", 1)[0].strip().lower() for ln in lines if b":" in ln and not ln[:1].isspace()}
    return bool(names & {b"from", b"mime-version", b"message-id"}) and bool(
        names & {b"subject", b"date", b"to", b"content-type"}
    )


def _describe_text(head: bytes) -> str | None:
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = head.decode("utf-16") if head[:2] in (b"\xff\xfe", b"\xfe\xff") else ""
        except UnicodeDecodeError:
            text = ""
        if not text:
            printable = sum(32 <= b < 127 or b in (9, 10, 13) for b in head)
            if printable < 0.95 * len(head):
                return None
            text = head.decode("latin-1")
    stripped = text.lstrip("\ufeff \r\n\t").lower()
    if stripped.startswith(("<!doctype html", "<html")):
        return "an HTML page"
    if stripped.startswith("<?xml") or stripped.startswith("<"):
        return "an XML document"
    if stripped.startswith(("{", "[")):
        return "JSON or other structured text"
    printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in text)
    if printable < 0.95 * max(len(text), 1):
        return None
    return "plain text"


def _describe_zip(data: bytes) -> str:
    head = data[:4096]
    if b"word/" in head:
        return "a zip archive (a Word .docx document)"
    if b"xl/" in head:
        return "a zip archive (an Excel .xlsx workbook)"
    if b"ppt/" in head:
        return "a zip archive (a PowerPoint .pptx file)"
    if b"mimetypeapplication/vnd.oasis.opendocument" in head:
        return "a zip archive (an OpenDocument file)"
    return "a zip archive"


def sniff(data: bytes) -> Sniffed:
    """What the bytes are, judged only from their content."""
    head = data[:8192]
    if head.startswith(b"%PDF-") or b"%PDF-" in head[:1024]:  # spec allows junk before the header
        return Sniffed(PDF, "a PDF document")
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return Sniffed(PNG, "a PNG image")
    if head.startswith(b"\xff\xd8\xff"):
        return Sniffed(JPEG, "a JPEG image")
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return Sniffed(TIFF, "a TIFF image")
    if head.startswith((b"II+\x00", b"MM\x00+")):
        return Sniffed(TIFF, "a BigTIFF image")
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return Sniffed(None, _describe_zip(data))
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return Sniffed(None, "a WebP image")
    if head[4:8] == b"ftyp":
        brand = head[8:12].decode("latin-1", "replace")
        return Sniffed(None, "a HEIC/HEIF image" if brand.startswith("hei") or brand == "mif1" else "an MP4/QuickTime media file")
    for magic, what in _OTHER_MAGIC:
        if head.startswith(magic):
            return Sniffed(None, what)
    if _looks_like_email(head):
        return Sniffed(EMAIL, "an e-mail message (RFC 822)")
    text_kind = _describe_text(head)
    if text_kind:
        return Sniffed(None, text_kind)
    for magic, what in _WEAK_MAGIC:
        if head.startswith(magic):
            return Sniffed(None, what)
    return Sniffed(None, "unrecognised binary data")
