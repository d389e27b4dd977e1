"""Transaction values (no layout): parties, numbers, dates, lines with consistent arithmetic.

Everything here is a pure function of a ``random.Random`` (plus the org
profile), so a document's values can be regenerated from its seed: chains
(PO -> goods receipt -> invoice) and duplicate-invoice defects rely on that.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal

from sap_llm.corpus.synth.catalog import PRODUCTS, SERVICES, Product
from sap_llm.corpus.synth.formats import money
from sap_llm.corpus.synth.locales import COUNTRIES
from sap_llm.corpus.synth.parties import Party, company_party, pick_customer, pick_vendor
from sap_llm.profile import CompanyCode, OrgProfile

FX = {"EUR": Decimal("1"), "GBP": Decimal("0.86"), "USD": Decimal("1.08"), "CHF": Decimal("0.95"), "MYR": Decimal("4.9")}


@dataclass
class Line:
    item: str
    material: str
    description: str
    quantity: Decimal
    unit: str
    unit_price: Decimal
    tax_rate: Decimal
    qty_places: int = 0

    @property
    def net(self) -> Decimal:
        return money(self.quantity * self.unit_price)


@dataclass
class Txn:
    """The business facts of one document (or of a chain of documents)."""

    language: str
    currency: str
    supplier: Party
    customer: Party
    company: CompanyCode
    lines: list[Line]
    doc_date: date
    number: str
    po_number: str | None = None
    po_date: date | None = None
    delivery_date: date | None = None
    due_days: int = 30
    discount_days: int | None = None
    plant: str | None = None
    purchasing_org: str | None = None
    purchasing_group: str | None = None
    storage_location: str | None = None
    customer_number: str | None = None
    supplier_number: str | None = None
    delivery_note_number: str | None = None
    extra: dict = field(default_factory=dict)

    @property
    def net(self) -> Decimal:
        return sum((line.net for line in self.lines), Decimal("0"))

    @property
    def tax_rate(self) -> Decimal:
        return self.lines[0].tax_rate if self.lines else Decimal("0")

    @property
    def rates(self) -> list[Decimal]:
        """The distinct VAT rates of the lines, highest first (more than one: a tax breakdown is printed)."""
        return sorted({line.tax_rate for line in self.lines}, reverse=True)

    def net_at(self, rate: Decimal) -> Decimal:
        return sum((line.net for line in self.lines if line.tax_rate == rate), Decimal("0"))

    def tax_at(self, rate: Decimal) -> Decimal:
        return money(self.net_at(rate) * rate / 100)

    @property
    def tax(self) -> Decimal:
        return sum((self.tax_at(rate) for rate in self.rates), Decimal("0"))

    @property
    def total(self) -> Decimal:
        return self.net + self.tax


def random_date(rng: random.Random) -> date:
    return date(2023, 1, 2) + timedelta(days=rng.randrange(0, 1030))


def number_like(rng: random.Random, year: int, kind: str) -> str:
    """A document number in one of many house styles."""
    n = rng.randint(100, 99999)
    styles = {
        "invoice": [f"RE-{year}-{n:05d}", f"INV-{n:06d}", f"{year}/{n:05d}", f"F{year % 100}-{n:05d}",
                    f"FA{year}{n:05d}", f"{rng.randint(10000000, 99999999)}", f"{n:06d}", f"IN{year % 100}{n:05d}",
                    f"{year}-{n}", f"R{rng.randint(1000000, 9999999)}"],
        "credit": [f"GS-{year}-{n:05d}", f"CN-{n:06d}", f"AV{year}-{n:04d}", f"NC/{year}/{n:04d}", f"{n:07d}",
                   f"CR{year % 100}{n:05d}"],
        "po_own": [f"45{rng.randint(0, 99999999):08d}"],
        "po_customer": [f"PO-{year}-{n:05d}", f"{rng.randint(100000, 999999)}", f"B{year % 100}/{n:05d}",
                        f"CMD-{n:06d}", f"OC{year}{n:04d}", f"ORD{n:06d}"],
        "sales_order": [f"{rng.randint(10000000, 19999999)}", f"AB-{year}-{n:05d}", f"SO-{n:06d}", f"{year}{n:06d}"],
        "delivery": [f"{rng.randint(80000000, 89999999)}", f"LS-{year}-{n:05d}", f"DN{n:06d}", f"BL{year % 100}-{n:05d}",
                     f"ALB-{n:06d}", f"DDT {n}/{year}".replace(" ", "")],
        "material_doc": [f"{rng.randint(5000000000, 5099999999)}"],
        "issue_doc": [f"{rng.randint(4900000000, 4999999999)}"],
        "journal": [f"{rng.randint(100000000, 199999999)}", f"JV-{year}-{n:05d}", f"{rng.randint(1000000, 9999999)}"],
        "payment": [f"{rng.randint(2000000000, 2099999999)}", f"PAY-{year}-{n:05d}", f"AV-{n:06d}", f"REM{n:07d}"],
    }[kind]
    return rng.choice(styles)


def material_code(rng: random.Random, style: int, product: Product) -> str:
    n = rng.randint(1000, 99999)
    return [f"MAT-{n}", f"{product.key[:3]}-{n:05d}", f"{rng.randint(100, 999)}-{rng.randint(100, 999)}-{rng.randint(10, 99)}",
            f"{rng.randint(10000000, 99999999)}", f"{product.key}{rng.randint(10, 99)}", f"A{n}"][style % 6]


def make_lines(rng: random.Random, language: str, currency: str, tax_rate: Decimal, count: int, *,
               services: bool | None = None, item_style: int | None = None) -> list[Line]:
    pool = SERVICES if services else (PRODUCTS if services is False else PRODUCTS + SERVICES)
    products = rng.sample(pool, k=min(count, len(pool)))
    while len(products) < count:
        products.append(rng.choice(pool))
    item_style = rng.randrange(4) if item_style is None else item_style
    mat_style = rng.randrange(6)
    fx = FX.get(currency, Decimal("1"))
    lines = []
    for i, product in enumerate(products, start=1):
        item = [str(i), str(i * 10), f"{i:03d}", f"{i * 10:05d}"][item_style]
        lo, hi = product.price
        price = (Decimal(str(rng.uniform(lo, hi))) * fx).quantize(Decimal("0.01"))
        if product.decimals_qty and rng.random() < 0.6:
            qty = Decimal(str(round(rng.uniform(*product.qty), rng.choice([1, 2]))))
        else:
            qty = Decimal(rng.randint(*product.qty))
        if qty <= 0:
            qty = Decimal(1)
        places = max(0, -qty.as_tuple().exponent) if qty != qty.to_integral() else 0
        lines.append(Line(item, material_code(rng, mat_style, product), product.names[language], qty, product.unit,
                          price, tax_rate, places))
    return lines


def mix_rates(rng: random.Random, lines: list[Line], country: str, share: float = 0.2) -> list[Line]:
    """For a share of documents, put some lines on the country's reduced rate (food, books, ...)."""
    rates = COUNTRIES[country].tax_rates if country in COUNTRIES else ()
    if len(rates) < 2 or len(lines) < 2 or rng.random() >= share:
        return lines
    reduced = Decimal(str(rates[1])).normalize() if rates[1] != int(rates[1]) else Decimal(int(rates[1]))
    standard = lines[0].tax_rate
    chosen = set(rng.sample(range(1, len(lines)), k=rng.randint(1, len(lines) - 1)))
    return [replace(line, tax_rate=reduced if i in chosen and reduced != standard else line.tax_rate)
            for i, line in enumerate(lines)]


