"""Stable rejection reason codes of stage 1 (and the one stage 2 adds: ``timeout``).

A rejection always carries one of these codes (machine-readable, never renamed)
plus a plain-language message that says what was found. The table is the
documentation:

==================  ===========================================================
code                meaning
==================  ===========================================================
empty               the input has no bytes (or only whitespace)
truncated           the file ends early: a PDF without its ``%%EOF`` trailer in
                    the last 1024 bytes, an image whose data stops mid-stream
corrupt             the bytes claim a supported type but cannot be parsed (also
                    used, with the exception named, if a parser fails unexpectedly)
encrypted           a PDF that needs a password to open
zero_pages          a PDF (or image container) with no page in it
unsupported_type    not a PDF, PNG, JPEG, TIFF or e-mail; the message says what
                    it looks like (zip archive, plain text, HTML, ...)
too_large           more bytes than ``Limits.max_bytes``
too_many_pages      more pages than ``Limits.max_pages`` (for an e-mail: more
                    attachments than ``Limits.max_email_attachments``)
too_many_pixels     a page over ``Limits.max_pixels_per_page`` (images: from the
                    header, before decoding; PDFs: the page rendered at 300 DPI)
timeout             a page took longer than ``Limits.max_seconds_per_page``
                    (raised by preprocess as ``StageError``)
no_attachments      an e-mail without a PDF or image attachment (its body is not
                    treated as a document)
==================  ===========================================================
"""

from __future__ import annotations

from enum import Enum


class RejectCode(str, Enum):
    EMPTY = "empty"
    TRUNCATED = "truncated"
    CORRUPT = "corrupt"
    ENCRYPTED = "encrypted"
    ZERO_PAGES = "zero_pages"
    UNSUPPORTED_TYPE = "unsupported_type"
    TOO_LARGE = "too_large"
    TOO_MANY_PAGES = "too_many_pages"
    TOO_MANY_PIXELS = "too_many_pixels"
    TIMEOUT = "timeout"
    NO_ATTACHMENTS = "no_attachments"

    def __str__(self) -> str:
        return self.value


class IntakeRefused(Exception):
    """Raised inside stage 1 helpers; ``intake`` turns it into a ``Rejection``."""

    def __init__(self, code: RejectCode, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
