"""The organisation profile: the user's own company codes and master data.

Loaded from YAML or JSON (``--org-profile FILE``); the shipped, documented
example ``examples/org_profile.yaml`` is used when none is given. Unknown keys
are accepted and kept (real profiles carry more than we read).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from sap_llm import paths

EXAMPLE_PROFILE = paths.repo_path("examples", "org_profile.yaml")


class ProfileError(ValueError):
    """The profile file cannot be read or does not describe an organisation."""


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


def _compact(value: str | None) -> str | None:
    return None if value is None else "".join(str(value).split()).upper()


class PlantDetail(_Open):
    plant: str
    name: str | None = None
    address: str | None = None


class CompanyCode(_Open):
    code: str
    name: str
    address: str | None = None
    country: str | None = None
    vat_id: str | None = None
    currency: str = "EUR"
    iban: str | None = None
    bic: str | None = None
    plants: list[str] = Field(default_factory=list)
    plant_details: list[PlantDetail] = Field(default_factory=list)
    purchasing_organizations: list[str] = Field(default_factory=list)
    purchasing_groups: list[str] = Field(default_factory=list)
    sales_organizations: list[str] = Field(default_factory=list)
    distribution_channels: list[str] = Field(default_factory=list)  # sales area defaults for sales orders
    divisions: list[str] = Field(default_factory=list)

    _norm = field_validator("vat_id", "iban", "bic")(classmethod(lambda cls, v: _compact(v)))

    @field_validator("code", mode="before")
    @classmethod
    def _code_is_text(cls, v: Any) -> str:
        return str(v)


class Partner(_Open):
    """A vendor (``supplier`` number) or customer (``customer`` number) from master data."""

    supplier: str | None = None
    customer: str | None = None
    name: str
    country: str | None = None
    address: str | None = None
    vat_id: str | None = None
    iban: str | None = None
    ibans: list[str] = Field(default_factory=list)
    bic: str | None = None

    _norm = field_validator("vat_id", "iban", "bic")(classmethod(lambda cls, v: _compact(v)))

    @field_validator("supplier", "customer", mode="before")
    @classmethod
    def _number_is_text(cls, v: Any) -> str | None:
        return None if v is None else str(v)

    @property
    def number(self) -> str | None:
        return self.supplier or self.customer

    @property
    def bank_accounts(self) -> list[str]:
        accounts = [a for a in [self.iban, *self.ibans] if a]
        return list(dict.fromkeys(_compact(a) for a in accounts))


class OrgProfile(_Open):
    company_codes: list[CompanyCode] = Field(min_length=1)
    vendors: list[Partner] = Field(default_factory=list)
    customers: list[Partner] = Field(default_factory=list)

    def company_code(self, code: str) -> CompanyCode | None:
        return next((c for c in self.company_codes if c.code == str(code)), None)

    @property
    def own_vat_ids(self) -> set[str]:
        return {c.vat_id for c in self.company_codes if c.vat_id}

    @property
    def own_ibans(self) -> set[str]:
        return {c.iban for c in self.company_codes if c.iban}

    def vendor(self, number: str) -> Partner | None:
        return next((v for v in self.vendors if v.supplier == str(number)), None)

    def customer(self, number: str) -> Partner | None:
        return next((c for c in self.customers if c.customer == str(number)), None)

    @model_validator(mode="after")
    def _unique_keys(self) -> OrgProfile:
        """Company codes and partner numbers are keys: a repeated one would make look-ups ambiguous."""
        for label, keys in (
            ("company code", [c.code for c in self.company_codes]),
            ("vendor number", [v.supplier for v in self.vendors if v.supplier]),
            ("customer number", [c.customer for c in self.customers if c.customer]),
        ):
            repeated = sorted({k for k in keys if keys.count(k) > 1})
            if repeated:
                raise ValueError(f"{label} {', '.join(repeated)} is defined more than once")
        return self


def _vat_problem(vat_id: str) -> str | None:
    from stdnum.exceptions import ValidationError as NumberError
    from stdnum.util import get_cc_module

    country = vat_id[:2].lower()
    module = get_cc_module("gr" if country == "el" else country, "vat")
    if module is None:
        return None  # no checker for this country: nothing to say
    try:
        module.validate(vat_id)
    except NumberError as exc:
        return str(exc)
    return None


def profile_warnings(profile: OrgProfile) -> list[str]:
    """Master-data values that load but look wrong: bad IBAN / BIC / VAT check digits, plants
    described but not listed. Validation matches documents against these values, so a typo
    here shows up later as a false mismatch; ``sap-llm contract profile`` prints them."""
    from stdnum import bic as bic_number
    from stdnum import iban as iban_number

    out: list[str] = []
    parties: list[tuple[str, Any]] = [(f"company code {c.code}", c) for c in profile.company_codes]
    parties += [(f"vendor {v.supplier or v.name}", v) for v in profile.vendors]
    parties += [(f"customer {c.customer or c.name}", c) for c in profile.customers]
    for label, party in parties:
        ibans = [party.iban, *getattr(party, "ibans", [])]
        for account in filter(None, ibans):
            if not iban_number.is_valid(account):
                out.append(f"{label}: IBAN {account} fails the ISO 13616 mod-97 check")
        if party.bic and not bic_number.is_valid(party.bic):
            out.append(f"{label}: BIC {party.bic} is not a valid BIC")
        if party.vat_id:
            problem = _vat_problem(party.vat_id)
            if problem:
                out.append(f"{label}: VAT id {party.vat_id} is invalid ({problem})")
    for cc in profile.company_codes:
        for detail in cc.plant_details:
            if detail.plant not in cc.plants:
                out.append(f"company code {cc.code}: plant_details names plant {detail.plant} not in plants")
    return out


def load_profile(path: str | Path | None = None) -> OrgProfile:
    """Load and validate a profile; ``None`` loads the shipped example."""
    path = Path(path) if path else EXAMPLE_PROFILE
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ProfileError(f"cannot read organisation profile {path}: {exc.strerror or exc}") from exc
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        kind = "JSON" if path.suffix.lower() == ".json" else "YAML"
        raise ProfileError(f"organisation profile {path} is not valid {kind}: {exc}") from exc
    if not isinstance(data, dict):
        raise ProfileError(f"organisation profile {path} must be a mapping with 'company_codes'")
    try:
        return OrgProfile.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
        )
        raise ProfileError(f"organisation profile {path} is invalid: {problems}") from exc
