"""Load the mapping catalogue (``catalog/mappings.yaml``) and check it against parsed SAP metadata.

    catalogue = load_catalogue()                        # the YAML beside this module
    check = check_catalogue(catalogue, parse_dir("../shared/sap_edmx"))
    check.problems   # broken references: the knowledge base must not be built with any
    check.warnings   # legal but worth a look (a value that may be cut, a route SAP refuses ...)

    etype, prop, chain = resolve_target(service, "A_SupplierInvoice", "to_SuplrInvcItemPurOrdRef[]/PurchaseOrder")

Every problem and warning is one plain sentence naming the route or mapping, the target and what
is wrong, so a catalogue author can fix it without reading this code. The checks: API, entity set
and creatability of every route; every target path resolved through the entity type's navigation
properties (``[]`` exactly on to-many ones) to a creatable property; a registered transform that
suits the property's EDM type and the source's ADC type, with valid parameters; sources that are
ADC fields of the document type (``FIELDS``), ``line_items[].*``, ``profile.*`` (as listed in
``sap_llm.kb.mapping.PROFILE_SOURCES``) or a constant that fits the property; no two mappings
writing the same target for the same subtype; routes for every document type and subtype claimed
at most once.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from sap_llm.contract.doctypes import DOCUMENT_TYPES, SUBTYPES, TYPE_INFO
from sap_llm.contract.fields import FIELDS, FieldSpec
from sap_llm.files import read_yaml
from sap_llm.kb.mapping import (
    ITEM_PREFIX,
    PROFILE_SOURCES,
    FieldMapping,
    MappingCatalogue,
    Route,
    TargetPathError,
    resolve_target,
    suggest,
)
from sap_llm.kb.model import PropertySpec, ServiceSpec

DEFAULT_CATALOGUE = Path(__file__).resolve().parent / "catalog" / "mappings.yaml"
POSITION_SOURCE = ITEM_PREFIX + "#position"
METHODS = ("POST", "PATCH", "PUT", "MERGE")

# ── EDM type families ───────────────────────────────────────────────────────
DATE_TYPES = frozenset({"Edm.DateTime", "Edm.Date", "Edm.DateTimeOffset"})
DECIMAL_TYPES = frozenset({"Edm.Decimal", "Edm.Double", "Edm.Single"})
INTEGER_TYPES = frozenset({"Edm.Byte", "Edm.SByte", "Edm.Int16", "Edm.Int32", "Edm.Int64"})
NUMBER_TYPES = DECIMAL_TYPES | INTEGER_TYPES
ANY_TYPE = None  # marker: a transform that suits every EDM type

#: transform -> EDM types its output suits (``None``: any)
TRANSFORM_EDM_TYPES: dict[str, frozenset[str] | None] = {
    "identity": ANY_TYPE,
    "constant": ANY_TYPE,
    "strip": frozenset({"Edm.String"}),
    "upper": frozenset({"Edm.String"}),
    "pad_left_zeros": frozenset({"Edm.String"}),
    "truncate": frozenset({"Edm.String"}),
    "clean_iban": frozenset({"Edm.String"}),
    "normalize_vat": frozenset({"Edm.String"}),
    "currency_code": frozenset({"Edm.String"}),
    "unit_iso_to_sap": frozenset({"Edm.String"}),
    "unit_sap_to_iso": frozenset({"Edm.String"}),
    "country_code": frozenset({"Edm.String"}),
    "language_code": frozenset({"Edm.String"}),
    "debit_credit": frozenset({"Edm.String"}),
    "movement_type": frozenset({"Edm.String"}),
    "parse_date": DATE_TYPES,
    "decimal": DECIMAL_TYPES,
    "abs_amount": NUMBER_TYPES,
    "negate": NUMBER_TYPES,
    "boolean": frozenset({"Edm.Boolean"}),
}

# ── ADC value types (sap_llm.contract.fields.VALUE_TYPES) by family ─────────
NUMERIC_VALUES = frozenset({"amount", "price", "number", "integer", "percent"})
#: transform -> ADC value types it can read (absent: any)
TRANSFORM_SOURCE_TYPES: dict[str, frozenset[str]] = {
    "parse_date": frozenset({"date"}),
    "decimal": NUMERIC_VALUES,
    "abs_amount": NUMERIC_VALUES,
    "negate": NUMERIC_VALUES,
    "boolean": frozenset({"boolean"}),
    "clean_iban": frozenset({"iban"}),
    "normalize_vat": frozenset({"vat_id"}),
    "currency_code": frozenset({"currency"}),
    "unit_iso_to_sap": frozenset({"unit"}),
    "unit_sap_to_iso": frozenset({"unit"}),
    "country_code": frozenset({"country"}),
    "language_code": frozenset({"language"}),
    "movement_type": frozenset({"movement_type", "code", "identifier", "integer"}),
    "debit_credit": frozenset({"debit_credit"}) | NUMERIC_VALUES,
}
#: transform -> the longest string it produces (its own output format)
TRANSFORM_OUTPUT_LENGTH: dict[str, int] = {
    "currency_code": 3, "country_code": 2, "language_code": 1, "unit_iso_to_sap": 3, "unit_sap_to_iso": 3,
    "movement_type": 3, "debit_credit": 1,
}  # fmt: skip
#: longest normal form of ADC value types that carry no max_length in the registry
VALUE_TYPE_LENGTH: dict[str, int] = {
    "currency": 3, "country": 2, "language": 2, "iban": 34, "bic": 11, "vat_id": 15, "movement_type": 3,
    "debit_credit": 1, "unit": 6,
}  # fmt: skip
#: ADC value type of each ``profile.*`` source
PROFILE_VALUE_TYPES: dict[str, tuple[str, int | None]] = {
    "profile.company_code": ("code", 4), "profile.purchasing_organization": ("code", 4),
    "profile.purchasing_group": ("code", 3), "profile.plant": ("code", 4),
    "profile.sales_organization": ("code", 4), "profile.currency": ("currency", 3),
    "profile.distribution_channel": ("code", 2), "profile.division": ("code", 2),
    "profile.country": ("country", 2), "profile.vendor": ("identifier", 10), "profile.customer": ("identifier", 10),
}  # fmt: skip
#: transform parameters: name -> (python type, required)
TRANSFORM_PARAMS: dict[str, dict[str, tuple[type | tuple[type, ...], bool]]] = {
    "pad_left_zeros": {"n": (int, False)},
    "truncate": {"n": (int, False)},
    "decimal": {"scale": (int, False)},
    "parse_date": {"month_first": (bool, False)},
    "normalize_vat": {"country": (str, False), "check": (bool, False)},
    "constant": {"value": (object, True)},
}


class CatalogueLoadError(ValueError):
    """The catalogue file cannot be read or does not have the catalogue's shape; says which file and why."""


