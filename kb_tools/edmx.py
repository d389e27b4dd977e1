"""Parse OData V2 and V4 service metadata (EDMX) into ``sap_llm.kb.model.ServiceSpec``.

Safe against hostile XML: parsing goes through ``defusedxml`` (no entity expansion, no external
entities, no DTD tricks). Element and attribute names are matched by local name, so the V2
(``http://schemas.microsoft.com/ado/2008/09/edm`` + ``sap:`` attributes) and V4
(``http://docs.oasis-open.org/odata/ns/edm`` + ``Annotations`` elements) dialects share one walk.
A malformed or truncated file raises ``EdmxError`` naming the file and the position.
"""

from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as ET  # noqa: S405 - only for the Element type and ParseError; parsing is defusedxml's
from pathlib import Path

import defusedxml.ElementTree as DET
from defusedxml import DefusedXmlException

from sap_llm.kb.model import (
    AssociationSpec,
    EntitySetSpec,
    EntityTypeSpec,
    FunctionImportSpec,
    NavigationSpec,
    PropertySpec,
    ServiceSpec,
)

SAP_NS = "http://www.sap.com/Protocols/SAPData"
_LABEL_TERMS = ("Common.Label", "SAP__common.Label", "com.sap.vocabularies.Common.v1.Label")


class EdmxError(ValueError):
    """A metadata file that cannot be used: says which file, where, and why."""

    def __init__(self, source: str, message: str, position: tuple[int, int] | None = None) -> None:
        where = f" at line {position[0]}, column {position[1]}" if position else ""
        super().__init__(f"{source}{where}: {message}")
        self.source = source
        self.position = position


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(element: ET.Element, name: str) -> list[ET.Element]:
    return [child for child in element if _local(child.tag) == name]


def _sap(element: ET.Element, name: str) -> str | None:
    return element.get(f"{{{SAP_NS}}}{name}")


def _flag(value: str | None, default: bool) -> bool:
    return default if value is None else value.strip().lower() == "true"


def _int(value: str | None) -> int | None:
    if value is None or not value.strip().lstrip("-").isdigit():
        return None  # "max", "variable", "floating" facets carry no number
    return int(value)


def _short(qualified: str | None) -> str:
    """``Namespace.Type`` / ``Collection(Namespace.Type)`` -> ``Type``."""
    text = (qualified or "").strip()
    if text.startswith("Collection(") and text.endswith(")"):
        text = text[len("Collection(") : -1]
    return text.rsplit(".", 1)[-1]


