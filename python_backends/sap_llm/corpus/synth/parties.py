"""Business partners: names, addresses, VAT ids with valid check digits, IBANs that pass mod-97.

A :class:`Party` is either one of the organisation profile's company codes,
vendors or customers (so documents reference the user's master data) or a
freshly invented partner of a given country.
"""

from __future__ import annotations

import itertools
import random
import re
import unicodedata
from dataclasses import dataclass, field, replace

from schwifty import IBAN
from stdnum.util import get_cc_module

from sap_llm.corpus.synth.locales import BANKS, BIC_FALLBACK, COUNTRIES, IBAN_COUNTRY, Country
from sap_llm.profile import CompanyCode, OrgProfile, Partner


@dataclass
class Party:
    name: str
    address_lines: list[str]  # as printed, top to bottom
    country: str  # ISO alpha-2
    vat_id: str | None = None  # compact
    iban: str | None = None  # compact
    bic: str | None = None
    bank_name: str | None = None
    number: str | None = None  # supplier / customer number in the profile's master data
    phone: str | None = None
    email: str | None = None
    website: str | None = None
    registration: str | None = None  # commercial register line
    contact: str | None = None
    company_code: str | None = None  # set for the organisation's own company codes
    known_ibans: list[str] = field(default_factory=list)  # master-data bank accounts (profile vendors)
    from_profile: bool = False

    @property
    def address(self) -> str:
        """The contract's normal form: printed lines joined by ", "."""
        return ", ".join(self.address_lines)


# ── identifiers ──────────────────────────────────────────────────────────────
_VAT_PATTERNS = {
    # d = random digit, X = check position found by search, literal text kept.
    "DE": "DEddddddddX", "AT": "ATUdddddddX", "FR": "FRXXddddddddX", "IT": "ITdddddddd00X".replace("00", "dd"),
    "ES": "ESBdddddddX", "GB": "GBdddddddXX", "NL": "NLddddddddXB01", "BE": "BE0dddddddXX", "IE": "IEdddddddXW",
    "CH": "CHEddddddddXMWST",
}
_ES_CHECK = "0123456789ABCDEFGHIJ"
_IE_CHECK = "ABCDEFGHIJKLMNOPQRSTUVW"


def make_vat_id(rng: random.Random, country: str) -> str | None:
    """A VAT id whose check digits python-stdnum accepts; ``None`` where the country has none here."""
    pattern = _VAT_PATTERNS.get(country)
    if pattern is None:
        return None
    module = get_cc_module(country.lower(), "vat")
    alphabet = _IE_CHECK if country == "IE" else (_ES_CHECK if country == "ES" else "0123456789")
    for _attempt in range(20):
        base = "".join(str(rng.randint(0, 9)) if ch == "d" else ch for ch in pattern)
        if country == "IT":  # office code 001-100 keeps stdnum happy
            base = base[:9] + f"{rng.randint(1, 99):03d}" + base[12:]
        slots = [i for i, ch in enumerate(base) if ch == "X"]
        for combo in itertools.product(alphabet, repeat=len(slots)):
            chars = list(base)
            for slot, value in zip(slots, combo, strict=True):
                chars[slot] = value
            candidate = "".join(chars)
            if module.is_valid(candidate):
                compact = module.compact(candidate)
                if country == "CH":
                    return "CHE" + compact.removeprefix("CHE")[:9]
                return compact if compact[:2] == country else country + compact
    return None


def format_vat_id(vat: str, country: str, rng: random.Random) -> str:
    """Print a compact VAT id the way that country often writes it (normalisation removes the spaces)."""
    if country == "CH" and vat.startswith("CHE"):
        digits = vat[3:]
        return f"CHE-{digits[:3]}.{digits[3:6]}.{digits[6:]}" if rng.random() < 0.5 else vat
    if country == "GB" and rng.random() < 0.5:
        return f"GB {vat[2:5]} {vat[5:9]} {vat[9:]}"
    if country == "FR" and rng.random() < 0.4:
        return f"FR {vat[2:4]} {vat[4:]}"
    if rng.random() < 0.25:
        return f"{vat[:2]} {vat[2:]}"
    return vat