@dataclass
class CatalogueCheck:
    """The outcome of ``check_catalogue``: problems stop a knowledge-base build, warnings do not."""

    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


# ── loading ──────────────────────────────────────────────────────────────────
def load_catalogue(path: str | Path | None = None) -> MappingCatalogue:
    """The catalogue in ``path`` (default: ``catalog/mappings.yaml`` beside this module)."""
    path = Path(path) if path is not None else DEFAULT_CATALOGUE
    data = read_yaml(path, "mapping catalogue", CatalogueLoadError)
    if not isinstance(data, dict):
        raise CatalogueLoadError(f"{path}: a mapping catalogue is a YAML mapping with 'routes' and 'field_mappings'")
    try:
        return MappingCatalogue.model_validate(data)
    except ValidationError as exc:
        details = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()[:20])
        raise CatalogueLoadError(f"{path}: {exc.error_count()} error(s) in the catalogue: {details}") from exc


# ── target paths ─────────────────────────────────────────────────────────────
# ── helpers of the check ─────────────────────────────────────────────────────
def _registered_transforms() -> Mapping[str, Callable[..., Any] | None]:
    """The transform registry (``sap_llm.kb.transforms.TRANSFORMS``); the known names when it cannot load."""
    try:
        from sap_llm.kb.transforms import TRANSFORMS
    except ImportError:  # pragma: no cover - the registry ships with the package
        return dict.fromkeys(TRANSFORM_EDM_TYPES)
    return TRANSFORMS


