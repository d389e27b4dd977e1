"""Records of the compiled knowledge base: SAP OData services as their metadata describes them.

These are what ``kb_tools.edmx`` parses out of an EDMX file and what the artifact (``kb.json``)
stores; everything downstream (mappings, routing, payload checks, search) reads SAP names from
here and nowhere else.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

ODataVersion = Literal["V2", "V4"]


class KbRecord(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PropertySpec(KbRecord):
    """One property of an entity type, with the facets and SAP annotations of the metadata."""

    name: str
    type: str  # Edm.String, Edm.Decimal, Edm.DateTime (V2), Edm.Date (V4), Edm.DateTimeOffset, Edm.Boolean, ...
    max_length: int | None = None
    precision: int | None = None
    scale: int | None = None
    nullable: bool = True
    label: str | None = None  # sap:label (V2) / Common.Label annotation (V4)
    creatable: bool = True  # sap:creatable
    updatable: bool = True  # sap:updatable
    required_in_filter: bool = False  # sap:required-in-filter
    unit: str | None = None  # sap:unit: the property carrying this amount's / quantity's unit
    display_format: str | None = None  # sap:display-format (e.g. Date, UpperCase, NonNegative)


class NavigationSpec(KbRecord):
    """A navigation property: where it leads and how many."""

    name: str
    target_type: str  # entity type name (without namespace)
    many: bool  # to-many (a deep insert takes a list) or to-one
    relationship: str | None = None  # V2 association name


class EntityTypeSpec(KbRecord):
    name: str
    namespace: str
    keys: list[str] = Field(default_factory=list)
    properties: dict[str, PropertySpec] = Field(default_factory=dict)
    navigation: dict[str, NavigationSpec] = Field(default_factory=dict)
    label: str | None = None


class EntitySetSpec(KbRecord):
    name: str
    entity_type: str  # entity type name (without namespace)
    creatable: bool = True
    updatable: bool = True
    deletable: bool = True
    label: str | None = None


class AssociationSpec(KbRecord):
    """V2 association: two ends with their entity types and multiplicities."""

    name: str
    ends: list[tuple[str, str, str]] = Field(default_factory=list)  # (role, entity type, multiplicity)


class FunctionImportSpec(KbRecord):
    name: str
    http_method: str | None = None
    return_type: str | None = None
    parameters: dict[str, str] = Field(default_factory=dict)  # name -> Edm type
    entity_set: str | None = None


class ServiceSpec(KbRecord):
    """One OData service (API) from one EDMX file."""

    name: str  # API name, e.g. API_SUPPLIERINVOICE_PROCESS_SRV
    version: ODataVersion
    namespaces: list[str] = Field(default_factory=list)
    entity_types: dict[str, EntityTypeSpec] = Field(default_factory=dict)
    entity_sets: dict[str, EntitySetSpec] = Field(default_factory=dict)
    associations: dict[str, AssociationSpec] = Field(default_factory=dict)
    function_imports: dict[str, FunctionImportSpec] = Field(default_factory=dict)
    source_file: str | None = None
    source_sha256: str | None = None
    description: str | None = None

    def entity_type_of(self, entity_set: str) -> EntityTypeSpec:
        """The entity type behind an entity set (``KeyError`` for an unknown set)."""
        return self.entity_types[self.entity_sets[entity_set].entity_type]
