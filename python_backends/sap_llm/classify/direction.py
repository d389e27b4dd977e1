"""Incoming or outgoing: the organisation profile says whose document this is.

The classifier learns the document's *family* from its text and layout; which
member of a direction pair it is depends on who issued it, which only the
profile knows:

| family  | issued by us (outgoing) | issued to us (incoming) |
|---------|-------------------------|-------------------------|
| invoice | CUSTOMER_INVOICE        | SUPPLIER_INVOICE        |
| order   | PURCHASE_ORDER          | SALES_ORDER             |

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
    """Move a direction family's probability mass to the member the evidence names."""
    top = max(probabilities, key=probabilities.get) if probabilities else None
    family = FAMILY_OF.get(top or "")
    if family is None or evidence.direction == "unknown":
        return probabilities, []
    members = FAMILIES[family]
    target = members[evidence.direction]
    other = members["incoming" if evidence.direction == "outgoing" else "outgoing"]
    resolved = dict(probabilities)
    resolved[target] = probabilities.get(target, 0.0) + probabilities.get(other, 0.0)
    resolved[other] = 0.0
    reasons = []
    if target != top:
        reasons.append(f"the model said {top}; the organisation profile makes it {target} ({evidence.direction})")
    return resolved, reasons
