"""Party roles from the organisation profile: which side of a document is us.

The tagger reads "the party at the top" and "the party in the address window"
and names them supplier / customer. The document's type fixes which of the two
we are (on a supplier invoice we are the customer; on our own customer invoice,
the supplier), and the profile knows our names and VAT ids. When the decoded
parties contradict that (our own company decoded as the other side), the
tagger's supplier_* and customer_* distributions are swapped and the document
is decoded again, so every constraint of the decoder (required fields, types,
cardinalities) holds for the corrected sides too. A note says why.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from sap_llm.classify.direction import is_own_party
from sap_llm.extract.decode import WordView, decode
from sap_llm.profile import OrgProfile
from sap_llm.records import Extraction

#: Our side of the document, by its (direction-resolved) type.
OUR_ROLE: dict[str, str] = {
    "SUPPLIER_INVOICE": "customer",
    "CREDIT_MEMO": "customer",
    "PURCHASE_ORDER": "customer",
    "CUSTOMER_INVOICE": "supplier",
    "SALES_ORDER": "supplier",
}
#: Fields that exist on both sides under supplier_* / customer_*.
PAIRED = ("name", "address", "vat_id", "number", "contact_person", "country", "email", "phone", "reference")


def _side_is_ours(fields: dict, side: str, profile: OrgProfile) -> bool:
    return is_own_party(fields.get(f"{side}_name"), fields.get(f"{side}_vat_id"), profile)


def misplaced_side(fields: dict, doc_type: str, profile: OrgProfile | None) -> str | None:
    """The side our own company was decoded as, where the document's type says it is the other one."""
    ours = OUR_ROLE.get(doc_type)
    if profile is None or ours is None:
        return None
    theirs = "supplier" if ours == "customer" else "customer"
    if _side_is_ours(fields, theirs, profile) and not _side_is_ours(fields, ours, profile):
        return theirs
    return None


def swap_sides(word_probs: np.ndarray, label_names: Sequence[str]) -> np.ndarray:
    """The per-word distributions with every supplier_X label's column exchanged with customer_X's."""
    index = {name: i for i, name in enumerate(label_names)}
    order = np.arange(len(label_names))
    for part in PAIRED:
        for prefix in ("B-", "I-"):
            a, b = index.get(f"{prefix}supplier_{part}"), index.get(f"{prefix}customer_{part}")
            if a is not None and b is not None:
                order[a], order[b] = b, a
    return word_probs[:, order]


def decode_with_roles(word_probs: np.ndarray, label_names: Sequence[str], words: Sequence[WordView], doc_type: str,
                      subtype: str | None, profile: OrgProfile | None) -> Extraction:
    """``decode``, then once more with the sides swapped if our own company came out on the wrong side."""
    extraction = decode(word_probs, label_names, words, doc_type, subtype)
    wrong = misplaced_side(extraction.fields, doc_type, profile)
    if wrong is None:
        return extraction
    swapped = decode(swap_sides(word_probs, label_names), label_names, words, doc_type, subtype)
    if misplaced_side(swapped.fields, doc_type, profile) is not None:
        return extraction
    name = extraction.fields.get(f"{wrong}_name") or extraction.fields.get(f"{wrong}_vat_id")
    ours = OUR_ROLE[doc_type]
    swapped.notes.append(f"supplier and customer swapped: '{name}' is our own company (organisation profile), "
                         f"and on a {doc_type} we are the {ours}")
    return swapped
