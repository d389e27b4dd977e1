"""JSON Schemas (draft 2020-12) generated from the field registry, and ADC validation.

An ADC is ``{"document_type", "subtype", "fields", "line_items"}``. A whole
``ProcessResult`` (what ``sap-llm process --json`` prints) is a superset and
validates too: its other keys are not the contract's business here, so the
top level allows additional properties while ``fields`` and each line item do
not (an unknown field name is a contract violation, not a detail).
"""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError

from sap_llm.contract.doctypes import DOCUMENT_TYPES, SUBTYPES, TYPE_INFO
from sap_llm.contract.fields import VALUE_TYPES, FieldSpec, fields_for, required_fields

SCHEMA_ID_BASE = "https://sap-llm.local/contract/adc"


def _property(spec: FieldSpec) -> dict[str, Any]:
    prop = copy.deepcopy(VALUE_TYPES[spec.type][1])
    prop["description"] = spec.description
    prop["x-normal-form"] = spec.normal_form
    prop["x-value-type"] = spec.type
    if spec.max_length and "string" in (prop["type"] if isinstance(prop["type"], list) else [prop["type"]]):
        prop["maxLength"] = spec.max_length
    return prop


@cache
def _schema(doc_type: str) -> dict[str, Any]:
    info = TYPE_INFO[doc_type]
    header = fields_for(doc_type, "header")
    items = fields_for(doc_type, "line_item")
    line_item_schema: dict[str, Any] = {
        "type": "object",
        "properties": {f.name: _property(f) for f in items},
        "required": required_fields(doc_type, "line_item"),
        "additionalProperties": False,
    }
    required = required_fields(doc_type, "header")
    relaxing: dict[str, list[str]] = {}  # field -> subtypes that may lack it
    for sub in SUBTYPES[doc_type].values():
        for name in sub.get("optional_fields", ()):
            relaxing.setdefault(name, []).append(sub.name)
    conditional = [
        {
            "if": {"properties": {"subtype": {"enum": subs}}, "required": ["subtype"]},
            "else": {"properties": {"fields": {"required": [name]}}},
        }
        for name, subs in relaxing.items() if name in required
    ]
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{SCHEMA_ID_BASE}/{doc_type.lower()}.json",
        "title": f"ADC {doc_type}",
        "description": info.description,
        "type": "object",
        "properties": {
            "document_type": {"const": doc_type},
            "subtype": {"type": ["string", "null"], "enum": [*SUBTYPES[doc_type], None]},
            "fields": {
                "type": "object",
                "properties": {f.name: _property(f) for f in header},
                "required": [r for r in required if r not in relaxing],
                "additionalProperties": False,
            },
            "line_items": (
                {"type": "array", "items": line_item_schema}
                if info.has_line_items else {"type": "array", "maxItems": 0}
            ),
        },
        "required": ["document_type", "fields"],
        "additionalProperties": True,
    }
    if conditional:
        schema["allOf"] = conditional
    return schema


def schema_for(doc_type: str) -> dict[str, Any]:
    """The JSON Schema of ``doc_type``'s ADC (a fresh copy: callers may modify it)."""
    if doc_type not in TYPE_INFO:
        raise KeyError(f"unknown document type {doc_type!r}; known: {', '.join(DOCUMENT_TYPES)}")
    return copy.deepcopy(_schema(doc_type))


@cache
def _validator(doc_type: str) -> Draft202012Validator:
    return Draft202012Validator(_schema(doc_type), format_checker=FormatChecker())


def _path(error: ValidationError) -> str:
    parts: list[str] = []
    for p in error.absolute_path:
        if isinstance(p, int):
            parts.append(f"[{p}]")
        else:
            parts.append(("." if parts else "") + str(p))
    return "".join(parts) or "(document)"


def _message(error: ValidationError) -> str:
    """One precise line per violation: where, what value, which rule."""
    where = _path(error)
    value = error.instance
    kind = error.validator
    if kind == "pattern":
        return f"{where}: {value!r} does not match {error.validator_value}"
    if kind == "format":
        return f"{where}: {value!r} is not a valid {error.validator_value}"
    if kind == "additionalProperties":
        extra = sorted(set(value) - set(error.schema.get("properties", {})))
        return f"{where}: unknown field(s) {', '.join(extra)} (not in the contract for this type)"
    if kind == "required":
        missing = [r for r in error.validator_value if r not in value]
        return f"{where}: required field(s) missing: {', '.join(missing)}"
    if kind == "type":
        expected = error.validator_value
        expected = " or ".join(expected) if isinstance(expected, list) else expected
        return f"{where}: {value!r} is not of type {expected}"
    if kind == "maxLength":
        return f"{where}: {value!r} is longer than {error.validator_value} characters"
    if kind == "minLength":
        return f"{where}: empty string (absent fields must be omitted, not \"\")"
    if kind == "enum":
        allowed = [v for v in error.validator_value if v is not None]
        shown = ", ".join(map(str, allowed[:12])) + (", ..." if len(allowed) > 12 else "")
        return f"{where}: {value!r} is not one of {shown}"
    if kind == "const":
        return f"{where}: {value!r} is not {error.validator_value!r}"
    if kind == "maxItems" and error.validator_value == 0:
        return f"{where}: this document type has no line items"
    return f"{where}: {error.message}"


def _numeric_text_errors(adc: dict[str, Any], doc_type: str) -> list[str]:
    """Percent strings must still respect 0..100 (JSON Schema bounds only apply to numbers)."""
    out = []
    for spec in fields_for(doc_type, "header"):
        value = adc.get("fields", {}).get(spec.name) if isinstance(adc.get("fields"), dict) else None
        if spec.type == "percent" and isinstance(value, str):
            try:
                if not 0 <= float(value) <= 100:
                    out.append(f"fields.{spec.name}: {value!r} is outside 0..100")
            except ValueError:
                pass  # the pattern check reports it
    return out


def validate_adc(adc: Any, doc_type: str | None = None) -> list[str]:
    """Error messages for ``adc`` (empty when valid).

    ``doc_type`` defaults to ``adc["document_type"]``; when given and the ADC
    names another type, that is an error too. Accepts an ADC or a whole
    ProcessResult JSON object.
    """
    if not isinstance(adc, dict):
        return [f"(document): expected a JSON object, got {type(adc).__name__}"]
    declared = adc.get("document_type")
    target = doc_type or declared
    if target is None:
        if adc.get("status") == "rejected":
            error = adc.get("error") or {}
            why = f" ({error.get('code')}: {error.get('message')})" if isinstance(error, dict) and error else ""
            return [f"(document): a rejected result carries no ADC{why}"]
        return ["document_type: missing (cannot choose a schema)"]
    if target not in TYPE_INFO:
        return [f"document_type: {target!r} is not one of {', '.join(DOCUMENT_TYPES)}"]
    errors = sorted(_validator(target).iter_errors(adc), key=lambda e: (list(map(str, e.absolute_path)), e.validator))
    bad_pattern = {_path(e) for e in errors if e.validator == "pattern"}
    # a value that fails its pattern needs no second message about its format
    messages = [_message(e) for e in errors if not (e.validator == "format" and _path(e) in bad_pattern)]
    messages.extend(_numeric_text_errors(adc, target))
    return list(dict.fromkeys(messages))
