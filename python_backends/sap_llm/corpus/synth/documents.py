"""From a planned job to its :class:`DocSpec` and :class:`Style` (pure: same job, same document).

Chains regenerate the chain's purchase transaction from the chain seed, so the
PO, its goods receipt, delivery note and invoice agree on vendor, PO number,
lines, quantities and prices without sharing state between processes. A
duplicate-invoice defect regenerates the original invoice's values the same way.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import timedelta
from decimal import Decimal

from sap_llm.corpus.synth import content, kinds, values
from sap_llm.corpus.synth.details import add_details
from sap_llm.corpus.synth.parties import with_other_iban
from sap_llm.corpus.synth.printing import Printer
from sap_llm.corpus.synth.remarks import subtype_remark
from sap_llm.corpus.synth.spec import DocSpec
from sap_llm.corpus.synth.style import Style, business_style, kind_style
from sap_llm.profile import OrgProfile


@dataclass(frozen=True)
class Job:
    """One document to generate; everything about it follows from these fields."""

    index: int
    seed: int
    doc_type: str
    subtype: str
    language: str
    scanned: bool
    defect: str | None = None  # wrong_total | duplicate_invoice_number | unknown_bank_account | price_above_tolerance
    chain_id: str | None = None
    chain_role: str | None = None  # purchase_order | delivery_note | goods_receipt | supplier_invoice
    duplicate_of: int | None = None  # index of the earlier invoice whose vendor + number are reused

    @property
    def doc_id(self) -> str:
        return f"syn{self.seed}_{self.index:06d}"

    def rng(self, purpose: str) -> random.Random:
        return random.Random(f"{self.seed}:{self.index}:{purpose}")


def chain_txn(seed: int, chain_id: str, profile: OrgProfile, language: str) -> values.Txn:
    """The purchase behind a chain: identical for every member of the chain."""
    return values.purchase_txn(random.Random(f"{seed}:{chain_id}:chain"), profile, language, services=False)


def _chain_member(job: Job, profile: OrgProfile, rng: random.Random) -> values.Txn:
    assert job.chain_id is not None
    po = chain_txn(job.seed, job.chain_id, profile, job.language)
    rng_c = random.Random(f"{job.seed}:{job.chain_id}:members")
    gr_date = po.doc_date + timedelta(days=rng_c.randint(5, 25))
    dn_number = values.number_like(rng_c, gr_date.year, "delivery")
    gr_number = values.number_like(rng_c, gr_date.year, "material_doc")
    invoice_number = values.number_like(rng_c, gr_date.year, "invoice")
    invoice_date = gr_date + timedelta(days=rng_c.randint(0, 6))
    if job.chain_role == "purchase_order":
        return po
    if job.chain_role in ("goods_receipt", "delivery_note"):
        return replace(po, doc_date=gr_date - timedelta(days=1 if job.chain_role == "delivery_note" else 0),
                       number=gr_number, po_number=po.number, delivery_note_number=dn_number,
                       extra={"gr_number": gr_number, "posting_date": gr_date})
    # supplier_invoice: the vendor invoices the PO's lines; the vendor's customer is our company code
    return replace(po, doc_date=invoice_date, number=invoice_number, po_number=po.number,
                   delivery_note_number=dn_number, delivery_date=gr_date,
                   customer_number=f"{rng_c.randint(10000, 999999)}")


def invoice_txn(job: Job, profile: OrgProfile) -> values.Txn:
    """Values of a supplier invoice job (used again by a later duplicate of it)."""
    rng = job.rng("content")
    if job.chain_id:
        return _chain_member(job, profile, rng)
    services = True if job.subtype in ("SERVICE_INVOICE", "FREIGHT_INVOICE") else None
    known = 1.0 if job.defect == "unknown_bank_account" else 0.7
    return values.incoming_txn(rng, profile, job.language, services=services, known_vendor_share=known)


def build(job: Job, profile: OrgProfile, jobs_by_index: dict[int, Job] | None = None) -> tuple[DocSpec, Style]:
    """The document a job describes: its content (values, printed strings, tags) and its style."""
    rng = job.rng("content")
    layout_rng = job.rng("layout")
    t = job.doc_type
    kind = kinds.kind_of(t, job.subtype)
    style = business_style(layout_rng, t, job.language) if kind == "business" else \
        kind_style(layout_rng, t, job.language, kind)
    if kind != "business":
        spec = kinds.build_kind(kind, job, profile, style, rng, layout_rng)
        return spec, style

    defects: list[dict] = []
    printed_total: Decimal | None = None
    if t == "SUPPLIER_INVOICE":
        txn = invoice_txn(job, profile)
        if job.defect == "duplicate_invoice_number" and jobs_by_index and job.duplicate_of in jobs_by_index:
            original = invoice_txn(jobs_by_index[job.duplicate_of], profile)
            txn = replace(txn, supplier=original.supplier, number=original.number)
            defects.append({"kind": "duplicate_invoice_number", "field": "invoice_number",
                            "original_id": jobs_by_index[job.duplicate_of].doc_id})
        elif job.defect == "unknown_bank_account" and txn.supplier.from_profile:
            txn = replace(txn, supplier=with_other_iban(rng, txn.supplier))
            defects.append({"kind": "unknown_bank_account", "field": "supplier_iban",
                            "known_ibans": txn.supplier.known_ibans})
        elif job.defect == "price_above_tolerance" and job.chain_id:
            lines = list(txn.lines)
            k = rng.randrange(len(lines))
            po_price = lines[k].unit_price
            factor = Decimal(str(round(rng.uniform(1.07, 1.25), 3)))
            lines[k] = replace(lines[k], unit_price=(po_price * factor).quantize(Decimal("0.01")))
            txn = replace(txn, lines=lines)
            defects.append({"kind": "price_above_tolerance", "field": "li.unit_price", "item": lines[k].item,
                            "po_price": float(po_price), "invoice_price": float(lines[k].unit_price)})
        if job.defect == "wrong_total":
            delta = Decimal(str(round(rng.choice([1, -1]) * rng.uniform(0.5, max(1.0, float(txn.total) * 0.05)), 2)))
            printed_total = txn.total + (delta or Decimal("1.00"))
            defects.append({"kind": "wrong_total", "field": "total_amount", "expected": float(txn.total),
                            "printed": float(printed_total)})
        p = Printer(style, job.language, txn.currency, layout_rng)
        spec = content.invoice_spec(t, job.subtype, txn, p, layout_rng, printed_total=printed_total)
    elif t == "CREDIT_MEMO":
        txn = values.incoming_txn(rng, profile, job.language)
        txn = replace(txn, number=values.number_like(rng, txn.doc_date.year, "credit"),
                      lines=txn.lines[:max(1, min(len(txn.lines), rng.randint(1, 5)))])
        p = Printer(style, job.language, txn.currency, layout_rng)
        spec = content.invoice_spec(t, job.subtype, txn, p, layout_rng)
    elif t == "CUSTOMER_INVOICE":
        services = True if job.subtype == "SERVICE_INVOICE" else None
        txn = values.outgoing_txn(rng, profile, job.language, services=services)
        p = Printer(style, job.language, txn.currency, layout_rng)
        spec = content.invoice_spec(t, job.subtype, txn, p, layout_rng)
    elif t == "PURCHASE_ORDER":
        txn = _chain_member(job, profile, rng) if job.chain_id else values.purchase_txn(
            rng, profile, job.language, services=True if job.subtype == "SERVICE_PO" else None)
        p = Printer(style, job.language, txn.currency, layout_rng)
        spec = content.purchase_order_spec(job.subtype, txn, p, layout_rng)
    elif t == "SALES_ORDER":
        txn = values.outgoing_txn(rng, profile, job.language)
        txn = replace(txn, number=values.number_like(rng, txn.doc_date.year, "sales_order"))
        p = Printer(style, job.language, txn.currency, layout_rng)
        spec = content.sales_order_spec(job.subtype, txn, p, layout_rng)
    elif t == "DELIVERY_NOTE":
        txn = _chain_member(job, profile, rng) if job.chain_id else values.incoming_txn(rng, profile, job.language,
                                                                                        services=False)
        if not job.chain_id and txn.po_number is None and rng.random() < 0.7:
            txn = replace(txn, po_number=values.number_like(rng, txn.doc_date.year, "po_own"))
        p = Printer(style, job.language, txn.currency, layout_rng)
        spec = content.delivery_note_spec(job.subtype, txn, p, layout_rng)
    elif t == "GOODS_RECEIPT":
        if job.chain_id:
            txn = _chain_member(job, profile, rng)
        else:
            txn = values.purchase_txn(rng, profile, job.language, services=False)
            gr_date = txn.doc_date + timedelta(days=rng.randint(3, 20))
            gr_number = values.number_like(rng, gr_date.year, "material_doc")
            txn = replace(txn, doc_date=gr_date, number=gr_number, po_number=txn.number,
                          delivery_note_number=values.number_like(rng, gr_date.year, "delivery"),
                          extra={"gr_number": gr_number, "posting_date": gr_date})
        p = Printer(style, job.language, txn.currency, layout_rng)
        spec = content.goods_receipt_spec(job.subtype, txn, p, layout_rng)
    elif t == "GOODS_ISSUE":
        txn = values.purchase_txn(rng, profile, job.language, services=False)
        txn = replace(txn, number=values.number_like(rng, txn.doc_date.year, "issue_doc"))
        p = Printer(style, job.language, txn.currency, layout_rng)
        spec = content.goods_issue_spec(job.subtype, txn, p, layout_rng)
    elif t == "JOURNAL_ENTRY":
        txn = values.outgoing_txn(rng, profile, job.language)
        txn = replace(txn, number=values.number_like(rng, txn.doc_date.year, "journal"))
        p = Printer(style, job.language, txn.currency, layout_rng)
        spec = content.journal_entry_spec(job.subtype, txn, p, layout_rng)
    elif t == "PAYMENT_ADVICE":
        txn = values.incoming_txn(rng, profile, job.language) if rng.random() < 0.5 else \
            values.outgoing_txn(rng, profile, job.language)
        txn = replace(txn, number=values.number_like(rng, txn.doc_date.year, "payment"))
        p = Printer(style, job.language, txn.currency, layout_rng)
        spec = content.payment_advice_spec(job.subtype, txn, p, layout_rng)
    else:
        raise ValueError(f"no business builder for {t}")
    add_details(spec, p, txn, job.rng("details"))  # own streams: details and remarks never shift other choices
    remark_rng = job.rng("remark")
    remark = subtype_remark(job.subtype, job.language, style.split, remark_rng)
    if remark:
        spec.notes.insert(remark_rng.randint(0, len(spec.notes)), remark)
    spec.metadata["defects"] = defects
    spec.metadata["sap"] = {k: v for k, v in {
        "company_code": txn.company.code, "supplier_number": txn.supplier.number,
        "customer_number": txn.customer.number, "plant": txn.plant,
        "purchasing_organization": txn.purchasing_org}.items() if v}
    return spec, style