def make_bank_account(rng: random.Random, country: str) -> tuple[str, str, str]:
    """(IBAN, BIC, bank name) valid under ISO 13616 mod-97 and the national check digits schwifty knows."""
    bank_country = IBAN_COUNTRY.get(country, country)
    banks = BANKS.get(bank_country) or BANKS["DE"]
    if not BANKS.get(bank_country):
        bank_country = "DE"
    for _attempt in range(50):
        name, bank_code, branch = rng.choice(banks)
        length = {"DE": 10, "AT": 11, "CH": 12, "FR": 11, "ES": 10, "IT": 12, "GB": 8, "IE": 8, "NL": 10}[bank_country]
        account = "".join(str(rng.randint(0, 9)) for _ in range(length))
        try:
            iban = IBAN.generate(bank_country, bank_code=bank_code, account_code=account, branch_code=branch)
            IBAN(str(iban))  # full validation incl. national checksums
        except ValueError:
            continue
        bic = str(iban.bic) if iban.bic else BIC_FALLBACK.get(bank_country, {}).get(bank_code, "DEUTDEFFXXX")
        return str(iban.compact), bic, name
    raise RuntimeError(f"could not generate an IBAN for {country}")


def format_iban(iban: str, rng: random.Random) -> str:
    """Grouped in fours (the usual print form) or compact."""
    if rng.random() < 0.75:
        return " ".join(iban[i:i + 4] for i in range(0, len(iban), 4))
    return iban


# ── parties ──────────────────────────────────────────────────────────────────
def _slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "", folded)[:18] or "firma"


def _company_name(rng: random.Random, c: Country) -> str:
    part, trade, form = rng.choice(c.name_parts), rng.choice(c.trades), rng.choice(c.legal_forms)
    style = rng.random()
    if c.code == "MY":
        return f"{part} {trade} {form}" if style < 0.7 else f"{part} {form}"
    if c.code in ("FR", "BE", "ES", "IT"):
        return f"{trade} {part} {form}" if style < 0.5 else f"{part} {trade} {form}"
    if style < 0.6:
        return f"{part} {trade} {form}"
    if style < 0.8:
        return f"{rng.choice(c.last_names)} {trade} {form}"
    return f"{part} {form}"


def _street_line(rng: random.Random, c: Country) -> str:
    street, number = rng.choice(c.streets), rng.randint(1, 180)
    if c.code == "MY":
        return f"NO. {number}, {street}" if rng.random() < 0.6 else f"LOT {number}, {street}"
    if c.code in ("ES", "IT"):
        return f"{street}, {number}" if rng.random() < 0.5 else f"{street} {number}"
    return f"{street} {number}" if c.street_first else f"{number} {street}"


def _city_line(rng: random.Random, c: Country) -> str:
    postcode, city = rng.choice(c.cities)
    if c.postcode_after_city:
        return f"{city} {postcode}"
    if c.code == "MY":
        return f"{postcode} {city}"
    return f"{postcode} {city}"


def random_party(rng: random.Random, country_code: str, language: str, *, with_bank: bool = True) -> Party:
    c = COUNTRIES[country_code]
    name = _company_name(rng, c)
    lines = [_street_line(rng, c), _city_line(rng, c)]
    if rng.random() < 0.45:
        lines.append(c.name.get(language, c.name["EN"]))
    vat = make_vat_id(rng, country_code)
    iban = bic = bank = None
    if with_bank and country_code not in ("US", "MY"):
        iban, bic, bank = make_bank_account(rng, country_code)
    domain = _slug(name.split()[0] + (name.split()[1] if len(name.split()) > 2 else ""))
    tld = {"GB": "co.uk", "US": "com", "MY": "com.my"}.get(country_code, country_code.lower())
    phone = f"{c.phone_prefix} {rng.randint(20, 899)} {rng.randint(100000, 9999999)}"
    reg = {
        "DE": f"HRB {rng.randint(1000, 99999)}, Amtsgericht {c.cities[rng.randrange(len(c.cities))][1]}",
        "AT": f"FN {rng.randint(10000, 599999)}{rng.choice('abdfghikmpstvwxyz')}",
        "FR": f"RCS {rng.choice(c.cities)[1]} {rng.randint(100, 999)} {rng.randint(100, 999)} {rng.randint(100, 999)}",
        "GB": f"Company No. {rng.randint(1000000, 13999999):08d}",
        "ES": f"Registro Mercantil de {rng.choice(c.cities)[1]}, Tomo {rng.randint(1000, 40000)}",
        "IT": f"REA MI-{rng.randint(100000, 2999999)}",
        "MY": f"({rng.randint(100000, 1299999)}-{rng.choice('ADHKMPTUVWX')})",
    }.get(country_code)
    return Party(
        name=name, address_lines=lines, country=country_code, vat_id=vat, iban=iban, bic=bic, bank_name=bank,
        phone=phone, email=f"{rng.choice(['info', 'accounts', 'billing', 'sales', 'office'])}@{domain}.{tld}",
        website=f"www.{domain}.{tld}", registration=reg,
        contact=f"{rng.choice(c.first_names)} {rng.choice(c.last_names)}",
    )


