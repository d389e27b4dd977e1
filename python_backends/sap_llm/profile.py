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
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

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
        raise ProfileError(f"organisation profile {path} is not valid {path.suffix[1:] or 'YAML'}: {exc}") from exc
    if not isinstance(data, dict):
        raise ProfileError(f"organisation profile {path} must be a mapping with 'company_codes'")
    try:
        return OrgProfile.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
        )
        raise ProfileError(f"organisation profile {path} is invalid: {problems}") from exc
