"""Business documents as :class:`DocSpec`: what each type prints, tagged with contract fields.

One builder per type turns transaction values (``values.Txn``) into printed
fields, table rows and totals, using the document's :class:`Printer` for every
string. Ground-truth values are the contract's normal forms of exactly what is
printed (a deliberately wrong total is printed and is the ground truth).
"""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal
from typing import Any

from sap_llm.corpus.synth import subtypes as subtype_cues
from sap_llm.corpus.synth.details import DETAIL_COLUMNS, RETURN_REASONS, SCRAP_REASONS, detail_column, one_of
from sap_llm.corpus.synth.parties import Party, format_iban, format_vat_id
from sap_llm.corpus.synth.printing import INTROS, THANKS, Printer
from sap_llm.corpus.synth.spec import Cell, DocSpec, Field, PartyBlock, value
from sap_llm.corpus.synth.values import Line, Txn

AMOUNT_COLUMNS = {"unit_price", "net_amount", "debit_amount", "credit_amount", "gross_amount", "discount_amount",
                  "paid_amount", "tax_rate", "_days_overdue", "package_count", "gross_weight"}


def title_for(p: Printer, doc_type: str, subtype: str, rng: random.Random, base_key: str | None = None) -> str:
    cue = subtype_cues.SUBTYPE_TITLES.get(doc_type, {}).get(subtype, (0, None))[1]
    if cue:
        from sap_llm.corpus.synth.vocab import pick

        return pick(rng, {"t": cue}, "t", p.language, p.style.split)
    return p.title(base_key or doc_type)


def num(value_: Decimal) -> float:
    """JSON number in the contract's normal form (2 places for amounts)."""
    return float(value_.quantize(Decimal("0.01")))


def qty_value(q: Decimal) -> float | int:
    return int(q) if q == q.to_integral() else float(q)


def rate_value(rate: Decimal) -> float | int:
    return int(rate) if rate == rate.to_integral() else float(rate)


def party_block(p: Printer, party: Party, role: str | None, *, bank: bool = False, vat: bool = True) -> PartyBlock:
    """Tags for a party in a role: supplier / customer / payer / payee / ship_to / None (untagged)."""
    name_tag = f"{role}_name" if role else None
    address_tag = f"{role}_address" if role in ("supplier", "customer", "ship_to") else None
    vat_tag = f"{role}_vat_id" if role in ("supplier", "customer") and vat else None
    block = PartyBlock(party, name_tag, address_tag, vat_tag=vat_tag,
                       vat_text=format_vat_id(party.vat_id, party.country, p.rng) if party.vat_id else None)
    if bank and party.iban:
        block.iban_tag = "supplier_iban" if role == "supplier" else ("payee_iban" if role == "payee" else None)
        block.bic_tag = "supplier_bic" if role == "supplier" else None
        block.bank_tag = "supplier_bank_name" if role == "supplier" else None
        block.iban_text = format_iban(party.iban, p.rng)
    block.show_bank = bank
    return block


def line_rows(p: Printer, lines: list[Line], columns: list[str], *, ordered: dict[str, Decimal] | None = None,
              extra: dict[str, list[Cell]] | None = None) -> list[dict[str, Cell]]:
    rows = []
    for i, line in enumerate(lines):
        row: dict[str, Cell] = {}
        for col in columns:
            if col == "item":
                row[col] = Cell(line.item, line.item)
            elif col == "material":
                row[col] = Cell(line.material, line.material)
            elif col == "description":
                row[col] = Cell(line.description, line.description)
            elif col == "quantity":
                row[col] = Cell(p.qty(line.quantity, line.qty_places), qty_value(line.quantity))
            elif col == "unit":
                row[col] = Cell(p.unit(line.unit), line.unit)
            elif col == "unit_price":
                row[col] = Cell(p.num(line.unit_price), num(line.unit_price))
            elif col == "net_amount":
                row[col] = Cell(p.num(line.net), num(line.net))
            elif col == "tax_rate":
                row[col] = Cell(p.percent(line.tax_rate), rate_value(line.tax_rate))
            elif col == "ordered_quantity" and ordered is not None:
                q = ordered.get(line.item, line.quantity)
                row[col] = Cell(p.qty(q, line.qty_places), qty_value(q))
            elif extra and col in extra:
                row[col] = extra[col][i]
        rows.append(row)
    return rows