def _label(mapping: FieldMapping) -> str:
    source = mapping.source if mapping.source is not None else f"value {mapping.value!r}"
    return f"{source} -> {mapping.target}"


def _source_spec(source: str, doc_type: str) -> tuple[str | None, int | None, str | None]:
    """(ADC value type, max length, problem) of a mapping source for ``doc_type``."""
    if source == POSITION_SOURCE:
        return "integer", None, None
    if source.startswith("profile."):
        if source not in PROFILE_SOURCES:
            return None, None, f"{source} is not a profile source (known: {', '.join(PROFILE_SOURCES)})"
        vtype, length = PROFILE_VALUE_TYPES.get(source, (None, None))
        return vtype, length, None
    if source.startswith(ITEM_PREFIX):
        name, key, level = source[len(ITEM_PREFIX):], "li." + source[len(ITEM_PREFIX):], "line-item"
    elif "[" in source or "." in source:
        return None, None, f"{source!r} is not a source (an ADC field, line_items[].field, profile.* or #position)"
    else:
        name, key, level = source, source, "header"
    spec: FieldSpec | None = FIELDS.get(key)
    if spec is None:
        hint = suggest(name, [k.removeprefix("li.") for k in FIELDS if k.startswith("li.") == (level != "header")])
        return None, None, f"{level} field {name} is not in the ADC field registry{hint}"
    if doc_type not in spec.document_types:
        return None, None, f"{level} field {name} is not a field of {doc_type} (it belongs to {', '.join(spec.document_types)})"
    return spec.type, spec.max_length or VALUE_TYPE_LENGTH.get(spec.type), None


def _constant_problem(value: Any, prop: PropertySpec) -> str | None:
    kind = prop.type
    if kind == "Edm.String":
        if isinstance(value, bool) or not isinstance(value, str | int):
            return f"constant {value!r} is not a string for {prop.name} (Edm.String); quote it in the YAML"
        if prop.max_length is not None and len(str(value)) > prop.max_length:
            return f"constant {value!r} is longer than {prop.name}'s MaxLength {prop.max_length}"
        return None
    if kind == "Edm.Boolean":
        return None if isinstance(value, bool) else f"constant {value!r} is not a boolean for {prop.name} (Edm.Boolean)"
    if kind in NUMBER_TYPES:
        try:
            float(value)
        except (TypeError, ValueError):
            return f"constant {value!r} is not a number for {prop.name} ({kind})"
        return None if not isinstance(value, bool) else f"constant {value!r} is not a number for {prop.name} ({kind})"
    if kind in DATE_TYPES:
        try:
            date.fromisoformat(str(value)[:10])
        except ValueError:
            return f"constant {value!r} is not an ISO date for {prop.name} ({kind})"
    return None


def _param_problems(mapping: FieldMapping, fn: Callable[..., Any] | None) -> list[str]:
    out: list[str] = []
    spec = TRANSFORM_PARAMS.get(mapping.transform, {})
    if fn is not None:
        try:
            inspect.signature(fn).bind(None, None, "V2", **mapping.params)
        except TypeError as exc:
            out.append(f"transform {mapping.transform} does not take parameters {mapping.params}: {exc}")
            return out
    else:
        unknown = set(mapping.params) - set(spec)
        if unknown:
            out.append(f"transform {mapping.transform} does not take parameter(s) {', '.join(sorted(unknown))}")
    for name, (kind, required) in spec.items():
        if required and name not in mapping.params:
            out.append(f"transform {mapping.transform} needs the parameter {name!r}")
        elif name in mapping.params and kind is not object:
            value = mapping.params[name]
            if not isinstance(value, kind) or (kind is int and (isinstance(value, bool) or value < 0)):
                out.append(f"transform {mapping.transform}: parameter {name}={value!r} is not a {getattr(kind, '__name__', kind)}")
    return out


