"""E-mail (RFC 822 / .eml) unpacking: each PDF or image attachment becomes its own input.

Parsed with the standard library's ``email`` package and ``policy.default``.
What counts as an attachment: every non-multipart part that is not the message
body (a ``text/*`` part without a file name) and not an image embedded in the
HTML body (``inline`` with a ``Content-ID``, i.e. a logo or signature). Nested
messages (forwarded mail) are searched too. The body text itself is never
treated as a document.
"""

from __future__ import annotations

import email
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from typing import cast

from sap_llm.records import Envelope


@dataclass(frozen=True)
class Attachment:
    name: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class ParsedMail:
    envelope: Envelope
    attachments: list[Attachment]


def _header(message: EmailMessage, name: str) -> str | None:
    try:
        value = message.get(name)
    except (ValueError, TypeError, IndexError):  # malformed header values
        return None
    return str(value).strip() if value is not None else None


def _is_body_part(part: EmailMessage) -> bool:
    if part.get_content_maintype() == "text" and not part.get_filename():
        return True
    disposition = (part.get_content_disposition() or "").lower()
    return disposition == "inline" and bool(part.get("Content-ID")) and not part.get_filename()


def _payload_bytes(part: EmailMessage) -> bytes:
    payload = part.get_payload(decode=True)
    if isinstance(payload, bytes):
        return payload
    return b""


def parse_email(data: bytes) -> ParsedMail:
    """Envelope and attachments of an RFC 822 message."""
    message = cast(EmailMessage, email.message_from_bytes(data, policy=policy.default))
    envelope = Envelope(
        sender=_header(message, "From"),
        subject=_header(message, "Subject"),
        date=_header(message, "Date"),
        message_id=_header(message, "Message-ID"),
    )
    attachments: list[Attachment] = []
    for number, part in enumerate(message.walk()):
        if part.is_multipart():
            continue
        if part.get_content_type() == "message/rfc822":
            continue  # walk() descends into it
        if _is_body_part(part):
            continue
        name = part.get_filename() or f"attachment-{number}"
        attachments.append(Attachment(name, part.get_content_type(), _payload_bytes(part)))
    return ParsedMail(envelope, attachments)
