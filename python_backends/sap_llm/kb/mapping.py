"""The mapping catalogue's records: document type → SAP API, and ADC field → SAP property.

The catalogue lives in ``kb_tools/catalog/mappings.yaml`` and is compiled into the knowledge base
after every target has been checked against the parsed metadata (``kb_tools.mappings``).

Target paths are relative to the route's entity set:

* ``DocumentDate`` — a property of the header entity;
* ``to_SuplrInvoiceAdditionalData/BusinessPartnerName1`` — a property of a to-one navigation;
* ``to_SuplrInvcItemPurOrdRef[]/PurchaseOrderItem`` — a property of each item of a to-many
  navigation (a deep insert): one item per ADC line item.

Sources are ADC header fields (``invoice_number``), line-item fields (``line_items[].quantity``,
only with an item target), the organisation profile (``profile.company_code``,
``profile.purchasing_organization``, ``profile.purchasing_group``, ``profile.plant``,
``profile.sales_organization``, ``profile.currency``, ``profile.country``; ``profile.vendor`` /
``profile.customer``: the SAP number of the partner the document matched in the master data), the item's position
(``line_items[].#position``), or a constant (``value:`` instead of ``source:``).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, model_validator

from sap_llm.kb.model import EntityTypeSpec, NavigationSpec, PropertySpec, ServiceSpec

PROFILE_SOURCES = (
    "profile.company_code",
    "profile.purchasing_organization",
    "profile.purchasing_group",
    "profile.plant",
    "profile.sales_organization",
    "profile.distribution_channel",
    "profile.division",
    "profile.currency",
    "profile.country",
    "profile.vendor",  # SAP supplier number of the vendor the document matched in the master data
    "profile.customer",  # SAP customer number of the customer the document matched
)
ITEM_PREFIX = "line_items[]."


class MappingRecord(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FieldMapping(MappingRecord):
    """One ADC value → one SAP property, through a named transformation."""

    target: str  # property path, see the module docstring
    source: str | None = None  # ADC field / line_items[].field / profile.* ; None with ``value``
    fallback: str | None = None  # another source, used when the document does not carry ``source``
    value: Any = None  # a constant, when there is no source
    transform: str = "identity"  # name in sap_llm.kb.transforms.TRANSFORMS
    params: dict[str, Any] = Field(default_factory=dict)
    subtypes: list[str] | None = None  # only for these subtypes (None = all)
    note: str | None = None

    @model_validator(mode="after")
    def _source_or_value(self) -> FieldMapping:
        if (self.source is None) == (self.value is None):
            raise ValueError(f"mapping to {self.target}: give exactly one of source and value")
        if self.fallback is not None and self.source is None:
            raise ValueError(f"mapping to {self.target}: a fallback needs a source")
        if self.source and self.source.startswith(ITEM_PREFIX) and "[]/" not in self.target:
            raise ValueError(f"mapping {self.source} -> {self.target}: a line-item source needs an item target (Nav[]/Prop)")
        return self

    @property
    def is_item(self) -> bool:
        return "[]/" in self.target

    @property
    def navigation(self) -> str | None:
        return self.target.split("/", 1)[0].removesuffix("[]") if "/" in self.target else None

    @property
    def property_name(self) -> str:
        return self.target.rsplit("/", 1)[-1]


class Route(MappingRecord):
    """Where documents of one type (and some subtypes) go in SAP."""

    id: str
    document_type: str
    subtypes: list[str] | None = None  # None: every subtype no more specific route claims
    api: str | None  # None: no API in the knowledge base posts this type (goes to a person)
    entity_set: str | None = None
    method: str = "POST"
    why: str  # one sentence a reviewer reads in the routing reasons
    mappings: list[FieldMapping] = Field(default_factory=list)  # in addition to the type's shared ones
    #: payload properties SAP needs to create the document (the metadata's Nullable="false" is no guide:
    #: V4 services mark nearly everything so); a missing one is an ERROR for a person to fix
    required: list[str] = Field(default_factory=list)


class MappingCatalogue(MappingRecord):
    version: int = 1
    routes: list[Route]
    #: field mappings shared by every route of a document type
    field_mappings: dict[str, list[FieldMapping]] = Field(default_factory=dict)

    def route_for(self, document_type: str, subtype: str | None) -> Route | None:
        """The subtype-specific route when there is one, else the type's general route."""
        general = None
        for route in self.routes:
            if route.document_type != document_type:
                continue
            if route.subtypes is None:
                general = general or route
            elif subtype is not None and subtype in route.subtypes:
                return route
        return general

    def mappings_for(self, route: Route, subtype: str | None) -> list[FieldMapping]:
        shared = self.field_mappings.get(route.document_type, [])
        return [m for m in [*shared, *route.mappings] if m.subtypes is None or (subtype in m.subtypes)]

    def count(self) -> int:
        return sum(len(v) for v in self.field_mappings.values()) + sum(len(r.mappings) for r in self.routes)


