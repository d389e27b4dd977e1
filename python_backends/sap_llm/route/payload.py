"""Build the OData payload of a route from the ADC through the knowledge base's field mappings.

Pure: ADC + route + mappings + metadata + master data in, payload and issues out. Every property
name comes from a mapping the knowledge base compiled (and checked against the metadata); every
value goes through its named transformation and the property's EDM type and facets. A value that
cannot be converted becomes an issue, never a broken payload.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sap_llm.kb.mapping import ITEM_PREFIX, FieldMapping, resolve_target
from sap_llm.kb.model import ServiceSpec
from sap_llm.kb.transforms import TransformError, apply_transform
from sap_llm.records import Issue

POSITION = "#position"


@dataclass
class PayloadBuild:
    payload: dict[str, Any] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    mapped_sources: list[str] = field(default_factory=list)  # ADC fields that made it into the payload
    unmapped_sources: list[str] = field(default_factory=list)  # mapped fields the ADC did not carry


def _present(value: Any) -> bool:
    return value is not None and value != "" and value != []


def _read(source: str, fields: dict[str, Any], item: dict[str, Any] | None, position: int,
          profile_values: dict[str, Any]) -> Any:  # fmt: skip
    if source.startswith(ITEM_PREFIX):
        name = source[len(ITEM_PREFIX):]
        if name == POSITION:
            return position
        return None if item is None else item.get(name)
    if source.startswith("profile."):
        return profile_values.get(source)
    return fields.get(source)


def _source_value(mapping: FieldMapping, fields: dict[str, Any], item: dict[str, Any] | None, position: int,
                  profile_values: dict[str, Any]) -> Any:  # fmt: skip
    if mapping.source is None:
        return mapping.value
    value = _read(mapping.source, fields, item, position, profile_values)
    if not _present(value) and mapping.fallback is not None:
        value = _read(mapping.fallback, fields, item, position, profile_values)
    return value


def _put(payload: dict[str, Any], target: str, value: Any, item_index: int | None, item_count: int) -> None:
    node = payload
    *navs, prop = target.split("/")
    for nav in navs:
        if nav.endswith("[]"):
            items = node.setdefault(nav[:-2], [{} for _ in range(item_count)])
            node = items[item_index or 0]
        else:
            node = node.setdefault(nav, {})
    node[prop] = value


def build_payload(fields: dict[str, Any], line_items: list[dict[str, Any]], mappings: list[FieldMapping], *,
                  service: ServiceSpec, entity_set: str, profile_values: dict[str, Any]) -> PayloadBuild:  # fmt: skip
    """Apply every mapping; line-item targets get one payload item per ADC line item."""
    out = PayloadBuild()
    # a to-many navigation fed by line-item sources gets one entry per line item; one fed only by
    # header values (a master record's description, bank account, plant) gets exactly one entry
    per_line = {m.navigation for m in mappings if m.is_item and (m.source or "").startswith(ITEM_PREFIX)}
    for mapping in mappings:
        prop = resolve_target(service, entity_set, mapping.target).prop
        rows: list[tuple[int | None, dict[str, Any] | None]]
        if not mapping.is_item:
            rows = [(None, None)]
        elif mapping.navigation in per_line:
            rows = list(enumerate(line_items))
        else:
            rows = [(0, None)]
        label = mapping.source or f"constant {mapping.value!r}"
        carried = False
        for index, item in rows:
            raw = _source_value(mapping, fields, item, (index or 0) + 1, profile_values)
            if not _present(raw):
                continue
            where = (f"line_items[{index}].{label.removeprefix(ITEM_PREFIX)}"
                     if index is not None and mapping.navigation in per_line else label)
            try:
                result = apply_transform(mapping.transform, raw, prop, odata_version=service.version,
                                         params=mapping.params)  # fmt: skip
            except TransformError as exc:
                out.issues.append(Issue(rule_id="RT_VALUE", severity="ERROR", field=where, category="payload",
                                        message=f"{where} -> {mapping.target}: {exc}"))  # fmt: skip
                continue
            for warning in result.warnings:
                out.issues.append(Issue(rule_id="RT_TRUNCATED" if "truncat" in warning else "RT_TRANSFORM",
                                        severity="WARNING", field=where, category="payload",
                                        message=f"{where} -> {mapping.target}: {warning}"))  # fmt: skip
            if result.value is None:
                continue
            _put(out.payload, mapping.target, result.value, index,
                 len(line_items) if mapping.navigation in per_line else 1)
            carried = True
        if mapping.source is not None and not mapping.source.startswith("profile."):
            (out.mapped_sources if carried else out.unmapped_sources).append(mapping.source)
    return out