def _split_address(address: str | None) -> list[str]:
    return [part.strip() for part in (address or "").split(",") if part.strip()] or ["-"]


def company_party(cc: CompanyCode, rng: random.Random) -> Party:
    """One of the organisation's own company codes, as its letterhead prints it."""
    country = cc.country or "DE"
    c = COUNTRIES.get(country)
    lines = _split_address(cc.address) if cc.address else \
        random_party(random.Random(f"address:{cc.code}"), country if c else "DE", "EN", with_bank=False).address_lines[:2]
    return Party(
        name=cc.name, address_lines=lines, country=country, vat_id=cc.vat_id, iban=cc.iban,
        bic=cc.bic, bank_name=getattr(cc, "bank_name", None) or _bank_for(cc.iban), company_code=cc.code,
        phone=f"{c.phone_prefix if c else '+49'} {rng.randint(20, 899)} {rng.randint(100000, 999999)}",
        email=f"{rng.choice(['einkauf', 'purchasing', 'ap', 'accounts', 'info'])}@{_slug(cc.name.split()[0])}.example",
        website=f"www.{_slug(cc.name.split()[0])}.example", from_profile=True,
        contact=f"{rng.choice(c.first_names)} {rng.choice(c.last_names)}" if c else None,
    )


def partner_party(partner: Partner, rng: random.Random, language: str) -> Party:
    """A vendor or customer from the profile's master data."""
    country = partner.country or "DE"
    c = COUNTRIES.get(country) or COUNTRIES["DE"]
    iban, bic, bank = partner.iban, partner.bic, _bank_for(partner.iban)
    if iban is None and country not in ("US", "MY"):
        iban, bic, bank = make_bank_account(rng, country)
    lines = _split_address(partner.address) if partner.address else \
        random_party(random.Random(f"address:{partner.name}"), country if country in COUNTRIES else "DE", language,
                     with_bank=False).address_lines
    return Party(
        name=partner.name, address_lines=lines, country=country, vat_id=partner.vat_id,
        iban=iban, bic=bic, bank_name=bank, number=partner.number, from_profile=True,
        known_ibans=list(partner.bank_accounts),
        phone=f"{c.phone_prefix} {rng.randint(20, 899)} {rng.randint(100000, 999999)}",
        email=f"{rng.choice(['info', 'accounts', 'billing', 'sales'])}@{_slug(partner.name.split()[0])}.example",
        website=f"www.{_slug(partner.name.split()[0])}.example",
        contact=f"{rng.choice(c.first_names)} {rng.choice(c.last_names)}",
    )


def _bank_for(iban: str | None) -> str | None:
    if not iban:
        return None
    try:
        parsed = IBAN(iban)
        bank = parsed.bank
    except ValueError:
        return None
    for name, code, _branch in BANKS.get(parsed.country_code, []):
        if parsed.bank_code == code:
            return name
    if not bank or not bank.get("name"):
        return None
    words = str(bank["name"]).split()[:3]  # registry names can be long legal names
    return " ".join(w if len(w) <= 4 else w.title() for w in words)


def with_other_iban(rng: random.Random, party: Party) -> Party:
    """The same partner with a valid IBAN that is NOT one of its master-data accounts (a defect)."""
    while True:
        iban, bic, bank = make_bank_account(rng, party.country)
        if iban not in party.known_ibans and iban != party.iban:
            return replace(party, iban=iban, bic=bic, bank_name=bank)


def pick_vendor(rng: random.Random, profile: OrgProfile, language: str, known_share: float = 0.7) -> Party:
    """Mostly a profile vendor; otherwise a new supplier from a country writing ``language``."""
    if profile.vendors and rng.random() < known_share:
        return partner_party(rng.choice(profile.vendors), rng, language)
    return random_party(rng, pick_country(rng, language), language)


def pick_customer(rng: random.Random, profile: OrgProfile, language: str, known_share: float = 0.5) -> Party:
    if profile.customers and rng.random() < known_share:
        return partner_party(rng.choice(profile.customers), rng, language)
    return random_party(rng, pick_country(rng, language), language, with_bank=False)


def pick_country(rng: random.Random, language: str) -> str:
    from sap_llm.corpus.synth.locales import LANGUAGE_COUNTRIES

    codes, weights = zip(*LANGUAGE_COUNTRIES[language], strict=True)
    return rng.choices(codes, weights=weights, k=1)[0]
