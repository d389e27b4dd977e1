"""The document history: interface, records, and the query vocabulary shared by every backend.

The history is the seed of the process memory graph. Per processed document it
holds vertices ``Document``, ``Extraction``, ``RoutingDecision`` and one
``Exception`` per ERROR / WARNING issue, joined by edges ``HAS_EXTRACTION``,
``ROUTED_AS``, ``RAISED`` and ``REFERENCES`` (invoice → PO, goods receipt → PO,
delivery note → PO, credit memo → original invoice).

Backends implement a handful of storage primitives (``_store``, ``get``,
``_find``, ``_add_reference``, ``edges``, ``count``); the questions validation
asks (the PO by number, its goods receipts, duplicates ...) are written once
here on top of them, so SQLite and Gremlin answer them identically.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from sap_llm.history import keys
from sap_llm.records import ProcessResult

#: Properties of a Document that ``_find`` can filter on (all indexed).
INDEXED = ("document_type", "number_key", "loose_number_key", "po_number_key", "original_invoice_key",
           "supplier_vat", "supplier_name_key", "total_cents", "document_date")


class HistoryEntry(BaseModel):
    """What the history stores for one processed document (derived from a ProcessResult)."""

    model_config = ConfigDict(extra="forbid")

    document_id: str
    source: str | None = None
    document_type: str | None = None
    subtype: str | None = None
    status: str | None = None
    number: str | None = None
    number_key: str | None = None
    loose_number_key: str | None = None
    po_number_key: str | None = None
    original_invoice_key: str | None = None
    supplier_vat: str | None = None
    supplier_name_key: str | None = None
    total_cents: int | None = None
    document_date: str | None = None
    recorded_at: str = Field(default_factory=lambda: dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"))
    fields: dict[str, Any] = Field(default_factory=dict)
    line_items: list[dict[str, Any]] = Field(default_factory=list)
    routing: dict[str, Any] | None = None
    issues: list[dict[str, Any]] = Field(default_factory=list)
    error: dict[str, Any] | None = None

    @classmethod
    def from_result(cls, result: ProcessResult | dict[str, Any]) -> HistoryEntry:
        data = result.model_dump(mode="json") if isinstance(result, BaseModel) else dict(result)
        if not data.get("document_id"):
            raise ValueError("a history entry needs the document_id (SHA-256 of the input)")
        fields = dict(data.get("fields") or {})
        doc_type = data.get("document_type")
        number = keys.own_number(doc_type, fields)
        routing = data.get("routing") or None
        issues = [dict(i) for i in (data.get("validation") or {}).get("issues", [])]
        if routing:
            issues += [dict(i) for i in routing.get("issues", [])]
        return cls(
            document_id=data["document_id"],
            source=data.get("source"),
            document_type=doc_type,
            subtype=data.get("subtype"),
            status=data.get("status"),
            number=number,
            number_key=keys.number_key(number),
            loose_number_key=keys.loose_number_key(number),
            po_number_key=None if doc_type == keys.PURCHASE_ORDER else keys.number_key(fields.get("po_number")),
            original_invoice_key=keys.number_key(fields.get("original_invoice_number")),
            supplier_vat=keys.vat_key(fields.get("supplier_vat_id")),
            supplier_name_key=keys.name_key(fields.get("supplier_name")),
            total_cents=keys.amount_cents(fields.get("total_amount")),
            document_date=keys.document_date(fields),
            fields=fields,
            line_items=list(data.get("line_items") or []),
            routing={k: routing.get(k) for k in ("api", "entity_set", "method", "confidence")} if routing else None,
            issues=[i for i in issues if i.get("severity") in ("ERROR", "WARNING")],
            error=data.get("error"),
        )


class HistoryDocument(BaseModel):
    """A document as the history returns it: identity, type, and its extraction."""

    model_config = ConfigDict(extra="ignore")

    document_id: str
    source: str | None = None
    document_type: str | None = None
    subtype: str | None = None
    status: str | None = None
    number: str | None = None
    recorded_at: str | None = None
    fields: dict[str, Any] = Field(default_factory=dict)
    line_items: list[dict[str, Any]] = Field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        """The small dict rule conditions see (``history.duplicates[*].source`` ...)."""
        return {
            "document_id": self.document_id,
            "source": self.source,
            "document_type": self.document_type,
            "number": self.number,
            "invoice_number": self.fields.get("invoice_number"),
            "document_date": keys.document_date(self.fields),
            "total_amount": self.fields.get("total_amount"),
        }


class Party(BaseModel):
    """Who a document is from, as the history matches it: VAT id or normalised name."""

    vat: str | None = None
    name_key: str | None = None

    @classmethod
    def supplier_of(cls, fields: dict[str, Any]) -> Party:
        return cls(vat=keys.vat_key(fields.get("supplier_vat_id")), name_key=keys.name_key(fields.get("supplier_name")))

    @property
    def known(self) -> bool:
        return bool(self.vat or self.name_key)


class HistoryStore(ABC):
    """Processed documents and their decisions, surviving restarts. Safe to share between processes."""

    # ── primitives (per backend) ───────────────────────────────────────────
    @abstractmethod
    def _store(self, entry: HistoryEntry) -> None:
        """Insert or replace the document's vertices and edges (not REFERENCES)."""

    @abstractmethod
    def get(self, document_id: str) -> HistoryDocument | None:
        """The document with its extraction, or None."""

    @abstractmethod
    def _find(self, document_types: tuple[str, ...] | None = None, **equals: Any) -> list[HistoryDocument]:
        """Documents whose indexed properties (``INDEXED``) equal the given values, oldest first."""

    @abstractmethod
    def _add_reference(self, from_id: str, to_id: str) -> None:
        """A REFERENCES edge between two Document vertices (idempotent)."""

    @abstractmethod
    def edges(self, document_id: str) -> list[tuple[str, str, str]]:
        """Edges leaving the document: (edge label, target vertex label, target key)."""

    @abstractmethod
    def references_to(self, document_id: str) -> list[str]:
        """Ids of documents with a REFERENCES edge to this one."""

    @abstractmethod
    def count(self, label: str = "Document") -> int:
        """Number of vertices with this label."""

    def close(self) -> None:  # noqa: B027 - optional for backends without resources
        """Release connections."""

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ── writing ────────────────────────────────────────────────────────────
    def record(self, result: ProcessResult | dict[str, Any] | HistoryEntry) -> HistoryEntry:
        """Store a processed document (again: replaces the earlier record) and link its references."""
        entry = result if isinstance(result, HistoryEntry) else HistoryEntry.from_result(result)
        self._store(entry)
        self._link(entry)
        return entry

    def _link(self, entry: HistoryEntry) -> None:
        if entry.po_number_key:
            for po in self._find((keys.PURCHASE_ORDER,), number_key=entry.po_number_key):
                self._add_reference(entry.document_id, po.document_id)
        if entry.document_type == keys.PURCHASE_ORDER and entry.number_key:
            for doc in self._find(None, po_number_key=entry.number_key):
                if doc.document_type != keys.PURCHASE_ORDER:
                    self._add_reference(doc.document_id, entry.document_id)
        if entry.original_invoice_key and entry.document_type == "CREDIT_MEMO":
            party = Party(vat=entry.supplier_vat, name_key=entry.supplier_name_key)
            for inv in self._by_party(("SUPPLIER_INVOICE", "CUSTOMER_INVOICE"), party,
                                      number_key=entry.original_invoice_key):
                self._add_reference(entry.document_id, inv.document_id)

    # ── questions validation asks ──────────────────────────────────────────
    def _by_party(self, types: tuple[str, ...] | None, party: Party, **equals: Any) -> list[HistoryDocument]:
        found: dict[str, HistoryDocument] = {}
        if party.vat:
            found.update((d.document_id, d) for d in self._find(types, supplier_vat=party.vat, **equals))
        if party.name_key:
            found.update((d.document_id, d) for d in self._find(types, supplier_name_key=party.name_key, **equals))
        return sorted(found.values(), key=lambda d: d.recorded_at or "")

    def find_purchase_order(self, po_number: str) -> HistoryDocument | None:
        """The latest PO recorded under this number (formatting-insensitive), with its lines."""
        key = keys.number_key(po_number)
        found = self._find((keys.PURCHASE_ORDER,), number_key=key) if key else []
        return found[-1] if found else None

    def goods_receipts_for_po(self, po_number: str) -> list[HistoryDocument]:
        key = keys.number_key(po_number)
        return self._find(keys.RECEIPT_TYPES, po_number_key=key) if key else []

    def invoices_for_po(self, po_number: str, *, exclude_document_id: str | None = None) -> list[HistoryDocument]:
        key = keys.number_key(po_number)
        found = self._find(("SUPPLIER_INVOICE",), po_number_key=key) if key else []
        return [d for d in found if d.document_id != exclude_document_id]

    def invoices_by_vendor_number(
        self, supplier: Party, invoice_number: str, *, exclude_document_id: str | None = None
    ) -> list[HistoryDocument]:
        """Earlier invoices from the same supplier with the same number (after normalising punctuation/zeros)."""
        key = keys.number_key(invoice_number)
        if not key or not supplier.known:
            return []
        found = self._by_party(keys.INVOICE_TYPES, supplier, number_key=key)
        return [d for d in found if d.document_id != exclude_document_id]

    def fuzzy_duplicates(
        self, supplier: Party, invoice_number: str | None, total_amount: Any, document_date: str | None,
        *, exclude_document_id: str | None = None,
    ) -> list[HistoryDocument]:
        """Same supplier, same total and date, and a number that differs only by formatting
        (``keys.numbers_equivalent``) but not exactly (that is ``invoices_by_vendor_number``)."""
        cents = keys.amount_cents(total_amount)
        if cents is None or not document_date or not invoice_number or not supplier.known:
            return []
        exact = keys.number_key(invoice_number)
        found = self._by_party(keys.INVOICE_TYPES, supplier, total_cents=cents, document_date=document_date[:10])
        return [
            d for d in found
            if d.document_id != exclude_document_id
            and keys.numbers_equivalent(d.number, invoice_number)
            and keys.number_key(d.number) != exact
        ]

    def same_amount_and_date(
        self, supplier: Party, total_amount: Any, document_date: str | None, *, exclude_document_id: str | None = None
    ) -> list[HistoryDocument]:
        cents = keys.amount_cents(total_amount)
        if cents is None or not document_date or not supplier.known:
            return []
        found = self._by_party(keys.INVOICE_TYPES, supplier, total_cents=cents, document_date=document_date[:10])
        return [d for d in found if d.document_id != exclude_document_id]

    def documents_by_number(
        self, document_types: tuple[str, ...], number: str, *, supplier: Party | None = None,
        exclude_document_id: str | None = None,
    ) -> list[HistoryDocument]:
        key = keys.number_key(number)
        if not key:
            return []
        found = self._by_party(document_types, supplier, number_key=key) if supplier and supplier.known else \
            self._find(document_types, number_key=key)
        return [d for d in found if d.document_id != exclude_document_id]

    def find_invoice(self, invoice_number: str, supplier: Party | None = None) -> HistoryDocument | None:
        found = self.documents_by_number(("SUPPLIER_INVOICE", "CUSTOMER_INVOICE"), invoice_number, supplier=supplier)
        return found[-1] if found else None