def _decode(data: bytes) -> str:
    """Text of the file; the XML declaration is dropped because SAP exports often lie about the encoding."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
    return re.sub(r"^\s*<\?xml[^>]*\?>", "", text, count=1)


def parse_root(data: bytes, source: str) -> ET.Element:
    if not data.strip():
        raise EdmxError(source, "the file is empty")
    try:
        root = DET.fromstring(_decode(data), forbid_dtd=True)
    except DefusedXmlException as exc:
        raise EdmxError(source, f"refused unsafe XML ({type(exc).__name__}: {exc})") from exc
    except ET.ParseError as exc:
        raise EdmxError(source, f"malformed XML: {exc.msg if hasattr(exc, 'msg') else exc}",
                        getattr(exc, "position", None)) from exc  # fmt: skip
    if _local(root.tag) != "Edmx":
        raise EdmxError(source, f"not an EDMX document (root element <{_local(root.tag)}>)")
    return root


def _v4_labels(schema: ET.Element) -> dict[str, str]:
    """``Annotations Target="ns.Type/Property"`` with a Label term -> {"Type/Property": label}."""
    labels: dict[str, str] = {}
    for block in _children(schema, "Annotations"):
        target = block.get("Target", "")
        for annotation in _children(block, "Annotation"):
            if annotation.get("Term") in _LABEL_TERMS and annotation.get("String"):
                path = target.split(".", 1)[-1] if "/" in target else _short(target)
                labels[path.split("(")[0]] = annotation.get("String", "")
    return labels


def _property(element: ET.Element, label: str | None) -> PropertySpec:
    return PropertySpec(
        name=element.get("Name", ""),
        type=element.get("Type", "Edm.String"),
        max_length=_int(element.get("MaxLength")),
        precision=_int(element.get("Precision")),
        scale=_int(element.get("Scale")),
        nullable=_flag(element.get("Nullable"), True),
        label=_sap(element, "label") or label,
        creatable=_flag(_sap(element, "creatable"), True),
        updatable=_flag(_sap(element, "updatable"), True),
        required_in_filter=_flag(_sap(element, "required-in-filter"), False),
        unit=_sap(element, "unit"),
        display_format=_sap(element, "display-format"),
    )


def _entity_type(element: ET.Element, namespace: str, associations: dict[str, AssociationSpec],
                 labels: dict[str, str]) -> EntityTypeSpec:  # fmt: skip
    name = element.get("Name", "")
    keys = [ref.get("Name", "") for key in _children(element, "Key") for ref in _children(key, "PropertyRef")]
    properties = {
        p.get("Name", ""): _property(p, labels.get(f"{name}/{p.get('Name', '')}"))
        for p in _children(element, "Property")
    }
    navigation: dict[str, NavigationSpec] = {}
    for nav in _children(element, "NavigationProperty"):
        nav_name = nav.get("Name", "")
        if nav.get("Type"):  # V4
            target, many = _short(nav.get("Type")), nav.get("Type", "").startswith("Collection(")
            relationship = None
        else:  # V2: resolve through the association's ToRole end
            relationship = _short(nav.get("Relationship"))
            ends = {role: (etype, mult) for role, etype, mult in associations.get(relationship, AssociationSpec(
                name=relationship)).ends}  # fmt: skip
            target, multiplicity = ends.get(nav.get("ToRole", ""), ("", "1"))
            many = multiplicity == "*"
        navigation[nav_name] = NavigationSpec(name=nav_name, target_type=target, many=many, relationship=relationship)
    return EntityTypeSpec(name=name, namespace=namespace, keys=keys, properties=properties, navigation=navigation,
                          label=_sap(element, "label") or labels.get(name))  # fmt: skip


def _association(element: ET.Element) -> AssociationSpec:
    ends = [(end.get("Role", ""), _short(end.get("Type")), end.get("Multiplicity", "1"))
            for end in _children(element, "End")]  # fmt: skip
    return AssociationSpec(name=element.get("Name", ""), ends=ends)


def _function_import(element: ET.Element) -> FunctionImportSpec:
    params = {p.get("Name", ""): p.get("Type", "") for p in _children(element, "Parameter")}
    return FunctionImportSpec(
        name=element.get("Name", ""),
        http_method=element.get("{http://schemas.microsoft.com/ado/2007/08/dataservices/metadata}HttpMethod"),
        return_type=element.get("ReturnType") or element.get("Function") or element.get("Action"),
        parameters=params,
        entity_set=element.get("EntitySet"),
    )


def _service_name(source: str, containers: list[ET.Element], namespaces: list[str]) -> str:
    stem = Path(source).stem
    if stem:
        return stem
    if containers:
        return containers[0].get("Name", "").removesuffix("_Entities")
    return namespaces[0] if namespaces else "UNKNOWN"


def parse_edmx(data: bytes, source: str = "<bytes>", *, name: str | None = None) -> ServiceSpec:
    """Parse one EDMX document. ``name`` defaults to the file's stem (SAP names files after the API)."""
    root = parse_root(data, source)
    version = "V4" if root.get("Version", "").startswith("4") else "V2"
    schemas = [s for ds in _children(root, "DataServices") for s in _children(ds, "Schema")]
    if not schemas:
        raise EdmxError(source, "no <Schema> under <edmx:DataServices>")
    namespaces = [s.get("Namespace", "") for s in schemas]
    associations = {a.get("Name", ""): _association(a) for s in schemas for a in _children(s, "Association")}
    entity_types: dict[str, EntityTypeSpec] = {}
    entity_sets: dict[str, EntitySetSpec] = {}
    functions: dict[str, FunctionImportSpec] = {}
    containers: list[ET.Element] = []
    for schema in schemas:
        labels = _v4_labels(schema) if version == "V4" else {}
        namespace = schema.get("Namespace", "")
        for element in _children(schema, "EntityType"):
            spec = _entity_type(element, namespace, associations, labels)
            entity_types[spec.name] = spec
        for container in _children(schema, "EntityContainer"):
            containers.append(container)
            for es in _children(container, "EntitySet"):
                entity_sets[es.get("Name", "")] = EntitySetSpec(
                    name=es.get("Name", ""),
                    entity_type=_short(es.get("EntityType")),
                    creatable=_flag(_sap(es, "creatable"), True),
                    updatable=_flag(_sap(es, "updatable"), True),
                    deletable=_flag(_sap(es, "deletable"), True),
                    label=_sap(es, "label") or labels.get(es.get("Name", "")),
                )
            for fi in _children(container, "FunctionImport") + _children(container, "ActionImport"):
                functions[fi.get("Name", "")] = _function_import(fi)
    if not entity_types:
        raise EdmxError(source, "the metadata defines no entity type")
    for es in entity_sets.values():
        if es.entity_type not in entity_types:
            raise EdmxError(source, f"entity set {es.name} refers to unknown entity type {es.entity_type}")
    return ServiceSpec(
        name=name or _service_name(source, containers, namespaces),
        version=version,
        namespaces=namespaces,
        entity_types=entity_types,
        entity_sets=entity_sets,
        associations=associations,
        function_imports=functions,
        source_file=Path(source).name,
        source_sha256=hashlib.sha256(data).hexdigest(),
    )


def parse_file(path: str | Path) -> ServiceSpec:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise EdmxError(str(path), f"cannot read: {exc.strerror or exc}") from exc
    return parse_edmx(data, str(path))


def parse_dir(directory: str | Path) -> list[ServiceSpec]:
    """Every ``*.edmx`` / ``*.xml`` metadata file of a folder, sorted by name; the first bad file raises."""
    directory = Path(directory)
    if not directory.is_dir():
        raise EdmxError(str(directory), "not a folder of EDMX files")
    files = sorted(p for p in directory.iterdir() if p.suffix.lower() in {".edmx", ".xml"} and p.is_file())
    if not files:
        raise EdmxError(str(directory), "no .edmx files in this folder")
    return [parse_file(p) for p in files]