def totals_block(p: Printer, txn: Txn, printed_total: Decimal | None = None) -> list[Field]:
    """Net, tax (with its rate) and grand total; the grand total carries the currency where printed."""
    net_f = Field(p.label("net_amount"), p.amount(txn.net, "net_amount", with_currency=p.rng.random() < 0.3),
                  {"net_amount": num(txn.net)})
    tax_label = p.label("tax_amount")
    if len(txn.rates) > 1:  # a breakdown per rate (plain text), then the tax total (tagged)
        rows = [net_f]
        for rate in txn.rates:
            base = p.num(txn.net_at(rate))
            rows.append(Field(f"{tax_label} {p.percent(rate)} ({base})", p.amount(txn.tax_at(rate), None,
                                                                                with_currency=False)))
        total_word = {"EN": "Total", "DE": "Summe", "FR": "Total", "ES": "Total", "IT": "Totale"}[p.language]
        rows.append(Field(f"{total_word} {tax_label}", p.amount(txn.tax, "tax_amount", with_currency=False),
                          {"tax_amount": num(txn.tax)}))
        total = txn.total if printed_total is None else printed_total
        rows.append(Field(p.label("total_amount"), p.amount(total, "total_amount", currency_tag="currency"),
                          {"total_amount": num(total), "currency": txn.currency}, emphasis=True))
        return rows
    rate_text = p.percent(txn.tax_rate)
    tax_segments = p.amount(txn.tax, "tax_amount", with_currency=p.rng.random() < 0.3)
    if p.rng.random() < 0.8:
        # "VAT 19%": the rate sits in the label column and is a value of its own (tax_rate)
        tax_f = Field(f"{tax_label} {rate_text}", tax_segments,
                      {"tax_amount": num(txn.tax), "tax_rate": rate_value(txn.tax_rate)},
                      label_segments=[(f"{tax_label} ", None), (rate_text, "tax_rate")])
    else:
        tax_f = Field(tax_label, tax_segments, {"tax_amount": num(txn.tax)})
    total = txn.total if printed_total is None else printed_total
    total_f = Field(p.label("total_amount"), p.amount(total, "total_amount", currency_tag="currency"),
                    {"total_amount": num(total), "currency": txn.currency}, emphasis=True)
    return [net_f, tax_f, total_f]


def currency_field(p: Printer, currency: str) -> Field:
    return value(p.label("currency"), currency, "currency", currency)


def base_spec(doc_type: str, subtype: str, p: Printer, title: str, issuer: PartyBlock | None,
              addressee: PartyBlock | None) -> DocSpec:
    return DocSpec(doc_type=doc_type, subtype=subtype, language=p.language, currency=p.currency, kind="business",
                   title=title, issuer=issuer, addressee=addressee)


def _columns(p: Printer, spec: DocSpec, columns: list[str]) -> None:
    spec.columns = columns
    # the subtype details' columns have their labels there; "_" ones are no contract column and print untagged
    spec.column_labels = [detail_column(p.rng, c, p.language, p.style.split) if c in DETAIL_COLUMNS
                          else p.column(c) for c in columns]
    spec.numeric_columns = {c for c in columns if c in AMOUNT_COLUMNS}


