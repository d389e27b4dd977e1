"""The document contract (ADC) as code: types, subtypes, field registry, JSON Schemas.

Everything that names a document type, subtype or field imports it from here
(CONTRACT.md fixes the names; this package is their machine-readable copy).
"""

from sap_llm.contract.doctypes import (
    DEFAULT_SUBTYPE,
    DOCUMENT_TYPES,
    SUBTYPES,
    TYPE_INFO,
    DocumentTypeInfo,
    SubtypeInfo,
    subtype_info,
)
from sap_llm.contract.fields import (
    FIELD_NAMES,
    FIELDS,
    VALUE_TYPES,
    FieldSpec,
    bio_labels,
    field_spec,
    fields_for,
    required_fields,
)
from sap_llm.contract.schema import schema_for, validate_adc

__all__ = [
    "DEFAULT_SUBTYPE",
    "DOCUMENT_TYPES",
    "FIELDS",
    "FIELD_NAMES",
    "SUBTYPES",
    "TYPE_INFO",
    "VALUE_TYPES",
    "DocumentTypeInfo",
    "FieldSpec",
    "SubtypeInfo",
    "bio_labels",
    "field_spec",
    "fields_for",
    "required_fields",
    "schema_for",
    "subtype_info",
    "validate_adc",
]