def _family(value_type: str | None) -> str:
    if value_type == "date":
        return "date"
    if value_type in NUMERIC_VALUES:
        return "number"
    if value_type == "boolean":
        return "boolean"
    return "text"


def _edm_family(kind: str) -> str:
    if kind in DATE_TYPES:
        return "date"
    if kind in NUMBER_TYPES:
        return "number"
    if kind == "Edm.Boolean":
        return "boolean"
    if kind == "Edm.String":
        return "text"
    return "other"


# ── the check ────────────────────────────────────────────────────────────────
class _Checker:
    def __init__(self, catalogue: MappingCatalogue, services: Mapping[str, ServiceSpec],
                 transforms: Mapping[str, Callable[..., Any] | None]) -> None:  # fmt: skip
        self.catalogue = catalogue
        self.services = services
        self.transforms = transforms
        self.out = CatalogueCheck()
        self._seen: set[str] = set()

    def problem(self, message: str) -> None:
        if message not in self._seen:
            self._seen.add(message)
            self.out.problems.append(message)

    def warning(self, message: str) -> None:
        if message not in self._seen:
            self._seen.add(message)
            self.out.warnings.append(message)

    # -- routes ---------------------------------------------------------------
    def effective_subtypes(self, route: Route) -> list[str | None]:
        """The subtypes ``route_for`` sends to ``route`` (``None``: a document without a subtype)."""
        if route.subtypes is not None:
            return [s for s in route.subtypes if self.catalogue.route_for(route.document_type, s) is route]
        if self.catalogue.route_for(route.document_type, None) is not route:
            return []
        return [None, *(s for s in SUBTYPES.get(route.document_type, {})
                        if self.catalogue.route_for(route.document_type, s) is route)]  # fmt: skip

    def check_routes(self) -> None:
        ids = [r.id for r in self.catalogue.routes]
        for dup in sorted({i for i in ids if ids.count(i) > 1}):
            self.problem(f"route id {dup} is used by {ids.count(dup)} routes")
        general: dict[str, list[str]] = {}
        claimed: dict[tuple[str, str], list[str]] = {}
        for route in self.catalogue.routes:
            name = f"route {route.id} ({route.document_type})"
            if route.document_type not in TYPE_INFO:
                self.problem(f"{name}: {route.document_type} is not a document type of the contract{suggest(route.document_type, DOCUMENT_TYPES)}")
                continue
            known = SUBTYPES.get(route.document_type, {})
            if route.subtypes is None:
                general.setdefault(route.document_type, []).append(route.id)
            elif not route.subtypes:
                self.problem(f"{name}: an empty subtype list matches nothing; leave subtypes out for the general route")
            for subtype in route.subtypes or []:
                if subtype not in known:
                    self.problem(f"{name}: {subtype} is not a subtype of {route.document_type}{suggest(subtype, known)}")
                claimed.setdefault((route.document_type, subtype), []).append(route.id)
            if not route.why.strip():
                self.problem(f"{name}: 'why' is empty; it is the sentence a reviewer reads")
            self.check_route_target(route, name)
        for doc_type, routes in general.items():
            if len(routes) > 1:
                self.problem(f"{doc_type} has {len(routes)} general routes ({', '.join(routes)}); only the first is ever used")
        for (doc_type, subtype), routes in claimed.items():
            if len(routes) > 1:
                self.problem(f"{doc_type} / {subtype} is claimed by routes {', '.join(routes)}; only the first is ever used")
        for doc_type in DOCUMENT_TYPES:
            if doc_type not in general:
                self.problem(f"{doc_type} has no general route (one without subtypes): documents of it cannot be routed")
        for doc_type in self.catalogue.field_mappings:
            if doc_type not in TYPE_INFO:
                self.problem(f"field_mappings: {doc_type} is not a document type of the contract{suggest(doc_type, DOCUMENT_TYPES)}")
            elif not any(r.api for r in self.catalogue.routes if r.document_type == doc_type):
                self.warning(f"field_mappings: {doc_type} has mappings but no route with an API: they are never used")

    def check_route_target(self, route: Route, name: str) -> None:
        if route.method not in METHODS:
            self.problem(f"{name}: method {route.method!r} is not one of {', '.join(METHODS)}")
        if route.api is None:
            if route.entity_set is not None:
                self.warning(f"{name}: entity set {route.entity_set} is ignored without an API")
            if route.mappings:
                self.problem(f"{name}: has {len(route.mappings)} mapping(s) but no API; they can never be checked or used")
            if route.required:
                self.warning(f"{name}: 'required' is ignored without an API")
            return
        service = self.services.get(route.api)
        if service is None:
            self.problem(f"{name}: API {route.api} is not in the metadata{suggest(route.api, self.services)} "
                         f"(known: {', '.join(sorted(self.services))})")  # fmt: skip
            return
        if route.entity_set is None:
            self.problem(f"{name}: API {route.api} without an entity set")
            return
        if route.entity_set not in service.entity_sets:
            self.problem(f"{name}: {route.api} has no entity set {route.entity_set}{suggest(route.entity_set, service.entity_sets)}")
            return
        entity_set = service.entity_sets[route.entity_set]
        if route.method == "POST" and not entity_set.creatable:
            message = f"{name}: {route.api} {route.entity_set} is not creatable (sap:creatable=false)"
            if "creatable" in route.why.lower() or "read-only" in route.why.lower():
                self.warning(message + "; the route says so, every document of it goes to a person")
            else:
                self.problem(message + " and the route's 'why' does not say so")
        for path in route.required:
            try:
                resolve_target(service, route.entity_set, path)
            except TargetPathError as exc:
                self.problem(f"{name}: required {path}: {exc}")

    # -- mappings ---------------------------------------------------------------
    def api_routes(self, doc_type: str) -> list[Route]:
        return [r for r in self.catalogue.routes if r.document_type == doc_type and r.api
                and r.api in self.services and r.entity_set in self.services[r.api].entity_sets]  # fmt: skip

    def check_mappings(self) -> None:
        for doc_type, mappings in self.catalogue.field_mappings.items():
            if doc_type not in TYPE_INFO:
                continue
            routes = self.api_routes(doc_type)
            reached = {s for r in routes for s in self.effective_subtypes(r)}
            for index, mapping in enumerate(mappings):
                where = f"field_mappings.{doc_type}[{index}] ({_label(mapping)})"
                self.check_mapping_source(mapping, doc_type, where)
                if mapping.subtypes is not None and routes and not set(mapping.subtypes) & reached:
                    self.warning(f"{where}: none of its subtypes reaches a route with an API; it never applies")
                for route in routes:
                    if self.applies(mapping, route):
                        self.check_mapping_target(mapping, route, f"{where} on route {route.id}", where)
        for route in self.catalogue.routes:
            if route.document_type not in TYPE_INFO:
                continue
            for index, mapping in enumerate(route.mappings):
                where = f"route {route.id} mappings[{index}] ({_label(mapping)})"
                self.check_mapping_source(mapping, route.document_type, where)
                if mapping.subtypes is not None:
                    dead = set(mapping.subtypes) - set(self.effective_subtypes(route))
                    if dead == set(mapping.subtypes):
                        self.warning(f"{where}: none of its subtypes reaches this route; it never applies")
                if route in self.api_routes(route.document_type):
                    self.check_mapping_target(mapping, route, where, where)
        for doc_type in {r.document_type for r in self.catalogue.routes if r.document_type in TYPE_INFO}:
            for route in self.api_routes(doc_type):
                self.check_route_consistency(route)

    def applies(self, mapping: FieldMapping, route: Route) -> bool:
        subtypes = self.effective_subtypes(route)
        return bool(subtypes) and (mapping.subtypes is None or bool(set(mapping.subtypes) & set(subtypes)))

    def check_mapping_source(self, mapping: FieldMapping, doc_type: str, where: str) -> None:
        known = SUBTYPES.get(doc_type, {})
        for subtype in mapping.subtypes or []:
            if subtype not in known:
                self.problem(f"{where}: {subtype} is not a subtype of {doc_type}{suggest(subtype, known)}")
        if mapping.subtypes is not None and not mapping.subtypes:
            self.problem(f"{where}: an empty subtype list matches nothing; leave subtypes out to apply to all")
        if mapping.transform not in self.transforms:
            self.problem(f"{where}: transform {mapping.transform!r} is not registered"
                         f"{suggest(mapping.transform, self.transforms)}")  # fmt: skip
        else:
            for message in _param_problems(mapping, self.transforms.get(mapping.transform)):
                self.problem(f"{where}: {message}")
        if mapping.source is None:
            if mapping.transform not in ("identity", "constant"):
                self.warning(f"{where}: a constant goes through transform {mapping.transform}; give the final value instead")
            return
        if mapping.transform == "constant":
            self.warning(f"{where}: transform constant ignores the source {mapping.source}; use 'value:' instead")
        vtype, _, problem = _source_spec(mapping.source, doc_type)
        if problem:
            self.problem(f"{where}: {problem}")
            return
        if mapping.fallback is not None:
            fallback_type, _, fallback_problem = _source_spec(mapping.fallback, doc_type)
            if fallback_problem:
                self.problem(f"{where}: fallback {fallback_problem}")
            elif _family(fallback_type) != _family(vtype):
                self.problem(f"{where}: fallback {mapping.fallback} ({fallback_type}) is not like {mapping.source} ({vtype})")
        accepted = TRANSFORM_SOURCE_TYPES.get(mapping.transform)
        if accepted is not None and vtype not in accepted:
            self.problem(f"{where}: transform {mapping.transform} reads {', '.join(sorted(accepted))} values, "
                         f"but {mapping.source} is of type {vtype}")  # fmt: skip

    def check_mapping_target(self, mapping: FieldMapping, route: Route, where: str, short: str) -> None:
        """``where`` names the mapping and route (problems); ``short`` only the mapping (warnings, said once)."""
        service = self.services[route.api or ""]
        try:
            resolved = resolve_target(service, route.entity_set or "", mapping.target)
        except TargetPathError as exc:
            self.problem(f"{where}: {exc}")
            return
        prop = resolved.prop
        path = f"{route.api} {resolved.entity_type.name}/{prop.name}"
        if len(resolved.navigation_chain) > 1:
            self.warning(f"{short}: {len(resolved.navigation_chain)} navigation levels; the router builds one level "
                         "of deep insert")  # fmt: skip
        if route.method == "POST" and not prop.creatable:
            self.problem(f"{where}: {path} is not creatable (sap:creatable=false); SAP ignores or rejects it on create")
        suits = TRANSFORM_EDM_TYPES.get(mapping.transform, ANY_TYPE)
        if suits is not None and prop.type not in suits:
            self.problem(f"{where}: transform {mapping.transform} produces {'/'.join(sorted(suits))} values, "
                         f"but {path} is {prop.type}")  # fmt: skip
        out_len = TRANSFORM_OUTPUT_LENGTH.get(mapping.transform)
        if out_len and prop.max_length is not None and out_len > prop.max_length:
            self.problem(f"{where}: transform {mapping.transform} yields up to {out_len} characters, "
                         f"{path} takes {prop.max_length}")  # fmt: skip
        self.check_params_against(mapping, prop, path, where, short)
        if mapping.source is None or mapping.transform == "constant":
            value = mapping.value if mapping.source is None else mapping.params.get("value")
            problem = _constant_problem(value, prop)
            if problem:
                self.problem(f"{where}: {problem}")
            return
        vtype, length, problem = _source_spec(mapping.source, route.document_type)
        if problem:
            return  # already reported by check_mapping_source
        src, dst = _family(vtype), _edm_family(prop.type)
        if dst != "other" and src != dst and dst != "text":
            self.problem(f"{where}: {mapping.source} holds {vtype} values, which cannot go into {path} ({prop.type})")
        elif src == "date" and dst == "text":
            self.warning(f"{short}: a date ({mapping.source}) into {path}, a string; it goes as YYYY-MM-DD")
        if prop.type == "Edm.String" and prop.max_length is not None and out_len is None:
            limit = mapping.params.get("n") if mapping.transform == "truncate" else None
            if mapping.transform == "truncate" and limit is None:
                limit = prop.max_length
            if limit is None and length is not None and length > prop.max_length:
                outcome = ("refused (RT_VALUE), a person fixes it" if mapping.transform == "pad_left_zeros"
                           else "cut to fit (RT_TRUNCATED warning)")  # fmt: skip
                self.warning(f"{short}: {mapping.source} may be up to {length} characters, {path} takes "
                             f"{prop.max_length}; a longer value is {outcome}")  # fmt: skip

    def check_params_against(self, mapping: FieldMapping, prop: PropertySpec, path: str, where: str,
                             short: str) -> None:  # fmt: skip
        n = mapping.params.get("n")
        if isinstance(n, int) and prop.max_length is not None and n > prop.max_length:
            if mapping.transform == "pad_left_zeros":
                self.problem(f"{where}: pad_left_zeros n={n} is more than {path}'s MaxLength {prop.max_length}")
            else:
                self.warning(f"{short}: {mapping.transform} n={n} is more than {path}'s MaxLength {prop.max_length}")
        scale = mapping.params.get("scale")
        if isinstance(scale, int) and prop.scale is not None and scale > prop.scale:
            self.warning(f"{short}: decimal scale={scale} is more than {path}'s Scale {prop.scale}; it is rounded again")

    def check_route_consistency(self, route: Route) -> None:
        """Duplicate targets per subtype, required paths nobody fills, item targets on types without items."""
        name = f"route {route.id} ({route.document_type})"
        subtypes = self.effective_subtypes(route)
        if not subtypes:
            self.warning(f"{name}: no subtype reaches this route (a more specific route claims them all)")
            return
        targets_any: set[str] = set()
        item_navs: set[str] = set()
        for subtype in subtypes:
            by_target: dict[str, list[FieldMapping]] = {}
            for mapping in self.catalogue.mappings_for(route, subtype):
                by_target.setdefault(mapping.target, []).append(mapping)
                targets_any.add(mapping.target)
                if mapping.is_item and mapping.navigation and (mapping.source or "").startswith(ITEM_PREFIX):
                    item_navs.add(mapping.navigation)
            for target, group in by_target.items():
                if len(group) > 1:
                    sources = ", ".join(m.source or f"value {m.value!r}" for m in group)
                    self.problem(f"{name}: {len(group)} mappings write {target} for subtype "
                                 f"{subtype or '(none)'}: {sources}")  # fmt: skip
        for path in route.required:
            if path not in targets_any:
                self.warning(f"{name}: required {path} is not the target of any mapping: every document of this "
                             "route gets an RT_REQUIRED error (a person supplies it)")  # fmt: skip
        if item_navs and not TYPE_INFO[route.document_type].has_line_items:
            self.warning(f"{name}: {route.document_type} has no line items, but line-item sources feed the to-many "
                         f"navigation(s) {', '.join(n + '[]' for n in sorted(item_navs))}; they stay empty")  # fmt: skip


def check_catalogue(catalogue: MappingCatalogue, services: Iterable[ServiceSpec] | Mapping[str, ServiceSpec], *,
                    transforms: Mapping[str, Callable[..., Any] | None] | None = None) -> CatalogueCheck:  # fmt: skip
    """Check every route and mapping of ``catalogue`` against ``services`` (parsed EDMX).

    ``transforms`` defaults to the transform registry of ``sap_llm.kb.transforms``. Returns problems
    (broken references: do not build a knowledge base with any) and warnings, each a plain sentence.
    """
    by_name = dict(services) if isinstance(services, Mapping) else {s.name: s for s in services}
    checker = _Checker(catalogue, by_name, transforms if transforms is not None else _registered_transforms())
    checker.check_routes()
    checker.check_mappings()
    return checker.out


def mapping_counts(catalogue: MappingCatalogue) -> dict[str, int]:
    """Mappings per document type (shared and route-specific)."""
    counts = {t: len(m) for t, m in catalogue.field_mappings.items()}
    for route in catalogue.routes:
        counts[route.document_type] = counts.get(route.document_type, 0) + len(route.mappings)
    return counts