# ── invoices and credit memos ──────────────────────────────────────────────
def invoice_spec(doc_type: str, subtype: str, txn: Txn, p: Printer, rng: random.Random, *,
                 printed_total: Decimal | None = None) -> DocSpec:
    incoming = doc_type in ("SUPPLIER_INVOICE", "CREDIT_MEMO")
    credit = doc_type == "CREDIT_MEMO"
    issuer = party_block(p, txn.supplier, "supplier", bank=True)
    addressee = party_block(p, txn.customer, "customer", vat=not incoming)
    base_key = "CREDIT_MEMO" if credit else ("SUPPLIER_INVOICE" if incoming else "CUSTOMER_INVOICE")
    spec = base_spec(doc_type, subtype, p, title_for(p, doc_type, subtype, rng, base_key), issuer, addressee)
    number_label = p.label("credit_number" if credit else "invoice_number")
    spec.header.append(value(number_label, txn.number, "invoice_number", txn.number, document_number=txn.number))
    iso = txn.doc_date.isoformat()
    spec.header.append(value(p.label("invoice_date"), p.date(txn.doc_date), "invoice_date", iso, document_date=iso))
    if credit and rng.random() < 0.7:
        original = txn.extra.get("original_invoice") or f"{txn.number[:-2]}{rng.randint(10, 99)}"
        spec.header.append(value(p.label("original_invoice_number"), original, "original_invoice_number", original))
    if txn.customer_number and rng.random() < 0.7:
        spec.header.append(value(p.label("customer_number"), txn.customer_number, "customer_number",
                                 txn.customer_number))
    if txn.po_number:
        spec.header.append(value(p.label("po_number"), txn.po_number, "po_number", txn.po_number))
    if txn.delivery_date and not credit and rng.random() < 0.5:
        spec.header.append(value(p.label("delivery_date"), p.date(txn.delivery_date), "delivery_date",
                                 txn.delivery_date.isoformat()))
    if txn.delivery_note_number and incoming and not credit and rng.random() < 0.3:
        spec.header.append(value(p.label("delivery_note_number"), txn.delivery_note_number, "delivery_note_number",
                                 txn.delivery_note_number))
    due = txn.doc_date + timedelta(days=txn.due_days)
    if rng.random() < 0.5:
        spec.header.append(value(p.label("due_date"), p.date(due), "due_date", due.isoformat()))
    if not incoming and txn.customer.vat_id and rng.random() < 0.6:
        text = format_vat_id(txn.customer.vat_id, txn.customer.country, rng)
        spec.header.append(value(p.label("customer_vat_id"), text, "customer_vat_id", txn.customer.vat_id))
    if not p.currency_separate() or rng.random() < 0.2:
        spec.header.append(currency_field(p, txn.currency))
    rng.shuffle(spec.header[2:])
    columns = ["item", "material", "description", "quantity", "unit", "unit_price", "net_amount"]
    if rng.random() < 0.3 or len(txn.rates) > 1:
        columns.insert(6, "tax_rate")
    _columns(p, spec, columns)
    spec.rows = line_rows(p, txn.lines, columns)
    spec.row_amount_column = "net_amount"
    spec.totals = totals_block(p, txn, printed_total)
    spec.intro = rng.choice(INTROS["invoice"][p.language]) if not credit else None
    terms = p.payment_terms(txn.due_days, txn.discount_days)
    if not credit:
        spec.notes.append(value(p.label("payment_terms"), terms, "payment_terms", terms))
    if rng.random() < 0.6:
        spec.notes.append(rng.choice(THANKS[p.language]))
    return spec


# ── purchase orders and sales orders ───────────────────────────────────────
def purchase_order_spec(subtype: str, txn: Txn, p: Printer, rng: random.Random) -> DocSpec:
    issuer = party_block(p, txn.customer, "customer", vat=True)
    addressee = party_block(p, txn.supplier, "supplier", vat=False)
    spec = base_spec("PURCHASE_ORDER", subtype, p, title_for(p, "PURCHASE_ORDER", subtype, rng), issuer, addressee)
    iso = txn.doc_date.isoformat()
    spec.header.append(value(p.label("po_number"), txn.number, "po_number", txn.number, document_number=txn.number))
    spec.header.append(value(p.label("po_date"), p.date(txn.doc_date), "po_date", iso, document_date=iso))
    optional = []
    if txn.supplier_number:
        optional.append(value(p.label("supplier_number"), txn.supplier_number, "supplier_number", txn.supplier_number))
    if txn.delivery_date:
        optional.append(value(p.label("delivery_date"), p.date(txn.delivery_date), "delivery_date",
                              txn.delivery_date.isoformat()))
    for key, val in (("company_code", txn.company.code), ("purchasing_organization", txn.purchasing_org),
                     ("purchasing_group", txn.purchasing_group), ("plant", txn.plant)):
        if val and rng.random() < 0.6:
            optional.append(value(p.label(key), val, key, val))
    if rng.random() < 0.5:
        terms = p.payment_terms(txn.due_days, txn.discount_days)
        optional.append(value(p.label("payment_terms"), terms, "payment_terms", terms))
    if rng.random() < 0.4:
        inco = rng.choice(["EXW", "FCA", "DAP", "DDP", "CPT"])
        optional.append(value(p.label("incoterms"), inco, "incoterms", inco))
    if not p.currency_separate() or rng.random() < 0.3:
        optional.append(currency_field(p, txn.currency))
    rng.shuffle(optional)
    spec.header.extend(optional)
    if txn.plant and rng.random() < 0.6:
        detail = next((d for d in txn.company.plant_details if d.plant == txn.plant), None)
        if detail and detail.address:
            ship = Party(name=detail.name or txn.company.name, address_lines=[s.strip() for s in detail.address.split(",")],
                         country=txn.company.country or "DE")
            spec.extra_parties.append((_ship_caption(p), party_block(p, ship, "ship_to")))
    columns = ["item", "material", "description", "quantity", "unit", "unit_price", "net_amount"]
    _columns(p, spec, columns)
    spec.rows = line_rows(p, txn.lines, columns)
    spec.row_amount_column = "net_amount"
    if rng.random() < 0.5:
        spec.totals = totals_block(p, txn)
    else:
        spec.totals = [Field(p.label("net_amount"), p.amount(txn.net, "net_amount", currency_tag="currency"),
                             {"net_amount": num(txn.net), "currency": txn.currency}, emphasis=True)]
    spec.intro = rng.choice(INTROS["order"][p.language])
    return spec


