"""Match a document's parties against the organisation profile (own company codes, vendors, customers).

Pure functions: profile + fields in, the ``context`` dict the rule catalogue
reads out (see the catalogue's header for its keys).
"""

from __future__ import annotations

from typing import Any

from sap_llm.history.keys import name_key, vat_key
from sap_llm.profile import CompanyCode, OrgProfile, Partner
from sap_llm.rules.functions import compact, name_similarity

#: Types where *we* are the buyer / recipient (our side = customer fields), and where we are the seller.
WE_BUY = {"SUPPLIER_INVOICE", "CREDIT_MEMO", "PURCHASE_ORDER", "GOODS_RECEIPT", "DELIVERY_NOTE", "GOODS_ISSUE",
          "JOURNAL_ENTRY"}
WE_SELL = {"CUSTOMER_INVOICE", "SALES_ORDER"}
NAME_MATCH_THRESHOLD = 0.6


def _names_match(a: str | None, b: str | None) -> bool:
    """Same company name once case, punctuation and legal form are ignored, or most words shared."""
    key_a, key_b = name_key(a), name_key(b)
    if not key_a or not key_b:
        return False
    return key_a == key_b or name_similarity(key_a, key_b) >= NAME_MATCH_THRESHOLD


def company_dict(company: CompanyCode) -> dict[str, Any]:
    return {
        "code": company.code, "name": company.name, "vat_id": company.vat_id, "currency": company.currency,
        "country": company.country, "iban": company.iban, "plants": list(company.plants),
        "purchasing_organizations": list(company.purchasing_organizations),
        "purchasing_groups": list(company.purchasing_groups),
        "sales_organizations": list(company.sales_organizations),
    }


def partner_dict(partner: Partner) -> dict[str, Any]:
    return {
        "supplier": partner.supplier, "customer": partner.customer, "name": partner.name,
        "vat_id": partner.vat_id, "country": partner.country, "bank_accounts": partner.bank_accounts,
    }


def match_company(profile: OrgProfile, fields: dict[str, Any], document_type: str | None) -> CompanyCode | None:
    """Our company code on this document: by company code, else our side's VAT id, IBAN or name."""
    code = fields.get("company_code")
    if code is not None and profile.company_code(str(code)):
        return profile.company_code(str(code))
    if document_type in WE_SELL:
        sides = ["supplier"]
    elif document_type in WE_BUY:
        sides = ["customer", "bill_to", "ship_to"]
    else:  # payment advice and others: either side
        sides = ["customer", "supplier", "payer", "payee"]
    for side in sides:
        vat = vat_key(fields.get(f"{side}_vat_id"))
        iban = fields.get(f"{side}_iban")
        name = fields.get(f"{side}_name")
        for company in profile.company_codes:
            if vat and company.vat_id and vat == vat_key(company.vat_id):
                return company
            if iban and company.iban and compact(iban) == compact(company.iban):
                return company
            if _names_match(name, company.name):
                return company
    return None


def match_partner(partners: list[Partner], fields: dict[str, Any], side: str) -> tuple[Partner | None, str | None]:
    """The master-data partner printed on ``side`` ("supplier" / "customer"): by VAT id, IBAN, number, then name."""
    vat = vat_key(fields.get(f"{side}_vat_id"))
    if vat:
        for p in partners:
            if p.vat_id and vat_key(p.vat_id) == vat:
                return p, "vat_id"
    iban = fields.get(f"{side}_iban")
    if iban:
        for p in partners:
            if compact(iban) in p.bank_accounts:
                return p, "iban"
    number = fields.get(f"{side}_number")
    if number:
        for p in partners:
            if p.number and str(p.number) == str(number):
                return p, "number"
    name = fields.get(f"{side}_name")
    for p in partners:
        # a different VAT id on the document means a different company, whatever the name says
        if _names_match(name, p.name) and not (vat and p.vat_id and vat_key(p.vat_id) != vat):
            return p, "name"
    return None, None


def master_data_context(profile: OrgProfile | None, fields: dict[str, Any], document_type: str | None) -> dict[str, Any]:
    """The master-data part of the rules' ``context``."""
    if profile is None:
        return {"company_codes": [], "own_vat_ids": [], "own_ibans": [], "own_names": [], "company": None,
                "vendor": None, "vendor_match": None, "vendors_known": False, "customer": None,
                "customers_known": False}
    company = match_company(profile, fields, document_type)
    vendor, vendor_match = match_partner(profile.vendors, fields, "supplier")
    customer, customer_match = match_partner(profile.customers, fields, "customer")
    return {
        "company_codes": [c.code for c in profile.company_codes],
        "own_vat_ids": sorted(profile.own_vat_ids),
        "own_ibans": sorted(profile.own_ibans),
        "own_names": [c.name for c in profile.company_codes],
        "company": company_dict(company) if company else None,
        "vendor": partner_dict(vendor) if vendor else None,
        "vendor_match": vendor_match,
        "vendors_known": bool(profile.vendors),
        "customer": partner_dict(customer) if customer else None,
        "customer_match": customer_match,
        "customers_known": bool(profile.customers),
    }
