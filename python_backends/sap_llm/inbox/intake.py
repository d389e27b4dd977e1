"""Stage 1: raw bytes in, accepted ``Document``s or ``Rejection``s out.

``intake`` never raises for bad input: every problem becomes a ``Rejection``
with a stable code (``sap_llm.inbox.codes``) and a plain message, so one bad
file never stops a batch. An e-mail yields one item per attachment.
"""

from __future__ import annotations

import hashlib
import logging

from sap_llm.config import Limits, settings
from sap_llm.inbox import sniff as sniffing
from sap_llm.inbox.codes import IntakeRefused, RejectCode
from sap_llm.inbox.images import inspect_image
from sap_llm.inbox.mail import parse_email
from sap_llm.inbox.pdf import inspect_pdf
from sap_llm.inbox.registry import SeenLookup
from sap_llm.records import Document, Envelope, Rejection

log = logging.getLogger(__name__)

Intake = Document | Rejection


def document_id_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _reject(code: RejectCode, message: str, source: str, doc_id: str | None, envelope: Envelope | None) -> Rejection:
    return Rejection(code=code.value, message=message, source=source, document_id=doc_id, envelope=envelope)


def _unsupported_message(description: str, source: str) -> str:
    message = f"this looks like {description}, not a PDF, PNG, JPEG, TIFF or e-mail"
    suffix = source.rsplit(".", 1)[-1].lower() if "." in source else ""
    if suffix in {"pdf", "png", "jpg", "jpeg", "tif", "tiff", "eml"}:
        message += f" (the name ends in .{suffix}, but the type is judged from the content)"
    return message


def _accept_single(
    data: bytes, source: str, media_type: str, limits: Limits, seen: SeenLookup | None, envelope: Envelope | None
) -> Document:
    if media_type == sniffing.PDF:
        page_count = inspect_pdf(data, limits).page_count
    else:
        page_count = inspect_image(data, limits).page_count
    doc_id = document_id_of(data)
    duplicate = seen.seen_before(doc_id, source) if seen is not None else False
    return Document(
        document_id=doc_id,
        source=source,
        media_type=media_type,
        page_count=page_count,
        size_bytes=len(data),
        duplicate=duplicate,
        envelope=envelope,
        data=data,
    )


def _intake_one(
    data: bytes, source: str, limits: Limits, seen: SeenLookup | None, envelope: Envelope | None, depth: int
) -> list[Intake]:
    doc_id = document_id_of(data) if data else None
    try:
        if not data or not data.strip():
            raise IntakeRefused(RejectCode.EMPTY, "the file is empty" if not data else "the file holds only whitespace")
        if len(data) > limits.max_bytes:
            raise IntakeRefused(
                RejectCode.TOO_LARGE,
                f"the file has {len(data):,} bytes; the limit is {limits.max_bytes:,}",
            )
        sniffed = sniffing.sniff(data)
        if sniffed.media_type is None:
            raise IntakeRefused(RejectCode.UNSUPPORTED_TYPE, _unsupported_message(sniffed.description, source))
        if sniffed.media_type == sniffing.EMAIL:
            if depth > 0:  # an .eml attached to an e-mail: flatten one level only
                raise IntakeRefused(RejectCode.UNSUPPORTED_TYPE, "an e-mail attached to an e-mail is not unpacked")
            return _intake_email(data, source, limits, seen)
        return [_accept_single(data, source, sniffed.media_type, limits, seen, envelope)]
    except IntakeRefused as refused:
        return [_reject(refused.code, refused.message, source, doc_id, envelope)]
    except Exception as exc:  # a parser bug must not stop the batch: report it as corrupt input
        log.exception("unexpected error during intake of %s", source)
        return [_reject(RejectCode.CORRUPT, f"the file could not be read ({type(exc).__name__}: {exc})", source, doc_id, envelope)]


def _intake_email(data: bytes, source: str, limits: Limits, seen: SeenLookup | None) -> list[Intake]:
    mail_id = document_id_of(data)
    try:
        parsed = parse_email(data)
    except Exception as exc:  # the stdlib parser is lenient; anything it raises means corrupt input
        raise IntakeRefused(RejectCode.CORRUPT, f"the e-mail cannot be parsed ({exc})") from exc
    if len(parsed.attachments) > limits.max_email_attachments:
        raise IntakeRefused(
            RejectCode.TOO_MANY_PAGES,
            f"the e-mail has {len(parsed.attachments)} attachments; the limit is {limits.max_email_attachments}",
        )
    results: list[Intake] = []
    for attachment in parsed.attachments:
        envelope = parsed.envelope.model_copy(update={"attachment_name": attachment.name})
        results.extend(_intake_one(attachment.data, f"{source}/{attachment.name}", limits, seen, envelope, depth=1))
    if not any(isinstance(item, Document) for item in results):
        names = ", ".join(a.name for a in parsed.attachments)
        detail = f" (attachments found but none usable: {names})" if names else ""
        results.insert(
            0,
            _reject(
                RejectCode.NO_ATTACHMENTS,
                f"the e-mail has no PDF or image attachment{detail}; its body is not treated as a document",
                source,
                mail_id,
                parsed.envelope,
            ),
        )
    return results


def intake(
    data: bytes, source: str, *, limits: Limits | None = None, seen: SeenLookup | None = None
) -> list[Intake]:
    """Accept or reject one input (bytes + the name it came under).

    Returns one item for a PDF or image, one item per attachment for an e-mail
    (plus a ``no_attachments`` rejection when none of them is usable). Never
    raises for bad input.
    """
    limits = limits or settings().limits
    return _intake_one(bytes(data), source, limits, seen, None, depth=0)