SHIP_CAPTIONS = {"EN": ["Delivery address", "Ship to", "Deliver to"], "DE": ["Lieferanschrift", "Lieferadresse", "Anlieferung"],
                 "FR": ["Adresse de livraison", "Livrer à", "Lieu de livraison"],
                 "ES": ["Dirección de entrega", "Entregar en", "Lugar de entrega"],
                 "IT": ["Indirizzo di consegna", "Consegnare a", "Luogo di consegna"]}


def _ship_caption(p: Printer) -> str:
    return p.rng.choice(SHIP_CAPTIONS[p.language]) + ":"


def sales_order_spec(subtype: str, txn: Txn, p: Printer, rng: random.Random) -> DocSpec:
    """Either the customer's own purchase order received by us, or our order confirmation."""
    confirmation = subtype != "STANDARD_ORDER" or rng.random() < 0.45
    if confirmation:
        issuer = party_block(p, txn.supplier, "supplier", bank=rng.random() < 0.5)
        addressee = party_block(p, txn.customer, "customer")
        title = title_for(p, "SALES_ORDER", subtype, rng, "SALES_ORDER_CONF")
    else:
        issuer = party_block(p, txn.customer, "customer")
        addressee = party_block(p, txn.supplier, "supplier", vat=False)
        title = p.title("PURCHASE_ORDER")
    spec = base_spec("SALES_ORDER", subtype, p, title, issuer, addressee)
    iso = txn.doc_date.isoformat()
    if confirmation:
        so = txn.extra.get("sales_order_number") or txn.number
        spec.header.append(value(p.label("sales_order_number"), so, "sales_order_number", so, document_number=so))
        spec.header.append(value(p.label("document_date"), p.date(txn.doc_date), "document_date", iso))
        if txn.po_number:
            spec.header.append(value(p.label("po_number"), txn.po_number, "po_number", txn.po_number))
        if txn.customer_number:
            spec.header.append(value(p.label("customer_number"), txn.customer_number, "customer_number",
                                     txn.customer_number))
    else:
        po = txn.po_number or txn.number
        spec.header.append(value(p.label("po_number"), po, "po_number", po))
        spec.header.append(value(p.label("po_date"), p.date(txn.doc_date), "po_date", iso, document_date=iso))
    if txn.delivery_date and rng.random() < 0.7:
        spec.header.append(value(p.label("delivery_date"), p.date(txn.delivery_date), "delivery_date",
                                 txn.delivery_date.isoformat()))
    if rng.random() < 0.5:
        terms = p.payment_terms(txn.due_days, txn.discount_days)
        spec.header.append(value(p.label("payment_terms"), terms, "payment_terms", terms))
    if not p.currency_separate() or rng.random() < 0.2:
        spec.header.append(currency_field(p, txn.currency))
    columns = ["item", "material", "description", "quantity", "unit", "unit_price", "net_amount"]
    _columns(p, spec, columns)
    spec.rows = line_rows(p, txn.lines, columns)
    spec.row_amount_column = "net_amount"
    spec.totals = totals_block(p, txn)
    spec.intro = rng.choice(INTROS["order"][p.language])
    return spec