def tax_rate_for(rng: random.Random, country: str) -> Decimal:
    rates = COUNTRIES[country].tax_rates if country in COUNTRIES else (19.0,)
    rate = rates[0] if rng.random() < 0.8 else rng.choice(rates)
    return Decimal(str(rate)).normalize() if rate != int(rate) else Decimal(int(rate))


def line_count(rng: random.Random) -> int:
    """Mostly one page; some long tables that continue over 2-3 pages."""
    r = rng.random()
    if r < 0.78:
        return rng.randint(1, 9)
    if r < 0.93:
        return rng.randint(24, 38)
    return rng.randint(45, 62)


def pick_company(rng: random.Random, profile: OrgProfile) -> CompanyCode:
    return rng.choice(profile.company_codes)


def incoming_txn(rng: random.Random, profile: OrgProfile, language: str, *, services: bool | None = None,
                 known_vendor_share: float = 0.7) -> Txn:
    """A vendor's document to one of our company codes (invoice, credit memo, delivery note)."""
    company = pick_company(rng, profile)
    vendor = pick_vendor(rng, profile, language, known_vendor_share)
    customer = company_party(company, rng)
    currency = company.currency if rng.random() < 0.85 else COUNTRIES.get(vendor.country, COUNTRIES["DE"]).currency
    if currency == "MYR":
        currency = "EUR"
    doc_date = random_date(rng)
    lines = make_lines(rng, language, currency, tax_rate_for(rng, vendor.country), line_count(rng), services=services)
    lines = mix_rates(rng, lines, vendor.country)
    return Txn(
        language=language, currency=currency, supplier=vendor, customer=customer, company=company, lines=lines,
        doc_date=doc_date, number=number_like(rng, doc_date.year, "invoice"),
        po_number=number_like(rng, doc_date.year, "po_own") if rng.random() < 0.6 else None,
        delivery_date=doc_date - timedelta(days=rng.randint(0, 10)), due_days=rng.choice([10, 14, 30, 30, 45, 60]),
        discount_days=rng.choice([None, None, 8, 10, 14]),
        customer_number=f"{rng.randint(10000, 999999)}" if rng.random() < 0.7 else None,
        supplier_number=vendor.number, plant=rng.choice(company.plants) if company.plants else None,
        delivery_note_number=number_like(rng, doc_date.year, "delivery"),
    )


