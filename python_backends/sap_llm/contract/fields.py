"""The field registry: every ADC field, its type, normal form, types and requiredness.

One row per field and level. Header fields live in an ADC's ``fields`` object,
line-item fields in each object of ``line_items``. A field shared by several
document types is one row listing all of them. The JSON Schemas
(``sap_llm.contract.schema``), the extractor's label set (BIO tags
``B-<name>`` for header fields, ``B-li.<name>`` for line-item columns), the
generator's ground truth and the quality gate's completeness check are all
derived from this table, so a field is added here and nowhere else.

Required sets are deliberately small: what any real document of the type
carries. Everything else is optional; a field a document does not carry is
absent (never null, never "").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

from sap_llm.contract.doctypes import DOCUMENT_TYPES, SUBTYPES, TYPE_INFO

Level = Literal["header", "line_item"]

# ── value types and their normal forms ──────────────────────────────────────
#: type -> (normal form, JSON Schema fragment). Amount-like types accept a JSON
#: number or a decimal string (``pattern`` applies to strings only).
VALUE_TYPES: Mapping[str, tuple[str, dict]] = MappingProxyType({
    "string": ("text, whitespace collapsed, as printed", {"type": "string", "minLength": 1}),
    "text": ("free text, may span lines (joined by a space)", {"type": "string", "minLength": 1}),
    "identifier": ("as printed, all whitespace removed", {"type": "string", "pattern": r"^\S+$"}),
    "code": ("upper-case code without spaces (SAP key)", {"type": "string", "pattern": r"^[A-Z0-9_\-/.]+$"}),
    "address": ("one line, parts joined by ', '", {"type": "string", "minLength": 1}),
    "date": ("ISO 8601 date YYYY-MM-DD", {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "format": "date"}),
    "amount": ("decimal number with 2 places (JSON number or decimal string)",
               {"type": ["number", "string"], "pattern": r"^-?\d+(\.\d{1,2})?$"}),
    "price": ("decimal number, up to 6 places (JSON number or decimal string)",
              {"type": ["number", "string"], "pattern": r"^-?\d+(\.\d{1,6})?$"}),
    "number": ("decimal number (JSON number or decimal string)",
               {"type": ["number", "string"], "pattern": r"^-?\d+(\.\d+)?$"}),
    "integer": ("whole number", {"type": "integer"}),
    "percent": ("percent as a number (19 for 19 %)", {"type": ["number", "string"],
                                                      "pattern": r"^\d+(\.\d+)?$", "minimum": 0, "maximum": 100}),
    "iban": ("IBAN, compact, upper case", {"type": "string", "pattern": r"^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$"}),
    "bic": ("BIC (SWIFT), upper case, 8 or 11 characters",
            {"type": "string", "pattern": r"^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$"}),
    "vat_id": ("VAT id, compact, upper case, country prefix kept (DE123456789)",
               {"type": "string", "pattern": r"^[A-Z]{2}[0-9A-Z+*.]{2,13}$"}),
    "currency": ("ISO 4217 code", {"type": "string", "pattern": r"^[A-Z]{3}$"}),
    "unit": ("ISO / SAP unit of measure code, upper case (EA, KG, H, C62)",
             {"type": "string", "pattern": r"^[A-Z0-9]{1,6}$"}),
    "country": ("ISO 3166-1 alpha-2 code", {"type": "string", "pattern": r"^[A-Z]{2}$"}),
    "language": ("ISO 639-1 code, upper case (EN, DE)", {"type": "string", "pattern": r"^[A-Z]{2}$"}),
    "email": ("e-mail address, lower case", {"type": "string", "pattern": r"^[^@\s]+@[^@\s]+\.[^@\s]+$"}),
    "phone": ("phone number as printed, spaces collapsed", {"type": "string", "pattern": r"^\+?[0-9()./\- ]{4,}$"}),
    "boolean": ("true / false", {"type": "boolean"}),
    "incoterms": ("Incoterms 2020 code (EXW, FCA, DAP, DDP, ...)",
                  {"type": "string", "enum": ["EXW", "FCA", "CPT", "CIP", "DAP", "DPU", "DDP",
                                              "FAS", "FOB", "CFR", "CIF", "DAT"]}),
    "debit_credit": ("S (debit) or H (credit), SAP's indicator", {"type": "string", "enum": ["S", "H"]}),
    "movement_type": ("SAP movement type, 3 digits", {"type": "string", "pattern": r"^\d{3}$"}),
})


@dataclass(frozen=True)
class FieldSpec:
    """One ADC field at one level."""

    name: str
    level: Level
    type: str  # key of VALUE_TYPES
    document_types: tuple[str, ...]
    required_in: tuple[str, ...]
    description: str
    max_length: int | None = None
    normal_form: str = ""

    @property
    def key(self) -> str:
        """Registry key and tag stem: ``name`` for header fields, ``li.name`` for line-item fields."""
        return self.name if self.level == "header" else f"li.{self.name}"

    def required_for(self, doc_type: str) -> bool:
        return doc_type in self.required_in


# ── document type groups ────────────────────────────────────────────────────
PO, SI, SO, CI = "PURCHASE_ORDER", "SUPPLIER_INVOICE", "SALES_ORDER", "CUSTOMER_INVOICE"
GR, GI, JE = "GOODS_RECEIPT", "GOODS_ISSUE", "JOURNAL_ENTRY"
PM, VM, CUM, MM = "PRODUCT_MASTER", "VENDOR_MASTER", "CUSTOMER_MASTER", "MATERIAL_MASTER"
PA, DN, CM, UN = "PAYMENT_ADVICE", "DELIVERY_NOTE", "CREDIT_MEMO", "UNKNOWN"

INVOICES = (SI, CI, CM)
ORDERS = (PO, SO)
COMMERCIAL = (PO, SI, SO, CI, CM)  # priced documents between two parties
LOGISTICS = (GR, GI, DN)
MOVEMENTS = (GR, GI)
TRANSACTIONAL = (PO, SI, SO, CI, GR, GI, JE, PA, DN, CM)
PARTY_DOCS = (PO, SI, SO, CI, DN, CM, PA, GR)
BP_MASTERS = (VM, CUM)
MAT_MASTERS = (PM, MM)
ITEM_DOCS = (PO, SI, SO, CI, CM, GR, GI, DN)  # documents with goods/service line items


def _types(*groups: Iterable[str] | str) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for g in groups:
        for t in ([g] if isinstance(g, str) else g):
            seen[t] = None
    return tuple(t for t in DOCUMENT_TYPES if t in seen)


_ROWS: list[FieldSpec] = []


def _h(name: str, vtype: str, types: Iterable[str], desc: str, *, req: Iterable[str] = (),
       max_length: int | None = None, normal_form: str = "") -> None:
    _ROWS.append(FieldSpec(name, "header", vtype, _types(types), _types(req), desc, max_length, normal_form))


def _li(name: str, vtype: str, types: Iterable[str], desc: str, *, req: Iterable[str] = (),
        max_length: int | None = None, normal_form: str = "") -> None:
    _ROWS.append(FieldSpec(name, "line_item", vtype, _types(types), _types(req), desc, max_length, normal_form))


# ── header: numbers and references ──────────────────────────────────────────
_h("document_number", "identifier", _types(TRANSACTIONAL, UN), "The document's own number, whatever it is called on the page.",
   req=(GR, GI), max_length=35)
_h("invoice_number", "identifier", INVOICES, "Invoice or credit memo number assigned by the issuer.",
   req=INVOICES, max_length=35)
_h("po_number", "identifier", _types(PO, SI, SO, CI, GR, DN, CM), "Purchase order number: the PO's own number, "
   "or the one an invoice / GR / delivery note / sales order references.", req=(PO,), max_length=35)
_h("sales_order_number", "identifier", (SO, CI, DN, CM), "Sales order number (the seller's order confirmation).", max_length=35)
_h("delivery_note_number", "identifier", (DN, GR, SI, CI), "Delivery note / outbound delivery number.",
   req=(DN,), max_length=35)
_h("goods_receipt_number", "identifier", (GR, SI), "Material document number of the goods receipt.", max_length=35)
_h("contract_number", "identifier", (PO, SO, SI, CI), "Outline agreement / contract the document refers to.", max_length=35)
_h("quotation_number", "identifier", (PO, SO), "Quotation / offer the order is based on.", max_length=35)
_h("original_invoice_number", "identifier", (CM, SI, CI), "Invoice a credit / debit memo corrects or cancels.", max_length=35)
_h("customer_reference", "string", (SO, CI, DN, SI, PA), "The buyer's reference printed on the document ('your reference').", max_length=80)
_h("supplier_reference", "string", (PO, SI, CM), "The seller's reference ('our reference', quotation or order confirmation).", max_length=80)
_h("bill_of_lading_number", "identifier", (DN, GR, SI), "Bill of lading / CMR / waybill number.", max_length=35)
_h("tracking_number", "identifier", (DN,), "Carrier tracking number.", max_length=50)
_h("reservation_number", "identifier", (GI,), "Reservation the goods issue is posted against.", max_length=10)
_h("production_order", "identifier", (GI, GR), "Production order number.", max_length=12)
_h("maintenance_order", "identifier", (GI,), "Maintenance order number.", max_length=12)
_h("inbound_delivery_number", "identifier", (GR, DN), "SAP inbound delivery number.", max_length=10)
_h("payment_reference", "string", (PA, SI, CI), "Remittance reference / structured creditor reference to quote on payment.", max_length=50)
_h("check_number", "identifier", (PA,), "Cheque number.", max_length=20)
_h("mandate_reference", "identifier", (PA, CUM), "SEPA direct-debit mandate reference.", max_length=35)
_h("creditor_id", "identifier", (PA,), "SEPA creditor identifier.", max_length=35)

# ── header: dates ───────────────────────────────────────────────────────────
_h("document_date", "date", _types(TRANSACTIONAL, UN), "The document's date (also set as invoice_date / po_date where that applies).",
   req=(GR, GI, SO))
_h("invoice_date", "date", INVOICES, "Invoice (or credit memo) date.", req=INVOICES)
_h("po_date", "date", (PO, SO), "Purchase order date.", req=(PO,))
_h("delivery_date", "date", _types(PO, SO, SI, CI, GR, DN), "Requested or actual delivery date.")
_h("due_date", "date", _types(INVOICES, PA), "Payment due date.")
_h("posting_date", "date", (SI, CM, GR, GI, JE), "Posting date in the ledger.", req=(JE,))
_h("shipping_date", "date", (DN, CI), "Date the goods were dispatched.")
_h("service_period_start", "date", (SI, CI, CM), "First day of the billed service period.")
_h("service_period_end", "date", (SI, CI, CM), "Last day of the billed service period.")
_h("validity_start", "date", (PO, SO), "Start of validity of a blanket PO / contract / scheduling agreement.")
_h("validity_end", "date", (PO, SO), "End of validity of a blanket PO / contract / scheduling agreement.")
_h("payment_date", "date", (PA,), "Date the payment was executed.", req=(PA,))
_h("value_date", "date", (PA,), "Bank value date of the payment.")
_h("tax_point_date", "date", (SI, CI), "Tax point / date of supply when it differs from the invoice date.")
_h("reversal_date", "date", (JE,), "Planned reversal date of an accrual.")
_h("effective_date", "date", (VM, CUM, PM, MM), "Date a master-data change takes effect.")

# ── header: parties ─────────────────────────────────────────────────────────
_h("supplier_name", "string", PARTY_DOCS, "Seller / vendor name as printed.", req=(PO, SI, CM, DN), max_length=120)
_h("supplier_address", "address", PARTY_DOCS, "Seller's address on one line.", max_length=255)
_h("supplier_country", "country", PARTY_DOCS, "Seller's country.")
_h("supplier_number", "identifier", _types(PO, SI, CM, GR, DN, PA, VM), "Vendor account number in SAP (LIFNR / Supplier).", max_length=10)
_h("supplier_vat_id", "vat_id", _types(INVOICES, PO, SO, DN), "Seller's VAT registration number.")
_h("supplier_tax_number", "identifier", (SI, CI, CM), "Seller's national tax number (e.g. Steuernummer, SIREN).", max_length=20)
_h("supplier_registration_number", "string", (SI, CI, CM, PO), "Commercial register entry of the seller (HRB, RCS, REA...).", max_length=60)
_h("supplier_iban", "iban", _types(INVOICES, PA), "IBAN the seller is to be paid to.")
_h("supplier_bic", "bic", _types(INVOICES, PA), "BIC of the seller's bank.")
_h("supplier_bank_name", "string", _types(INVOICES, PA), "Name of the seller's bank.", max_length=60)
_h("supplier_account_number", "identifier", (SI, CI, CM, PA), "Seller's domestic bank account number (where no IBAN).", max_length=34)
_h("supplier_bank_code", "identifier", (SI, CI, CM, PA), "Seller's domestic bank code (sort code, ABA routing, BLZ).", max_length=15)
_h("supplier_email", "email", PARTY_DOCS, "Seller's e-mail address.", max_length=241)
_h("supplier_phone", "phone", PARTY_DOCS, "Seller's phone number.", max_length=30)
_h("supplier_fax", "phone", (PO, SI, CI, CM), "Seller's fax number.", max_length=30)
_h("supplier_website", "string", (SI, CI, CM, PO, SO), "Seller's web address.", max_length=132)
_h("supplier_contact_person", "string", (SO, SI, CI, DN, CM), "Contact person on the seller's side.", max_length=80)
_h("customer_name", "string", _types(PO, SI, SO, CI, DN, CM, PA), "Buyer / bill-to name as printed.", req=(SO, CI), max_length=120)
_h("customer_address", "address", _types(PO, SI, SO, CI, DN, CM, PA), "Buyer's address on one line.", max_length=255)
_h("customer_country", "country", _types(PO, SI, SO, CI, DN, CM, PA), "Buyer's country.")
_h("customer_number", "identifier", (SO, CI, CM, DN, PA, CUM, SI), "Customer account number (KUNNR), or the buyer's number at the supplier.", max_length=10)
_h("customer_vat_id", "vat_id", _types(INVOICES, PO, SO), "Buyer's VAT registration number.")
_h("customer_email", "email", (SO, CI, CM, PO), "Buyer's e-mail address.", max_length=241)
_h("customer_phone", "phone", (SO, CI, CM, PO), "Buyer's phone number.", max_length=30)
_h("customer_contact_person", "string", (SO, CI, CM, PO, DN), "Contact person on the buyer's side.", max_length=80)
_h("buyer_name", "string", (PO,), "Purchasing agent responsible for the PO.", max_length=80)
_h("buyer_email", "email", (PO,), "Purchasing agent's e-mail.", max_length=241)
_h("buyer_phone", "phone", (PO,), "Purchasing agent's phone.", max_length=30)
_h("requester_name", "string", (PO, GI), "Person who requested the goods / requisitioner.", max_length=80)
_h("ship_to_name", "string", _types(PO, SO, CI, DN, SI), "Ship-to party name (delivery address).", max_length=120)
_h("ship_to_address", "address", _types(PO, SO, CI, DN, SI), "Ship-to address on one line.", max_length=255)
_h("bill_to_name", "string", (SO, CI, SI), "Bill-to / invoice recipient name where it differs from the buyer.", max_length=120)
_h("bill_to_address", "address", (SO, CI, SI), "Bill-to address on one line.", max_length=255)
_h("payer_name", "string", (PA,), "Party that made the payment.", req=(PA,), max_length=120)
_h("payee_name", "string", (PA,), "Party that received the payment.", max_length=120)
_h("payer_iban", "iban", (PA,), "IBAN debited.")
_h("payee_iban", "iban", (PA,), "IBAN credited.")
_h("carrier_name", "string", (DN, GR, SI), "Carrier / forwarding agent.", max_length=80)
_h("goods_recipient", "string", (GR, GI), "Goods recipient (WEMPF).", max_length=12)
_h("unloading_point", "string", (GR, DN, PO), "Unloading point / dock / gate.", max_length=25)

# ── header: SAP organisation data ───────────────────────────────────────────
_h("company_code", "code", _types(PO, SI, CI, CM, GR, GI, JE, PA, VM, CUM, MM), "SAP company code (BUKRS).",
   req=(JE,), max_length=4)
_h("purchasing_organization", "code", (PO, VM, SI), "SAP purchasing organisation (EKORG).", max_length=4)
_h("purchasing_group", "code", (PO, MM), "SAP purchasing group (EKGRP).", max_length=3)
_h("plant", "code", _types(PO, GR, GI, DN, MM, PM, SO), "SAP plant (WERKS).", max_length=4)
_h("storage_location", "code", (GR, GI, DN, MM), "SAP storage location (LGORT).", max_length=4)
_h("sales_organization", "code", (SO, CI, CUM), "SAP sales organisation (VKORG).", max_length=4)
_h("distribution_channel", "code", (SO, CI, CUM), "SAP distribution channel (VTWEG).", max_length=2)
_h("division", "code", (SO, CI, CUM, MM, PM), "SAP division (SPART).", max_length=2)
_h("business_area", "code", (JE,), "SAP business area (GSBER).", max_length=4)
_h("cost_center", "code", (PO, SI, GI, JE), "Cost center the document is charged to (KOSTL).", max_length=10)
_h("wbs_element", "identifier", (PO, SI, GI), "WBS element / project the document is charged to.", max_length=24)
_h("movement_type", "movement_type", MOVEMENTS, "SAP movement type (BWART), e.g. 101, 122, 201, 261.")
_h("sap_document_type", "code", (PO, SO, CI, JE), "SAP document type code (BSART / AUART / FKART / BLART), e.g. NB, OR, F2, SA.", max_length=4)

# ── header: amounts and terms ───────────────────────────────────────────────
_h("currency", "currency", _types(COMMERCIAL, JE, PA, VM, CUM), "Document currency.", req=(SI, CI, CM, JE, PA))
_h("net_amount", "amount", _types(COMMERCIAL, PA), "Subtotal before tax.")
_h("tax_amount", "amount", _types(COMMERCIAL,), "Total tax (VAT / GST / sales tax).")
_h("total_amount", "amount", _types(COMMERCIAL, PA), "Grand total (gross) of the document; for a payment advice, the amount paid.",
   req=(SI, CI, CM, PA))
_h("tax_rate", "percent", COMMERCIAL, "Main VAT rate in percent.")
_h("tax_code", "code", (SI, CI, CM), "SAP tax code (MWSKZ), e.g. V1.", max_length=2)
_h("tax_exemption_reason", "text", (SI, CI, CM), "Legal text for a zero rate (reverse charge, intra-community supply, export).", max_length=255)
_h("reverse_charge", "boolean", (SI, CI, CM), "The buyer accounts for VAT (reverse charge).")
_h("discount_amount", "amount", COMMERCIAL, "Discount granted on the document total.")
_h("discount_rate", "percent", COMMERCIAL, "Discount in percent.")
_h("freight_amount", "amount", COMMERCIAL, "Freight / shipping / delivery charges.")
_h("surcharge_amount", "amount", (SI, CI, CM, PO), "Other surcharges (packaging, insurance, small-order fee).")
_h("rounding_amount", "amount", (SI, CI), "Rounding difference printed on the document.")
_h("withholding_tax_amount", "amount", (SI, CI, PA), "Withholding tax deducted (ritenuta d'acconto, IRPF).")
_h("prepaid_amount", "amount", (SI, CI), "Amount already paid (down payments, deposits).")
_h("amount_due", "amount", (SI, CI, PA), "Amount still to be paid.")
_h("cash_paid", "amount", (SI,), "Cash tendered on a receipt.")
_h("change_amount", "amount", (SI,), "Change returned on a receipt.")
_h("exchange_rate", "number", (SI, CI, CM, JE, PA), "Exchange rate to the company code currency.")
_h("target_value", "amount", (PO, SO), "Value limit of a blanket PO / framework order / contract.")
_h("payment_terms", "string", _types(COMMERCIAL, VM, CUM), "Terms of payment, text or key (e.g. '30 days net', 'ZB01').", max_length=120)
_h("payment_method", "string", (PA, SI, CI, VM, CUM), "Payment method (bank transfer, direct debit, cheque, card).", max_length=40)
_h("cash_discount_rate", "percent", (SI, CI, PO, SO), "Early-payment discount in percent (skonto).")
_h("cash_discount_days", "integer", (SI, CI, PO, SO), "Days within which the early-payment discount applies.")
_h("net_payment_days", "integer", (SI, CI, PO, SO), "Days until the net amount is due.")
_h("incoterms", "incoterms", (PO, SO, CI, SI, DN), "Incoterms code.")
_h("incoterms_location", "string", (PO, SO, CI, SI, DN), "Place named with the Incoterms.", max_length=70)
_h("shipping_method", "string", (PO, SO, DN), "Shipping condition / mode of transport.", max_length=40)
_h("credit_reason", "text", (CM,), "Why the credit is granted (return, price correction, damage...).", max_length=255)

# ── header: logistics quantities ────────────────────────────────────────────
_h("gross_weight", "number", (DN, GR, CI, PM, MM), "Gross weight.")
_h("net_weight", "number", (DN, GR, CI, PM, MM), "Net weight.")
_h("weight_unit", "unit", (DN, GR, CI, PM, MM), "Unit of the weights (KG, LB, G).")
_h("volume", "number", (DN, PM, MM), "Volume.")
_h("volume_unit", "unit", (DN, PM, MM), "Unit of the volume (M3, L).")
_h("number_of_packages", "integer", (DN, GR), "Number of packages / handling units.")

# ── header: journal entries ─────────────────────────────────────────────────
_h("fiscal_year", "integer", (JE, GR, GI), "Fiscal year.")
_h("fiscal_period", "integer", (JE,), "Fiscal period (1-16).")
_h("header_text", "text", (JE, GR, GI), "Document header text (BKTXT).", max_length=25)
_h("reference", "string", (JE, GR, GI), "Reference document number (XBLNR).", max_length=16)
_h("ledger_group", "code", (JE,), "Ledger group (e.g. 0L).", max_length=4)
_h("reversal_reason", "code", (JE,), "Reversal reason code.", max_length=2)
_h("total_debit", "amount", (JE,), "Sum of debit lines.")
_h("total_credit", "amount", (JE,), "Sum of credit lines.")

# ── header: business partner master data ────────────────────────────────────
_h("name", "string", BP_MASTERS, "Legal name of the business partner.", req=BP_MASTERS, max_length=80)
_h("name_2", "string", BP_MASTERS, "Second name line.", max_length=40)
_h("search_term", "string", BP_MASTERS, "Search term / short name.", max_length=20)
_h("legal_form", "string", BP_MASTERS, "Legal form (GmbH, SAS, S.r.l., Ltd).", max_length=40)
_h("street", "string", BP_MASTERS, "Street name.", max_length=60)
_h("house_number", "string", BP_MASTERS, "House number.", max_length=10)
_h("postal_code", "identifier", BP_MASTERS, "Postal code.", max_length=10)
_h("city", "string", BP_MASTERS, "City.", max_length=40)
_h("region", "string", BP_MASTERS, "Region / state / province.", max_length=40)
_h("country", "country", BP_MASTERS, "Country of the business partner.", req=BP_MASTERS)
_h("po_box", "identifier", BP_MASTERS, "PO box.", max_length=10)
_h("language", "language", BP_MASTERS, "Correspondence language.")
_h("phone", "phone", BP_MASTERS, "Main phone number.", max_length=30)
_h("email", "email", BP_MASTERS, "Main e-mail address.", max_length=241)
_h("website", "string", BP_MASTERS, "Web address.", max_length=132)
_h("contact_person", "string", BP_MASTERS, "Main contact person.", max_length=80)
_h("vat_id", "vat_id", BP_MASTERS, "VAT registration number of the business partner.")
_h("tax_number", "identifier", BP_MASTERS, "National tax number.", max_length=20)
_h("registration_number", "string", BP_MASTERS, "Commercial register entry.", max_length=60)
_h("duns_number", "identifier", BP_MASTERS, "D-U-N-S number.", max_length=9)
_h("industry", "string", BP_MASTERS, "Industry sector.", max_length=40)
_h("iban", "iban", BP_MASTERS, "Bank account IBAN of the business partner.")
_h("bic", "bic", BP_MASTERS, "BIC of the business partner's bank.")
_h("bank_name", "string", BP_MASTERS, "Bank name.", max_length=60)
_h("bank_country", "country", BP_MASTERS, "Bank country.")
_h("bank_account_holder", "string", BP_MASTERS, "Account holder if different from the partner.", max_length=60)
_h("account_group", "code", BP_MASTERS, "SAP account group / BP grouping.", max_length=4)
_h("reconciliation_account", "code", BP_MASTERS, "Reconciliation G/L account.", max_length=10)
_h("credit_limit", "amount", (CUM,), "Requested / granted credit limit.")
_h("order_currency", "currency", (VM,), "Purchase order currency for the vendor.")
_h("minimum_order_value", "amount", (VM,), "Vendor's minimum order value.")
_h("requested_by", "string", (VM, CUM, PM, MM), "Person who requested the master data change.", max_length=80)
_h("approved_by", "string", (VM, CUM, PM, MM), "Person who approved the master data change.", max_length=80)

# ── header: product / material master data ──────────────────────────────────
_h("material", "identifier", MAT_MASTERS, "Material / product number (MATNR).", max_length=40)
_h("material_description", "string", MAT_MASTERS, "Material short text.", req=MAT_MASTERS, max_length=40)
_h("material_type", "code", MAT_MASTERS, "Material type (ROH, HALB, FERT, HAWA, ...).", max_length=4)
_h("industry_sector", "code", MAT_MASTERS, "Industry sector (M mechanical engineering, ...).", max_length=1)
_h("material_group", "code", MAT_MASTERS, "Material group (MATKL).", max_length=9)
_h("base_unit", "unit", MAT_MASTERS, "Base unit of measure.")
_h("order_unit", "unit", MAT_MASTERS, "Purchase order unit.")
_h("sales_unit", "unit", MAT_MASTERS, "Sales unit.")
_h("old_material_number", "identifier", MAT_MASTERS, "Old / legacy material number.", max_length=40)
_h("manufacturer", "string", MAT_MASTERS, "Manufacturer name.", max_length=80)
_h("manufacturer_part_number", "identifier", MAT_MASTERS, "Manufacturer part number (MPN).", max_length=40)
_h("ean_gtin", "identifier", MAT_MASTERS, "EAN / GTIN barcode number.", max_length=18)
_h("hs_code", "identifier", (PM, MM, CI, SI), "Commodity code / HS tariff number.", max_length=17)
_h("country_of_origin", "country", (PM, MM, CI, SI), "Country of origin.")
_h("length", "number", MAT_MASTERS, "Length.")
_h("width", "number", MAT_MASTERS, "Width.")
_h("height", "number", MAT_MASTERS, "Height.")
_h("dimension_unit", "unit", MAT_MASTERS, "Unit of length / width / height.")
_h("valuation_class", "code", MAT_MASTERS, "Valuation class (BKLAS).", max_length=4)
_h("price_control", "code", MAT_MASTERS, "Price control: S standard, V moving average.", max_length=1)
_h("standard_price", "price", MAT_MASTERS, "Standard price.")
_h("moving_average_price", "price", MAT_MASTERS, "Moving average price.")
_h("price_unit", "integer", MAT_MASTERS, "Price unit (the price is per this many units).")
_h("list_price", "price", (PM,), "List / sales price.")
_h("mrp_type", "code", (MM,), "MRP type (PD, VB, ND).", max_length=2)
_h("mrp_controller", "code", (MM,), "MRP controller.", max_length=3)
_h("lot_size", "code", (MM,), "Lot sizing procedure (EX, FX, WB).", max_length=2)
_h("minimum_lot_size", "number", (MM,), "Minimum lot size.")
_h("planned_delivery_days", "integer", (MM,), "Planned delivery time in days.")
_h("shelf_life_days", "integer", MAT_MASTERS, "Total shelf life in days.")
_h("hazardous", "boolean", MAT_MASTERS, "Dangerous goods indicator.")
_h("batch_managed", "boolean", (MM,), "Batch management required.")

# ── header: anything else (UNKNOWN and free text) ───────────────────────────
_h("sender_name", "string", (UN,), "Sender of a letter / newsletter.", max_length=120)
_h("recipient_name", "string", (UN,), "Recipient of a letter.", max_length=120)
_h("subject", "text", (UN, PA, VM, CUM), "Subject line.", max_length=255)
_h("notes", "text", _types(TRANSACTIONAL, VM, CUM, PM, MM), "Free remarks printed on the document.", max_length=1000)

# ── line items (documents with goods / service lines) ───────────────────────
_li("item", "identifier", _types(ITEM_DOCS, JE, PA), "Position number as printed (10, 20, ...).", max_length=10)
_li("material", "identifier", ITEM_DOCS, "Supplier or SAP material number of the line.", max_length=40)
_li("supplier_material", "identifier", (PO, SI, CM, DN), "Vendor's material / part number.", max_length=35)
_li("customer_material", "identifier", (SO, CI, DN), "Customer's material number.", max_length=35)
_li("description", "string", ITEM_DOCS, "Line text / material description.", req=(PO, SI, SO, CI, CM), max_length=255)
_li("quantity", "number", ITEM_DOCS, "Quantity (in the line's unit).", req=(GR, GI, DN))
_li("unit", "unit", ITEM_DOCS, "Unit of measure.")
_li("unit_price", "price", COMMERCIAL, "Net price per unit (per price_unit units where given).")
_li("price_unit", "integer", COMMERCIAL, "The price is per this many units (1, 100, 1000).")
_li("net_amount", "amount", _types(COMMERCIAL, GR), "Line net amount (quantity x unit price less discount).")
_li("tax_rate", "percent", COMMERCIAL, "VAT rate of the line.")
_li("tax_amount", "amount", COMMERCIAL, "Tax of the line.")
_li("tax_code", "code", (SI, CI, CM, JE), "SAP tax code of the line.", max_length=2)
_li("gross_amount", "amount", _types(COMMERCIAL, PA), "Line amount including tax; for a payment advice, the invoice's gross amount.")
_li("discount_rate", "percent", COMMERCIAL, "Line discount in percent.")
_li("discount_amount", "amount", _types(COMMERCIAL, PA), "Line discount; for a payment advice, cash discount taken.")
_li("currency", "currency", (JE, PA), "Currency of the line where it differs from the document.")
_li("delivery_date", "date", (PO, SO, DN), "Delivery date of the line / schedule line.")
_li("po_number", "identifier", (SI, CM, GR, DN, CI), "Purchase order the line refers to.", max_length=35)
_li("po_item", "identifier", (SI, CM, GR, DN), "PO item the line refers to.", max_length=10)
_li("sales_order_number", "identifier", (CI, DN), "Sales order the line refers to.", max_length=35)
_li("delivery_note_number", "identifier", (SI, CI), "Delivery note the line refers to.", max_length=35)
_li("plant", "code", _types(PO, SO, GR, GI, DN), "Plant of the line.", max_length=4)
_li("storage_location", "code", _types(GR, GI, DN), "Storage location of the line.", max_length=4)
_li("batch", "identifier", _types(GR, GI, DN, CI), "Batch / lot number.", max_length=10)
_li("serial_number", "identifier", (GR, GI, DN, CI, SI), "Serial number(s).", max_length=30)
_li("ean_gtin", "identifier", (PO, SO, SI, CI, DN), "EAN / GTIN of the line's product.", max_length=18)
_li("hs_code", "identifier", (CI, SI, DN), "Commodity code of the line.", max_length=17)
_li("country_of_origin", "country", (CI, SI, DN), "Country of origin of the line's goods.")
_li("material_group", "code", (PO, SI), "Material group of the line.", max_length=9)
_li("item_category", "code", (PO, SO), "Item category (blank standard, K consignment, L subcontracting, D service).", max_length=4)
_li("account_assignment_category", "code", (PO, SI), "Account assignment (K cost center, A asset, P project, F order).", max_length=1)
_li("cost_center", "code", (PO, SI, CM, GI, JE), "Cost center of the line.", max_length=10)
_li("gl_account", "code", (PO, SI, CM, JE), "G/L account of the line.", req=(JE,), max_length=10)
_li("profit_center", "code", (JE, SI), "Profit center.", max_length=10)
_li("wbs_element", "identifier", (PO, SI, GI, JE), "WBS element.", max_length=24)
_li("internal_order", "identifier", (PO, SI, GI, JE), "Internal order.", max_length=12)
_li("asset_number", "identifier", (PO, SI, JE), "Fixed asset number.", max_length=12)
_li("ordered_quantity", "number", (DN, GR, SO), "Quantity ordered.")
_li("delivered_quantity", "number", (DN, SI, CI), "Quantity delivered.")
_li("received_quantity", "number", (GR,), "Quantity received.")
_li("backorder_quantity", "number", (DN,), "Quantity still to come.")
_li("movement_type", "movement_type", MOVEMENTS, "Movement type of the line.")
_li("stock_type", "code", (GR,), "Stock type: unrestricted, quality inspection (X), blocked (S).", max_length=1)
_li("reason", "text", (CM, GR, GI), "Reason for a return / credit / movement.", max_length=255)
_li("gross_weight", "number", (DN,), "Gross weight of the line.")
_li("package_count", "integer", (DN,), "Packages of the line.")
_li("service_date", "date", (SI, CI), "Date the line's service was rendered.")
_li("debit_amount", "amount", (JE,), "Debit amount of the journal line.")
_li("credit_amount", "amount", (JE,), "Credit amount of the journal line.")
_li("debit_credit_indicator", "debit_credit", (JE,), "S debit / H credit.")
_li("assignment", "string", (JE,), "Assignment field (ZUONR).", max_length=18)
_li("item_text", "text", (JE,), "Line item text (SGTXT).", max_length=50)
_li("business_area", "code", (JE,), "Business area of the line.", max_length=4)
_li("segment", "code", (JE,), "Segment.", max_length=10)
_li("trading_partner", "code", (JE,), "Trading partner company (VBUND).", max_length=6)
_li("invoice_number", "identifier", (PA,), "Invoice settled by the payment line.", max_length=35)
_li("invoice_date", "date", (PA,), "Date of the invoice settled.")
_li("paid_amount", "amount", (PA,), "Amount paid for the invoice.")
_li("reference", "string", (PA,), "Reference of the settled item.", max_length=50)


def _check_registry(rows: list[FieldSpec]) -> None:
    keys = [r.key for r in rows]
    dup = {k for k in keys if keys.count(k) > 1}
    if dup:
        raise RuntimeError(f"field registry defines {sorted(dup)} twice")
    for r in rows:
        if r.type not in VALUE_TYPES:
            raise RuntimeError(f"field {r.key} has unknown type {r.type}")
        unknown = set(r.document_types) - set(TYPE_INFO)
        if unknown or not r.document_types:
            raise RuntimeError(f"field {r.key} lists bad document types {unknown or '(none)'}")
        if not set(r.required_in) <= set(r.document_types):
            raise RuntimeError(f"field {r.key} is required where it is not carried")
        if r.level == "line_item":
            no_table = [t for t in r.document_types if not TYPE_INFO[t].has_line_items]
            if no_table:
                raise RuntimeError(f"line-item field {r.name} listed for types without line items: {no_table}")


_check_registry(_ROWS)

#: Registry key (``name`` or ``li.name``) -> FieldSpec.
FIELDS: Mapping[str, FieldSpec] = MappingProxyType({
    r.key: (r if r.normal_form else FieldSpec(r.name, r.level, r.type, r.document_types, r.required_in,
                                                r.description, r.max_length, VALUE_TYPES[r.type][0]))
    for r in _ROWS
})

#: Distinct field names (a name used at both levels counts once).
FIELD_NAMES: frozenset[str] = frozenset(r.name for r in FIELDS.values())


def fields_for(doc_type: str, level: Level | None = "header") -> list[FieldSpec]:
    """Fields a document type carries at ``level`` (``None``: both levels), in registry order."""
    if doc_type not in TYPE_INFO:
        raise KeyError(f"unknown document type {doc_type!r}")
    return [f for f in FIELDS.values()
            if doc_type in f.document_types and (level is None or f.level == level)]


def required_fields(doc_type: str, level: Level = "header", subtype: str | None = None) -> list[str]:
    """Names of the fields required for ``doc_type`` (and ``subtype``, which may relax some) at ``level``."""
    relaxed: tuple[str, ...] = ()
    if subtype is not None and level == "header":
        info = SUBTYPES.get(doc_type, {}).get(subtype)
        relaxed = tuple(info.get("optional_fields", ())) if info else ()
    return [f.name for f in fields_for(doc_type, level) if f.required_for(doc_type) and f.name not in relaxed]


def field_spec(name: str, level: Level = "header") -> FieldSpec:
    """The spec of a header field ``name`` (or of line-item field ``name`` with ``level='line_item'``)."""
    key = name if level == "header" else f"li.{name}"
    try:
        return FIELDS[key]
    except KeyError:
        raise KeyError(f"unknown {level} field {name!r}") from None


def bio_labels(doc_types: Iterable[str] | None = None) -> list[str]:
    """The BIO tag set over the given types' fields: ``O``, then ``B-``/``I-`` per field key."""
    wanted = set(doc_types) if doc_types is not None else set(DOCUMENT_TYPES)
    keys = [f.key for f in FIELDS.values() if wanted & set(f.document_types)]
    return ["O"] + [f"{p}-{k}" for k in keys for p in ("B", "I")]