# ── delivery notes, goods receipts, goods issues ───────────────────────────
def delivery_note_spec(subtype: str, txn: Txn, p: Printer, rng: random.Random) -> DocSpec:
    issuer = party_block(p, txn.supplier, "supplier")
    addressee = party_block(p, txn.customer, "customer", vat=False)
    spec = base_spec("DELIVERY_NOTE", subtype, p, title_for(p, "DELIVERY_NOTE", subtype, rng), issuer, addressee)
    dn = txn.delivery_note_number or txn.number
    iso = txn.doc_date.isoformat()
    spec.header.append(value(p.label("delivery_note_number"), dn, "delivery_note_number", dn, document_number=dn))
    spec.header.append(value(p.label("document_date"), p.date(txn.doc_date), "document_date", iso))
    if txn.po_number:
        spec.header.append(value(p.label("po_number"), txn.po_number, "po_number", txn.po_number))
    if txn.delivery_date and rng.random() < 0.6:
        spec.header.append(value(p.label("delivery_date"), p.date(txn.delivery_date), "delivery_date",
                                 txn.delivery_date.isoformat()))
    if txn.customer_number and rng.random() < 0.6:
        spec.header.append(value(p.label("customer_number"), txn.customer_number, "customer_number",
                                 txn.customer_number))
    if rng.random() < 0.5:
        carrier = rng.choice(["DHL Freight", "DB Schenker", "Kuehne + Nagel", "DSV Road", "GEODIS", "SEUR", "BRT",
                              "UPS", "Dachser", "GLS"])
        spec.header.append(value(p.label("carrier_name"), carrier, "carrier_name", carrier))
    partial = subtype == "PARTIAL_DELIVERY"
    columns = ["item", "material", "description", "quantity", "unit"]
    ordered = None
    extra: dict[str, list[Cell]] = {}
    if partial or rng.random() < 0.3:
        columns.insert(3, "ordered_quantity")
        ordered = {line.item: line.quantity * (2 if partial else 1) for line in txn.lines}
    if partial and rng.random() < 0.7:  # what is still to follow
        columns.append("backorder_quantity")
        extra["backorder_quantity"] = [Cell(p.qty(line.quantity, line.qty_places), qty_value(line.quantity))
                                       for line in txn.lines]
    if subtype == "PACKING_LIST":  # what is packed where: packages and weight per line
        columns += ["package_count", "gross_weight"]
        counts = [rng.randint(1, 6) for _ in txn.lines]
        weights = [Decimal(str(round(rng.uniform(0.5, 250), 1))) for _ in txn.lines]
        extra["package_count"] = [Cell(str(c), c) for c in counts]
        extra["gross_weight"] = [Cell(p.num(w, 1), float(w)) for w in weights]
    _columns(p, spec, columns)
    spec.rows = line_rows(p, txn.lines, columns, ordered=ordered, extra=extra)
    packages = rng.randint(1, 12)
    weight = Decimal(str(round(rng.uniform(2, 900), 1)))
    spec.notes.append(value(p.label("number_of_packages"), str(packages), "number_of_packages", packages))
    if rng.random() < 0.7:
        spec.notes.append(Field(p.label("gross_weight"), [(p.num(weight, 1), "gross_weight"), (" kg", None)],
                                {"gross_weight": float(weight)}))
    return spec


MOVEMENT_TYPES = {"GR_FOR_PO": "101", "RETURN_TO_VENDOR": "122", "GR_BLOCKED_STOCK": "103",
                  "COST_CENTER": "201", "SCRAPPING": "551", "PRODUCTION_ORDER": "261"}


