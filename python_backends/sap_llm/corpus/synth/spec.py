"""What a document says, before any layout decides where it goes.

Content builders (``content.py``) produce a :class:`DocSpec`: printed strings
with the field tag each one carries and the normalised ground-truth value
behind it. The layout engine only places them; ground truth is then taken from
what it actually printed, so labels and ground truth agree by construction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sap_llm.corpus.synth.parties import Party

Segment = tuple[str, str | None]  # (text, field tag or None)


@dataclass
class Field:
    """A labelled value: ``label`` (printed, may be empty) and the value as segments.

    ``gt`` maps field name -> normalised value for every tag in ``segments``
    (most often one). ``alias`` lists extra ground-truth fields implied when
    the main field is printed (``invoice_number`` also sets ``document_number``).
    """

    label: str
    segments: list[Segment]
    gt: dict[str, Any] = field(default_factory=dict)
    alias: dict[str, Any] = field(default_factory=dict)
    emphasis: bool = False  # grand total: bold / larger
    label_segments: list[Segment] = field(default_factory=list)  # a label that carries a value ("VAT 19%")

    @property
    def text(self) -> str:
        return "".join(s for s, _ in self.segments)


def value(label: str, text: str, tag: str | None, gt_value: Any = None, **alias: Any) -> Field:
    gt = {tag: gt_value} if tag and gt_value is not None else {}
    return Field(label, [(text, tag)], gt, dict(alias))


@dataclass
class PartyBlock:
    """A party printed on the page and the field tags of its parts (None = printed untagged)."""

    party: Party
    name_tag: str | None
    address_tag: str | None
    vat_tag: str | None = None
    iban_tag: str | None = None
    bic_tag: str | None = None
    bank_tag: str | None = None
    vat_text: str | None = None  # VAT id as printed (formatting varies)
    iban_text: str | None = None
    show_bank: bool = True  # footer prints bank details


@dataclass
class Cell:
    text: str
    value: Any = None  # normalised ground truth (None: not part of the ground truth)


@dataclass
class DocSpec:
    doc_type: str
    subtype: str
    language: str
    currency: str
    kind: str  # business | receipt | form | letter | pricelist | newsletter
    title: str
    issuer: PartyBlock | None  # letterhead (who sends the document)
    addressee: PartyBlock | None  # address window (who receives it)
    header: list[Field] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)  # line-item column keys (tags li.<key>)
    column_labels: list[str] = field(default_factory=list)
    rows: list[dict[str, Cell]] = field(default_factory=list)
    numeric_columns: set[str] = field(default_factory=set)
    row_amount_column: str | None = None  # column summed into carried-forward subtotals
    totals: list[Field] = field(default_factory=list)
    notes: list[Field | str] = field(default_factory=list)  # paragraphs below the table
    intro: str | None = None  # sentence above the table
    extra_parties: list[tuple[str, PartyBlock]] = field(default_factory=list)  # (caption, block)
    gt_fixed: dict[str, Any] = field(default_factory=dict)  # ground truth that does not depend on printing
    metadata: dict[str, Any] = field(default_factory=dict)  # chain, defects, sap references
    body: list[Any] = field(default_factory=list)  # kind-specific content (receipt lines, form sections, paragraphs)
    page_size: tuple[float, float] | None = None  # fixed page size (receipts: a till roll)
