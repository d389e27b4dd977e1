"""The compiled knowledge base: SAP services from real metadata, mappings, business rules, search.

The only source of SAP API, entity-set and property names downstream. Built by ``sap-llm kb build``
(``kb_tools.compiler``) into a versioned artifact folder::

    var/kb/kb.json           services, mappings, rules, content hash (the version)
    var/kb/search/           FAISS HNSW index over labels and rule descriptions

    kb = load_kb()                       # from settings.storage.kb_dir
    kb.property_spec("API_SUPPLIERINVOICE_PROCESS_SRV", "A_SupplierInvoice", "DocumentDate")
    kb.route_for("SUPPLIER_INVOICE", "STANDARD_INVOICE")
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

from sap_llm.kb.mapping import FieldMapping, MappingCatalogue, Route
from sap_llm.kb.model import EntitySetSpec, EntityTypeSpec, PropertySpec, ServiceSpec

ARTIFACT_FORMAT = "sap_llm.kb/1"
ARTIFACT_FILE = "kb.json"
SEARCH_DIR = "search"


class KnowledgeBaseError(LookupError):
    """A name the knowledge base does not know (API, entity set, entity type, property)."""


class KnowledgeBase:
    """Read-only view over one compiled artifact."""

    def __init__(self, artifact: dict[str, Any], directory: Path | None = None, search_index: Any = None) -> None:
        if artifact.get("format") != ARTIFACT_FORMAT:
            raise ValueError(f"not a knowledge-base artifact of format {ARTIFACT_FORMAT} (got {artifact.get('format')!r})")
        self.artifact = artifact
        self.version: str = artifact["version"]
        self.built_at: str = artifact.get("built_at", "")
        self.sources: list[dict[str, Any]] = list(artifact.get("sources", []))
        self.apis: dict[str, ServiceSpec] = {n: ServiceSpec.model_validate(s) for n, s in artifact["services"].items()}
        self.mappings = MappingCatalogue.model_validate(artifact["mappings"])
        self.directory = directory
        self._rule_data: list[dict[str, Any]] = list(artifact.get("rules", []))
        self._rules: list[Any] | None = None
        self._search = search_index
        self._lock = threading.Lock()

    # ── metadata lookups ────────────────────────────────────────────────────
    def service(self, api: str) -> ServiceSpec:
        try:
            return self.apis[api]
        except KeyError:
            raise KnowledgeBaseError(f"API {api} is not in the knowledge base ({len(self.apis)} APIs)") from None

    def has_entity_set(self, api: str, entity_set: str | None = None) -> bool:
        spec = self.apis.get(api)
        return spec is not None and (entity_set is None or entity_set in spec.entity_sets)

    def entity_set(self, api: str, name: str) -> EntitySetSpec:
        spec = self.service(api)
        if name not in spec.entity_sets:
            raise KnowledgeBaseError(f"entity set {name} is not in {api}")
        return spec.entity_sets[name]

    def entity_type(self, api: str, name: str) -> EntityTypeSpec:
        """An entity type by its own name or by the name of an entity set of that type."""
        spec = self.service(api)
        if name in spec.entity_types:
            return spec.entity_types[name]
        if name in spec.entity_sets:
            return spec.entity_type_of(name)
        raise KnowledgeBaseError(f"no entity type or entity set {name} in {api}")

    def property_spec(self, api: str, entity: str, name: str) -> PropertySpec:
        etype = self.entity_type(api, entity)
        if name not in etype.properties:
            raise KnowledgeBaseError(f"property {name} is not in {api} {etype.name}")
        return etype.properties[name]

    # ── mappings ────────────────────────────────────────────────────────────
    def route_for(self, document_type: str, subtype: str | None = None) -> Route | None:
        return self.mappings.route_for(document_type, subtype)

    def field_mappings(self, route: Route, subtype: str | None = None) -> list[FieldMapping]:
        return self.mappings.mappings_for(route, subtype)

    # ── rules ───────────────────────────────────────────────────────────────
    @property
    def rules(self) -> list[Any]:
        """The business-rule catalogue compiled into this artifact (``sap_llm.rules.Rule``), one list per KB."""
        with self._lock:
            if self._rules is None:
                from sap_llm.rules.catalogue import rules_from_data

                self._rules = rules_from_data({"rules": self._rule_data}, origin=f"knowledge base {self.version}")
            return self._rules

    # ── semantic search ─────────────────────────────────────────────────────
    def search(self, text: str, k: int = 5, kinds: Any = None) -> list[Any]:
        with self._lock:
            if self._search is None:
                if self.directory is None:
                    raise FileNotFoundError("this knowledge base was loaded without its search index")
                from sap_llm.kb.search import SemanticIndex

                self._search = SemanticIndex.load(self.directory / SEARCH_DIR)
            index = self._search
        return index.search(text, k=k, kinds=kinds)

    def summary(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "built_at": self.built_at,
            "apis": len(self.apis),
            "entity_sets": sum(len(s.entity_sets) for s in self.apis.values()),
            "properties": sum(len(t.properties) for s in self.apis.values() for t in s.entity_types.values()),
            "routes": len(self.mappings.routes),
            "field_mappings": self.mappings.count(),
            "rules": len(self._rule_data),
        }


def load_kb(directory: str | Path | None = None, *, mongodb_uri: str | None = None) -> KnowledgeBase:
    """Load the artifact from a folder (default: settings' ``storage.kb_dir``) or from MongoDB.

    Raises ``FileNotFoundError`` when there is no artifact, ``ValueError`` when it is not one.
    """
    if mongodb_uri:
        from sap_llm.kb.mongo import load_from_mongo

        return load_from_mongo(mongodb_uri)
    if directory is None:
        from sap_llm.config import load_settings

        settings = load_settings()
        if settings.storage.mongodb_uri:
            return load_kb(mongodb_uri=settings.storage.mongodb_uri)
        directory = settings.storage.kb_dir
    directory = Path(directory)
    path = directory / ARTIFACT_FILE
    if not path.is_file():
        raise FileNotFoundError(f"no knowledge base artifact {path}")
    try:
        artifact = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"knowledge base file {path} is corrupt: {exc}") from exc
    return KnowledgeBase(artifact, directory)


__all__ = ["KnowledgeBase", "KnowledgeBaseError", "load_kb", "ARTIFACT_FILE", "ARTIFACT_FORMAT", "SEARCH_DIR"]
