"""Stage 1, inbox: bytes in, accepted documents or rejections with a stable reason out.

    intake(data, source, *, limits=None, seen=None) -> list[Document | Rejection]

See ``codes`` for the rejection reasons, ``sniff`` for type detection from
magic bytes, ``pdf`` / ``images`` / ``mail`` for the per-format checks and
``registry`` for duplicate detection.
"""

from __future__ import annotations

from sap_llm.config import Limits
from sap_llm.inbox.codes import IntakeRefused, RejectCode
from sap_llm.inbox.intake import document_id_of, intake
from sap_llm.inbox.registry import SeenLookup, SeenRegistry
from sap_llm.inbox.sniff import Sniffed, sniff

__all__ = [
    "IntakeRefused",
    "Limits",
    "RejectCode",
    "SeenLookup",
    "SeenRegistry",
    "Sniffed",
    "document_id_of",
    "intake",
    "sniff",
]