def outgoing_txn(rng: random.Random, profile: OrgProfile, language: str, *, services: bool | None = None) -> Txn:
    """One of our company codes selling to a customer (customer invoice, order confirmation)."""
    company = pick_company(rng, profile)
    customer = pick_customer(rng, profile, language)
    supplier = company_party(company, rng)
    doc_date = random_date(rng)
    lines = make_lines(rng, language, company.currency, tax_rate_for(rng, company.country or "DE"), line_count(rng),
                       services=services)
    lines = mix_rates(rng, lines, company.country or "DE")
    return Txn(
        language=language, currency=company.currency, supplier=supplier, customer=customer, company=company,
        lines=lines, doc_date=doc_date, number=number_like(rng, doc_date.year, "invoice"),
        po_number=number_like(rng, doc_date.year, "po_customer") if rng.random() < 0.7 else None,
        delivery_date=doc_date + timedelta(days=rng.randint(-5, 20)), due_days=rng.choice([14, 30, 30, 60]),
        discount_days=rng.choice([None, None, 10]),
        customer_number=customer.number or f"{rng.randint(10000, 999999)}",
        plant=rng.choice(company.plants) if company.plants else None,
        delivery_note_number=number_like(rng, doc_date.year, "delivery"),
    )


def purchase_txn(rng: random.Random, profile: OrgProfile, language: str, *, services: bool | None = None) -> Txn:
    """One of our company codes ordering from a vendor: the head of a PO -> GR -> invoice chain."""
    company = pick_company(rng, profile)
    vendor = pick_vendor(rng, profile, language, 0.8)
    po_date = random_date(rng)
    lines = make_lines(rng, language, company.currency, tax_rate_for(rng, company.country or "DE"),
                       min(line_count(rng), 40), services=services, item_style=rng.choice([1, 3]))
    return Txn(
        language=language, currency=company.currency, supplier=vendor, customer=company_party(company, rng),
        company=company, lines=lines, doc_date=po_date, number=number_like(rng, po_date.year, "po_own"),
        po_number=None, po_date=po_date, delivery_date=po_date + timedelta(days=rng.randint(5, 30)),
        due_days=rng.choice([30, 30, 45, 60]), discount_days=rng.choice([None, 14]),
        plant=rng.choice(company.plants) if company.plants else None,
        purchasing_org=rng.choice(company.purchasing_organizations) if company.purchasing_organizations else None,
        purchasing_group=rng.choice(company.purchasing_groups) if company.purchasing_groups else None,
        storage_location=rng.choice(["0001", "1000", "RM01", "FG01", "0002"]),
        supplier_number=vendor.number, customer_number=f"{rng.randint(10000, 999999)}",
    )