# ── target paths against parsed metadata (the catalogue check and the router share this) ──
class TargetPathError(KeyError):
    """A target path that does not resolve against the metadata; ``str()`` is the plain message."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "broken target path"


class ResolvedTarget(NamedTuple):
    """What a target path names: the entity type holding the property, the property, the navigations walked."""

    entity_type: EntityTypeSpec
    prop: PropertySpec
    navigation_chain: tuple[NavigationSpec, ...]


def suggest(name: str, candidates: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(candidates), n=3, cutoff=0.6)
    return f" (did you mean {', '.join(close)}?)" if close else ""


def resolve_target(service: ServiceSpec, entity_set: str, target: str) -> ResolvedTarget:
    """Resolve ``target`` (``Prop``, ``Nav/Prop``, ``Nav[]/Prop``, ...) from ``entity_set`` of ``service``.

    Raises ``TargetPathError`` (a ``KeyError``) naming the first segment that does not resolve: an
    unknown entity set, navigation or property, ``[]`` on a to-one navigation or missing on a
    to-many one, a navigation where a property is expected.
    """
    where = f"{service.name} {entity_set}"
    if entity_set not in service.entity_sets:
        raise TargetPathError(f"{service.name} has no entity set {entity_set}{suggest(entity_set, service.entity_sets)}")
    type_name = service.entity_sets[entity_set].entity_type
    if type_name not in service.entity_types:
        raise TargetPathError(f"{where}: entity type {type_name} is not in the metadata")
    etype = service.entity_types[type_name]
    parts = target.split("/") if target else []
    if not parts or any(not p.strip() or p != p.strip() for p in parts):
        raise TargetPathError(f"{where}: target {target!r} is not a path of the form Prop, Nav/Prop or Nav[]/Prop")
    *navs, prop_name = parts
    chain: list[NavigationSpec] = []
    for segment in navs:
        many_marker = segment.endswith("[]")
        name = segment.removesuffix("[]")
        if name not in etype.navigation:
            hint = suggest(name, etype.navigation)
            if name in etype.properties:
                raise TargetPathError(f"{where}: {name} in {target!r} is a property of {etype.name}, not a navigation")
            raise TargetPathError(f"{where}: {etype.name} has no navigation property {name} (in {target!r}){hint}")
        nav = etype.navigation[name]
        if nav.many and not many_marker:
            raise TargetPathError(f"{where}: {etype.name}/{name} is a to-many navigation; write {name}[] in {target!r}")
        if many_marker and not nav.many:
            raise TargetPathError(f"{where}: {etype.name}/{name} is a to-one navigation; drop the [] in {target!r}")
        if nav.target_type not in service.entity_types:
            raise TargetPathError(f"{where}: navigation {name} leads to {nav.target_type}, which the metadata lacks")
        chain.append(nav)
        etype = service.entity_types[nav.target_type]
    if prop_name.endswith("[]"):
        raise TargetPathError(f"{where}: {target!r} ends in a navigation; a target names a property")
    if prop_name not in etype.properties:
        if prop_name in etype.navigation:
            raise TargetPathError(f"{where}: {prop_name} in {target!r} is a navigation of {etype.name}, not a property")
        raise TargetPathError(f"{where}: {etype.name} has no property {prop_name} (in {target!r})"
                              f"{suggest(prop_name, etype.properties)}")  # fmt: skip
    return ResolvedTarget(etype, etype.properties[prop_name], tuple(chain))