def goods_receipt_spec(subtype: str, txn: Txn, p: Printer, rng: random.Random) -> DocSpec:
    issuer = party_block(p, txn.customer, None)
    spec = base_spec("GOODS_RECEIPT", subtype, p, title_for(p, "GOODS_RECEIPT", subtype, rng), issuer, None)
    number = txn.extra.get("gr_number") or txn.number
    iso = txn.doc_date.isoformat()
    spec.header.append(value(p.label("material_document"), number, "document_number", number))
    spec.header.append(value(p.label("document_date"), p.date(txn.doc_date), "document_date", iso))
    posting = txn.extra.get("posting_date", txn.doc_date)
    spec.header.append(value(p.label("posting_date"), p.date(posting), "posting_date", posting.isoformat()))
    if txn.po_number:
        spec.header.append(value(p.label("po_number"), txn.po_number, "po_number", txn.po_number))
    if txn.delivery_note_number and rng.random() < 0.7:
        spec.header.append(value(p.label("delivery_note_number"), txn.delivery_note_number, "delivery_note_number",
                                 txn.delivery_note_number))
    for key, val in (("plant", txn.plant), ("storage_location", txn.storage_location),
                     ("company_code", txn.company.code)):
        if val and rng.random() < 0.7:
            spec.header.append(value(p.label(key), val, key, val))
    if rng.random() < 0.6:
        mvt = MOVEMENT_TYPES[subtype]
        spec.header.append(value(p.label("movement_type"), mvt, "movement_type", mvt))
    if txn.supplier_number and rng.random() < 0.5:
        spec.header.append(value(p.label("supplier_number"), txn.supplier_number, "supplier_number",
                                 txn.supplier_number))
    caption = p.label("supplier_number").split()[0].rstrip(".:-") if p.language != "EN" else "Vendor"
    spec.extra_parties.append((rng.choice([caption, {"EN": "Supplier", "DE": "Lieferant", "FR": "Fournisseur",
                                                    "ES": "Proveedor", "IT": "Fornitore"}[p.language]]) + ":",
                               party_block(p, txn.supplier, "supplier", vat=False)))
    columns = ["item", "material", "description", "quantity", "unit"]
    extra: dict[str, list[Cell]] = {}
    if rng.random() < 0.5:
        columns.append("po_item")
        extra["po_item"] = [Cell(line.item, line.item) for line in txn.lines]
    if rng.random() < 0.4:
        columns.append("batch")
        batches = [f"CH{rng.randint(100000, 999999)}" for _ in txn.lines]
        extra["batch"] = [Cell(b, b) for b in batches]
    if rng.random() < 0.3 and txn.storage_location:
        columns.append("storage_location")
        extra["storage_location"] = [Cell(txn.storage_location, txn.storage_location) for _ in txn.lines]
    if subtype == "RETURN_TO_VENDOR":  # why each line goes back
        columns.append("reason")
        reasons = [one_of(RETURN_REASONS, rng, p.language) for _ in txn.lines]
        extra["reason"] = [Cell(r, r) for r in reasons]
    _columns(p, spec, columns)
    spec.rows = line_rows(p, txn.lines, columns, extra=extra)
    return spec


def goods_issue_spec(subtype: str, txn: Txn, p: Printer, rng: random.Random) -> DocSpec:
    issuer = party_block(p, txn.customer, None)
    spec = base_spec("GOODS_ISSUE", subtype, p, title_for(p, "GOODS_ISSUE", subtype, rng), issuer, None)
    number = txn.extra.get("gi_number") or txn.number
    iso = txn.doc_date.isoformat()
    spec.header.append(value(p.label("issue_document"), number, "document_number", number))
    spec.header.append(value(p.label("document_date"), p.date(txn.doc_date), "document_date", iso))
    if rng.random() < 0.7:
        spec.header.append(value(p.label("posting_date"), p.date(txn.doc_date), "posting_date", iso))
    for key, val in (("plant", txn.plant), ("storage_location", txn.storage_location),
                     ("company_code", txn.company.code)):
        if val and rng.random() < 0.7:
            spec.header.append(value(p.label(key), val, key, val))
    cost_center = f"{rng.choice(['1000', '2000', '4100', '4200'])}{rng.randint(10, 99)}"
    if subtype != "PRODUCTION_ORDER":
        spec.header.append(value(p.label("cost_center"), cost_center, "cost_center", cost_center))
    mvt = MOVEMENT_TYPES[subtype]
    spec.header.append(value(p.label("movement_type"), mvt, "movement_type", mvt))
    columns = ["item", "material", "description", "quantity", "unit"]
    extra: dict[str, list[Cell]] = {}
    if rng.random() < 0.4:
        columns.append("batch")
        extra["batch"] = [Cell(b, b) for b in (f"B{rng.randint(10000, 99999)}" for _ in txn.lines)]
    if subtype == "SCRAPPING":  # why each line is written off
        columns.append("reason")
        extra["reason"] = [Cell(r, r) for r in (one_of(SCRAP_REASONS, rng, p.language) for _ in txn.lines)]
    _columns(p, spec, columns)
    spec.rows = line_rows(p, txn.lines, columns, extra=extra)
    return spec


