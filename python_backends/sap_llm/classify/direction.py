"""Incoming or outgoing: the organisation profile says whose document this is.

The classifier learns the document's *family* from its text and layout; which
member of a direction pair it is depends on who issued it, which only the
profile knows:

| family              | issued by us (outgoing) | issued to us (incoming) |
|---------------------|-------------------------|-------------------------|
| invoice             | CUSTOMER_INVOICE        | SUPPLIER_INVOICE        |
| order               | PURCHASE_ORDER          | SALES_ORDER             |
| order confirmation  | SALES_ORDER             | PURCHASE_ORDER          |

An invoice looks the same whoever issued it, so the family's mass goes to the
member the direction names. Orders do not: an order and the confirmation of an
order read differently ("Purchase order" / "Order confirmation"), and the
classifier is taught what the page shows (``as_printed``: PURCHASE_ORDER for an
order, SALES_ORDER for a confirmation); the direction then keeps that type for
documents we issued and swaps it for documents we received.

Evidence, strongest first: one of our own IBANs printed on the page (only the
issuer prints its bank account for payment) → outgoing; a known vendor's IBAN
or VAT id → incoming; our company name in the letterhead (top 15 % of the first
page) → outgoing; our name only lower on the page (the address window) →
incoming. When the evidence decides, the family's probability mass moves to
the member it names; without evidence the model's own split stands.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from sap_llm.profile import OrgProfile
from sap_llm.records import Layout

Direction = Literal["incoming", "outgoing", "unknown"]

FAMILIES: dict[str, dict[str, str]] = {
    "invoice": {"outgoing": "CUSTOMER_INVOICE", "incoming": "SUPPLIER_INVOICE"},
    "order": {"outgoing": "PURCHASE_ORDER", "incoming": "SALES_ORDER"},
}
FAMILY_OF = {t: fam for fam, members in FAMILIES.items() for t in members.values()}
#: The order family's swap: what a printed order or confirmation is when we received it.
ORDER_COUNTERPART = {"PURCHASE_ORDER": "SALES_ORDER", "SALES_ORDER": "PURCHASE_ORDER"}
LETTERHEAD_Y = 150  # top 15 % of the first page

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return _NON_ALNUM.sub(" ", "".join(c for c in decomposed if not unicodedata.combining(c))).strip()


def _compact(text: str) -> str:
    return re.sub(r"[^0-9A-Z]", "", text.upper())


@dataclass
class DirectionEvidence:
    direction: Direction = "unknown"
    score: int = 0  # > 0 outgoing, < 0 incoming
    reasons: list[str] = field(default_factory=list)


def _line_texts(layout: Layout) -> list[tuple[int, int, str]]:
    """(page, y0, text) per line (from the layout's lines, or the words one by one)."""
    if layout.lines:
        return [(ln.page, ln.box[1], " ".join(layout.words[i].text for i in ln.word_indices)) for ln in layout.lines]
    return [(w.page, w.box[1], w.text) for w in layout.words]


def _name_hits(name: str, lines: Sequence[tuple[int, int, str]]) -> list[tuple[int, int]]:
    folded = _fold(name)
    if len(folded) < 4:
        return []
    # The name without its legal form ("GmbH", "Ltd") is enough, and survives OCR better.
    core = " ".join(folded.split()[:2]) if len(folded.split()) > 2 else folded
    return [(page, y) for page, y, text in lines if core in _fold(text)]


def is_own_party(name: str | None, vat_id: str | None, profile: OrgProfile | None) -> bool:
    """Whether a name / VAT id read off a document is one of the profile's own company codes."""
    if profile is None:
        return False
    compact_vat = _compact(vat_id or "")
    line = [(0, 0, name or "")]
    return any(bool(_name_hits(company.name, line)) or (compact_vat and compact_vat == _compact(company.vat_id or ""))
               for company in profile.company_codes)


def detect_direction(layout: Layout, profile: OrgProfile | None) -> DirectionEvidence:
    """Whether the profile's organisation issued (outgoing) or received (incoming) the document."""
    evidence = DirectionEvidence()
    if profile is None or not layout.words:
        return evidence
    compact_text = _compact("".join(w.text for w in layout.words))
    for own in profile.own_ibans:
        if own and own in compact_text:
            evidence.score += 3
            evidence.reasons.append(f"our own IBAN {own} is printed: we are the issuer")
    for vendor in profile.vendors:
        ids = [i for i in [*vendor.bank_accounts, vendor.vat_id] if i]
        if any(i in compact_text for i in ids):
            evidence.score -= 3
            evidence.reasons.append(f"vendor {vendor.name}'s bank account / VAT id is printed: they are the issuer")
            break
    lines = _line_texts(layout)
    for company in profile.company_codes:
        hits = _name_hits(company.name, lines)
        if not hits:
            continue
        if any(page == 0 and y < LETTERHEAD_Y for page, y in hits):
            evidence.score += 2
            evidence.reasons.append(f"our name '{company.name}' heads the first page: we are the issuer")
        else:
            evidence.score -= 1
            evidence.reasons.append(f"our name '{company.name}' appears only in the body / address window: "
                                    "we are the recipient")
    if evidence.score > 0:
        evidence.direction = "outgoing"
    elif evidence.score < 0:
        evidence.direction = "incoming"
    return evidence


def resolve_family(probabilities: dict[str, float], evidence: DirectionEvidence) -> tuple[dict[str, float], list[str]]:
    """Move a direction family's probability mass to the member the evidence names (orders: the printed
    type for documents we issued, its counterpart for documents we received)."""
    top = max(probabilities, key=probabilities.get) if probabilities else None
    family = FAMILY_OF.get(top or "")
    if family is None or evidence.direction == "unknown":
        return probabilities, []
    members = FAMILIES[family]
    if family == "order":
        target = top if evidence.direction == "outgoing" else ORDER_COUNTERPART[top]
    else:
        target = members[evidence.direction]
    other = next(m for m in members.values() if m != target)
    resolved = dict(probabilities)
    resolved[target] = probabilities.get(target, 0.0) + probabilities.get(other, 0.0)
    resolved[other] = 0.0
    reasons = []
    if target != top:
        reasons.append(f"the model said {top}; the organisation profile makes it {target} ({evidence.direction})")
    return resolved, reasons


def as_printed(doc_type: str, direction: Direction) -> str:
    """The type a record is taught to the classifier as: what its page shows. The inverse of
    ``resolve_family``'s order rule (a customer's order we received prints as an order, PURCHASE_ORDER;
    a supplier's confirmation of our order prints as a confirmation, SALES_ORDER); every other type as is."""
    if doc_type in ORDER_COUNTERPART and direction == "incoming":
        return ORDER_COUNTERPART[doc_type]
    return doc_type
