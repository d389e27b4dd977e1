"""Check a built OData payload against the API's real metadata, independently of how it was built.

Every property must exist on its entity type, navigation properties must lead where the payload
goes (a list for to-many, an object for to-one), values must fit the EDM type and facets (max
length, precision / scale, integer range), and the route's required properties must be present.
Each problem is an ``Issue`` (rule ids ``RT_*``), so a bad payload goes to a person with reasons.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from sap_llm.kb.model import EntityTypeSpec, PropertySpec, ServiceSpec
from sap_llm.records import Issue

_V2_DATE = re.compile(r"^/Date\(-?\d+([+-]\d{4})?\)/$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$")
_INT_RANGES = {"Edm.Byte": (0, 255), "Edm.SByte": (-128, 127), "Edm.Int16": (-(2**15), 2**15 - 1),
               "Edm.Int32": (-(2**31), 2**31 - 1), "Edm.Int64": (-(2**63), 2**63 - 1)}  # fmt: skip


def _issue(path: str, message: str, rule_id: str = "RT_METADATA") -> Issue:
    return Issue(rule_id=rule_id, severity="ERROR", field=path, category="payload", message=f"{path}: {message}")


def _decimal_problem(value: Any, prop: PropertySpec) -> str | None:
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return f"{value!r} is not a decimal"
    if not number.is_finite():
        return f"{value!r} is not a finite decimal"
    sign, digits, exponent = number.as_tuple()
    places = max(0, -int(exponent))
    if prop.scale is not None and places > prop.scale:
        return f"{value} has {places} decimal places, {prop.name} takes {prop.scale}"
    integer_digits = max(0, len(digits) + int(exponent))
    if prop.precision is not None and integer_digits > prop.precision - (prop.scale or 0):
        return f"{value} has more digits than Precision={prop.precision}, Scale={prop.scale or 0}"
    return None


def value_problem(value: Any, prop: PropertySpec, odata_version: str) -> str | None:
    """Why ``value`` does not fit ``prop`` (None when it does)."""
    kind = prop.type
    if value is None:
        return None if prop.nullable else f"{prop.name} is not nullable"
    if kind == "Edm.String":
        if not isinstance(value, str):
            return f"{value!r} is not a string"
        if prop.max_length is not None and len(value) > prop.max_length:
            return f"{len(value)} characters, MaxLength is {prop.max_length}"
        return None
    if kind == "Edm.Decimal":
        return _decimal_problem(value, prop)
    if kind in _INT_RANGES:
        low, high = _INT_RANGES[kind]
        if kind == "Edm.Int64" and isinstance(value, str) and re.fullmatch(r"-?\d+", value):
            value = int(value)  # Int64 travels as a JSON string, like Edm.Decimal
        ok = isinstance(value, int) and not isinstance(value, bool) and low <= value <= high
        return None if ok else f"{value!r} is not an {kind} in [{low}, {high}]"
    if kind == "Edm.Boolean":
        return None if isinstance(value, bool) else f"{value!r} is not a boolean"
    if kind in {"Edm.Double", "Edm.Single"}:
        return None if isinstance(value, int | float) and not isinstance(value, bool) else f"{value!r} is not a number"
    if kind in {"Edm.DateTime", "Edm.DateTimeOffset"} and odata_version == "V2":
        return None if isinstance(value, str) and _V2_DATE.match(value) else f"{value!r} is not /Date(ms)/"
    if kind == "Edm.Date":
        return None if isinstance(value, str) and _ISO_DATE.match(value) else f"{value!r} is not YYYY-MM-DD"
    if kind == "Edm.DateTimeOffset":
        return None if isinstance(value, str) and _ISO_DATETIME.match(value) else f"{value!r} is not an ISO timestamp"
    return None if isinstance(value, str | int | float | bool) else f"{value!r} is not a JSON scalar"


def _check_entity(node: dict[str, Any], etype: EntityTypeSpec, service: ServiceSpec, path: str) -> list[Issue]:
    issues: list[Issue] = []
    for name, value in node.items():
        where = f"{path}/{name}" if path else name
        if name in etype.navigation:
            nav = etype.navigation[name]
            target = service.entity_types[nav.target_type]
            if nav.many:
                if not isinstance(value, list):
                    issues.append(_issue(where, "a to-many navigation takes a list of entities"))
                    continue
                for i, child in enumerate(value):
                    issues += _check_entity(child, target, service, f"{where}[{i}]")
            elif isinstance(value, dict):
                issues += _check_entity(value, target, service, where)
            else:
                issues.append(_issue(where, "a to-one navigation takes one entity"))
        elif name in etype.properties:
            problem = value_problem(value, etype.properties[name], service.version)
            if problem:
                issues.append(_issue(where, problem))
        else:
            issues.append(_issue(where, f"{etype.name} has no property {name} in {service.name}"))
    return issues


def check_payload(payload: dict[str, Any], service: ServiceSpec, entity_set: str,
                  required: list[str] | None = None) -> list[Issue]:  # fmt: skip
    """Every problem of ``payload`` for a POST to ``service``/``entity_set`` (empty = valid)."""
    if entity_set not in service.entity_sets:
        return [_issue(entity_set, f"no entity set {entity_set} in {service.name}")]
    issues = _check_entity(payload, service.entity_type_of(entity_set), service, "")
    for path in required or []:
        missing = _missing(payload, path.split("/"), "")
        if missing:
            where = missing[0] if len(missing) == 1 else f"{path} (items {', '.join(_index(m) for m in missing)})"
            issues.append(_issue(where, f"{service.name} needs it to create a {entity_set}; the document did not "
                                        "give it", rule_id="RT_REQUIRED"))  # fmt: skip
    return issues


def _index(path: str) -> str:
    found = re.search(r"\[(\d+)\]", path)
    return str(int(found.group(1)) + 1) if found else "?"


def _missing(node: dict[str, Any], parts: list[str], prefix: str) -> list[str]:
    """Paths of ``parts`` absent under ``node`` (``Nav[]/Prop``: in every item that exists)."""
    head, rest = parts[0], parts[1:]
    name = head.removesuffix("[]")
    where = f"{prefix}/{name}" if prefix else name
    if name not in node or node[name] in (None, "", [], {}):
        return [] if rest and head.endswith("[]") else [where if not rest else f"{where}/{'/'.join(rest)}"]
    if not rest:
        return []
    children = node[name] if isinstance(node[name], list) else [node[name]]
    return [m for i, child in enumerate(children) for m in _missing(child, rest, f"{where}[{i}]" if head.endswith("[]")
            else where)]  # fmt: skip