# ── journal entries and payment advices ────────────────────────────────────
GL_ACCOUNTS = [("400000", {"EN": "Material expenses", "DE": "Materialaufwand", "FR": "Achats de matières",
                           "ES": "Compras de materiales", "IT": "Acquisti materiali"}),
               ("470000", {"EN": "Office supplies", "DE": "Büromaterial", "FR": "Fournitures de bureau",
                           "ES": "Material de oficina", "IT": "Cancelleria"}),
               ("473000", {"EN": "Travel expenses", "DE": "Reisekosten", "FR": "Frais de déplacement",
                           "ES": "Gastos de viaje", "IT": "Spese di viaggio"}),
               ("476000", {"EN": "Consulting fees", "DE": "Beratungskosten", "FR": "Honoraires",
                           "ES": "Honorarios", "IT": "Consulenze"}),
               ("191100", {"EN": "Accrued liabilities", "DE": "Abgegrenzte Verbindlichkeiten", "FR": "Charges à payer",
                           "ES": "Gastos devengados", "IT": "Ratei passivi"}),
               ("113100", {"EN": "Bank account", "DE": "Bankkonto", "FR": "Banque", "ES": "Cuenta bancaria",
                           "IT": "Conto banca"}),
               ("610000", {"EN": "Rent", "DE": "Miete", "FR": "Loyers", "ES": "Arrendamientos", "IT": "Affitti"}),
               ("800000", {"EN": "Sales revenue", "DE": "Umsatzerlöse", "FR": "Ventes", "ES": "Ventas",
                           "IT": "Ricavi vendite"})]


def journal_entry_spec(subtype: str, txn: Txn, p: Printer, rng: random.Random) -> DocSpec:
    issuer = party_block(p, txn.customer, None)
    spec = base_spec("JOURNAL_ENTRY", subtype, p, title_for(p, "JOURNAL_ENTRY", subtype, rng), issuer, None)
    number = txn.extra.get("je_number") or txn.number
    iso = txn.doc_date.isoformat()
    spec.header.append(value(p.label("document_number"), number, "document_number", number))
    spec.header.append(value(p.label("company_code"), txn.company.code, "company_code", txn.company.code))
    spec.header.append(value(p.label("posting_date"), p.date(txn.doc_date), "posting_date", iso))
    if rng.random() < 0.6:
        spec.header.append(value(p.label("document_date"), p.date(txn.doc_date), "document_date", iso))
    spec.header.append(value(p.label("fiscal_year"), str(txn.doc_date.year), "fiscal_year", txn.doc_date.year))
    spec.header.append(currency_field(p, txn.currency))
    if rng.random() < 0.5:
        ref = f"REF-{rng.randint(1000, 99999)}"
        spec.header.append(value(p.label("reference"), ref, "reference", ref))
    pairs = rng.randint(1, 4) if rng.random() < 0.8 else rng.randint(15, 25)
    rows: list[dict[str, Cell]] = []
    total = Decimal("0")
    item = 1
    for _ in range(pairs):
        amount = (Decimal(str(rng.uniform(50, 25000)))).quantize(Decimal("0.01"))
        total += amount
        debit_acct, credit_acct = rng.sample(GL_ACCOUNTS, 2)
        cc = f"{rng.choice(['1000', '2000', '4100'])}{rng.randint(10, 99)}"
        for acct, side in ((debit_acct, "debit_amount"), (credit_acct, "credit_amount")):
            row = {"item": Cell(str(item), str(item)), "gl_account": Cell(acct[0], acct[0]),
                   "item_text": Cell(acct[1][p.language], acct[1][p.language]),
                   side: Cell(p.num(amount), num(amount))}
            if side == "debit_amount" and rng.random() < 0.7:
                row["cost_center"] = Cell(cc, cc)
            rows.append(row)
            item += 1
    columns = ["item", "gl_account", "item_text", "cost_center", "debit_amount", "credit_amount"]
    _columns(p, spec, columns)
    spec.rows = rows
    spec.totals = [value(p.label("total_debit"), p.num(total), "total_debit", num(total)),
                   value(p.label("total_credit"), p.num(total), "total_credit", num(total))]
    return spec


