"""invoice2data's compare set (real invoices, MIT) → corpus records.

Each ``X.pdf`` has ``X.json``: a list with one object of the values
invoice2data's templates extract. Words come from the PDF's text layer
(pdfplumber); the values are mapped to contract fields (datasets/README.md:
issuer → supplier_name, amount → total_amount, amount_untaxed → net_amount,
date → invoice_date, vat → supplier_vat_id, iban / bic → supplier_iban /
supplier_bic, lines[name, qty, price_unit, price_subtotal] →
line_items[description, quantity, unit_price, net_amount]), normalised by the
registry's value types and aligned to the words for BIO labels. Values that do
not parse (the set's placeholder ``"iban": "US1234567890"``) are dropped with a
note; documents without a PDF (``Orlen.txt``) are reported, not converted.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sap_llm.corpus.converters.align import align
from sap_llm.corpus.converters.base import Converted
from sap_llm.corpus.converters.common import detect_language, join_address, normalise_fields, pdf_words
from sap_llm.corpus.record import CorpusRecord, GroundTruth, RecordMetadata

SOURCE = "invoice2data"

HEADER_MAP: dict[str, str] = {
    "issuer": "supplier_name",
    "amount": "total_amount",
    "amount_untaxed": "net_amount",
    "amount_tax": "tax_amount",
    "date": "invoice_date",
    "date_due": "due_date",
    "invoice_number": "invoice_number",
    "vat": "supplier_vat_id",
    "static_vat": "supplier_vat_id",
    "iban": "supplier_iban",
    "bic": "supplier_bic",
    "currency": "currency",
    "date_start": "service_period_start",
    "date_end": "service_period_end",
    "purchase_order_id": "po_number",
    "payment_reference": "payment_reference",
    "payment_method": "payment_method",
    "incoterm": "incoterms",
    "partner_email": "supplier_email",
    "telephone": "supplier_phone",
    "partner_website": "supplier_website",
    "country_code": "supplier_country",
    "partner_coc": "supplier_registration_number",
    "siren": "supplier_registration_number",
    "customer_order_free_ref": "customer_reference",
}
LINE_MAP: dict[str, str] = {
    "pos": "item",
    "item": "item",
    "code": "material",
    "name": "description",
    "desc": "description",
    "qty": "quantity",
    "unece_code": "unit",
    "price_unit": "unit_price",
    "price": "unit_price",
    "price_subtotal": "net_amount",
    "line_tax_percent": "tax_rate",
    "taxpercent": "tax_rate",
    "discount": "discount_rate",
}


def _first_line(value: Any) -> Any:
    """invoice2data joins multi-line descriptions with newlines; the first line is the item's name."""
    return value.split("\n")[0] if isinstance(value, str) else value


def map_values(data: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]], list[str]]:
    """invoice2data keys → contract header fields and line items (raw values, not yet normalised)."""
    header: dict[str, Any] = {}
    notes: list[str] = []
    for key, value in data.items():
        target = HEADER_MAP.get(key)
        if target and target not in header and value not in (None, "", []):
            header[target] = value
    address = join_address(data.get("partner_street"), data.get("partner_street2"), data.get("partner_street3"),
                           " ".join(str(data[k]) for k in ("partner_zip", "partner_city") if data.get(k)) or None)
    if address:
        header["supplier_address"] = address
    if isinstance(header.get("supplier_country"), str):
        header["supplier_country"] = header["supplier_country"].upper()
    items: list[dict[str, Any]] = []
    for line in data.get("lines") or data.get("line_items") or []:
        if not isinstance(line, dict):
            continue
        item = {LINE_MAP[k]: (_first_line(v) if LINE_MAP[k] == "description" else v)
                for k, v in line.items() if k in LINE_MAP and v not in (None, "")}
        if item.get("discount_rate") in (0, 0.0):
            del item["discount_rate"]
        if item.get("description"):  # section headers and notes are not items
            items.append(item)
        elif item:
            notes.append(f"line without a description skipped: {sorted(item)}")
    return header, items, notes


def convert_one(json_path: Path) -> Converted:
    origin = json_path.name
    pdf = json_path.with_suffix(".pdf")
    if not pdf.is_file():
        return Converted(SOURCE, origin, error="no PDF beside the ground truth (text-only sample: no layout)")
    try:
        loaded = json.loads(json_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return Converted(SOURCE, origin, error=f"cannot read ground truth: {exc}")
    data = loaded[0] if isinstance(loaded, list) and loaded else loaded
    if not isinstance(data, dict):
        return Converted(SOURCE, origin, error="ground truth is not an object")
    header_raw, items_raw, notes = map_values(data)
    fields, dropped = normalise_fields(header_raw)
    notes += dropped
    items = []
    for item in items_raw:
        normal, dropped = normalise_fields(item, level="line_item")
        notes += dropped
        if normal.get("description"):
            items.append(normal)
    try:
        page = pdf_words(pdf)
    except Exception as exc:  # a damaged PDF is reported, the others go on
        return Converted(SOURCE, origin, content_path=pdf, error=f"cannot read PDF text: {type(exc).__name__}: {exc}")
    if not page.words:
        return Converted(SOURCE, origin, content_path=pdf, error="PDF has no text layer")
    alignment = align(page.words, page.boxes, fields, items, pages=page.pages)
    language = detect_language(page.text)
    record = CorpusRecord(
        id=f"invoice2data_{pdf.stem}",
        source=SOURCE,
        document_type="SUPPLIER_INVOICE",
        subtype="STANDARD_INVOICE",
        pdf_path=str(pdf.resolve()),
        image_path=str(pdf.with_suffix(".png").resolve()) if pdf.with_suffix(".png").is_file() else None,
        ocr_text=page.text,
        words=page.words,
        boxes=page.boxes,
        word_pages=page.pages,
        labels=alignment.labels,
        ground_truth=GroundTruth(fields=fields, line_items=items),
        metadata=RecordMetadata(language=language, layout=f"invoice2data_{pdf.stem}",
                                created_date=dt.date.today().isoformat(), scanned=False,
                                page_count=page.page_count, annotation="partial",
                                # real documents with no dev part: evaluation only, never training
                                split="test", allowed_splits=["test"]),
    )
    return Converted(SOURCE, origin, record, pdf, alignment.coverage, alignment.missing, notes)


def convert(root: Path, *, limit: int | None = None) -> Iterator[Converted]:
    files = sorted(root.glob("*.json"))
    if not files:
        raise FileNotFoundError(f"no invoice2data ground truth (*.json) under {root}")
    for n, path in enumerate(files):
        if limit is not None and n >= limit:
            break
        yield convert_one(path)