def payment_advice_spec(subtype: str, txn: Txn, p: Printer, rng: random.Random) -> DocSpec:
    """The payer (``txn.customer``) tells the payee (``txn.supplier``) which invoices it pays.

    Built on an incoming transaction, we pay a vendor; on an outgoing one, a customer pays us.
    """
    payer, payee = txn.customer, txn.supplier
    issuer = party_block(p, payer, "payer")
    addressee = party_block(p, payee, "payee")
    spec = base_spec("PAYMENT_ADVICE", subtype, p, title_for(p, "PAYMENT_ADVICE", subtype, rng), issuer, addressee)
    number = txn.extra.get("payment_number") or txn.number
    pay_date = txn.doc_date + timedelta(days=rng.randint(0, 3))
    spec.header.append(value(p.label("payment_reference"), number, "payment_reference", number,
                             document_number=number))
    spec.header.append(value(p.label("payment_date"), p.date(pay_date), "payment_date", pay_date.isoformat()))
    if rng.random() < 0.5:
        spec.header.append(value(p.label("document_date"), p.date(txn.doc_date), "document_date",
                                 txn.doc_date.isoformat()))
    if payee.iban and rng.random() < 0.6:
        spec.header.append(value(p.label("supplier_iban"), format_iban(payee.iban, rng), "payee_iban", payee.iban))
    if not p.currency_separate() or rng.random() < 0.4:
        spec.header.append(currency_field(p, txn.currency))
    reminder = subtype == "PAYMENT_REMINDER"  # lists what is overdue, not what was paid
    rows = []
    total = Decimal("0")
    for i in range(rng.randint(1, 8) if rng.random() < 0.85 else rng.randint(25, 40)):
        gross = Decimal(str(rng.uniform(80, 12000))).quantize(Decimal("0.01"))
        discount = (gross * Decimal("0.02")).quantize(Decimal("0.01")) if rng.random() < 0.3 else Decimal("0")
        paid = gross - discount
        inv = f"{rng.choice(['RE', 'INV', 'F', ''])}{rng.randint(10000, 999999)}"
        inv_date = txn.doc_date - timedelta(days=rng.randint(10, 70))
        row = {"item": Cell(str(i + 1), str(i + 1)), "invoice_number": Cell(inv, inv),
               "invoice_date": Cell(p.date(inv_date), inv_date.isoformat()),
               "gross_amount": Cell(p.num(gross), num(gross))}
        if reminder:
            due = inv_date + timedelta(days=rng.choice([7, 14, 30]))
            overdue = max((txn.doc_date - due).days, 1)
            row["_due_date"] = Cell(p.date(due), None)
            row["_days_overdue"] = Cell(str(overdue), None)
            total += gross
        else:
            row["paid_amount"] = Cell(p.num(paid), num(paid))
            if discount:
                row["discount_amount"] = Cell(p.num(discount), num(discount))
            total += paid
        rows.append(row)
    columns = ["item", "invoice_number", "invoice_date", "_due_date", "_days_overdue", "gross_amount"] if reminder \
        else ["item", "invoice_number", "invoice_date", "gross_amount", "discount_amount", "paid_amount"]
    _columns(p, spec, columns)
    spec.rows = rows
    spec.row_amount_column = "gross_amount" if reminder else "paid_amount"
    spec.totals = [Field(p.label("total_amount"), p.amount(total, "total_amount", currency_tag="currency"),
                         {"total_amount": num(total), "currency": txn.currency}, emphasis=True)]
    return spec


def spec_gt_value(spec: DocSpec, tag: str) -> Any:
    for f in [*spec.header, *spec.totals, *[n for n in spec.notes if isinstance(n, Field)]]:
        if tag in f.gt:
            return f.gt[tag]
    return None
