"""`sap-llm contract`: the document contract (types, subtypes, fields, JSON Schemas), ADC
validation and organisation-profile checking."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

app = typer.Typer(no_args_is_help=True)


def _type_arg(doc_type: str) -> str:
    from sap_llm.contract import DOCUMENT_TYPES

    name = doc_type.strip().upper()
    if name not in DOCUMENT_TYPES:
        raise typer.BadParameter(f"unknown document type {doc_type!r}; known: {', '.join(DOCUMENT_TYPES)}")
    return name


@app.command("types")
def types_cmd(as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table.")) -> None:
    """List the 15 document types with their subtype and field counts."""
    from sap_llm.contract import DOCUMENT_TYPES, SUBTYPES, TYPE_INFO, fields_for

    rows = [
        {"type": t, "subtypes": len(SUBTYPES[t]), "header_fields": len(fields_for(t, "header")),
         "line_item_fields": len(fields_for(t, "line_item")), "description": TYPE_INFO[t].description}
        for t in DOCUMENT_TYPES
    ]
    if as_json:
        typer.echo(json.dumps(rows, indent=2))
        return
    typer.echo(f"{'TYPE':<18} {'SUBTYPES':>8} {'HEADER':>6} {'ITEMS':>5}  DESCRIPTION")
    for r in rows:
        typer.echo(f"{r['type']:<18} {r['subtypes']:>8} {r['header_fields']:>6} {r['line_item_fields']:>5}  {r['description']}")


@app.command("subtypes")
def subtypes_cmd(
    doc_type: str = typer.Argument(..., help="Document type, e.g. PURCHASE_ORDER."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """List the subtypes of a document type with their descriptions and SAP attributes."""
    from sap_llm.contract import SUBTYPES

    subs = SUBTYPES[_type_arg(doc_type)]
    if as_json:
        typer.echo(json.dumps([{"subtype": s.name, "description": s.description,
                                "attributes": dict(s.attributes)} for s in subs.values()], indent=2))
        return
    for s in subs.values():
        attrs = ", ".join(f"{k}={v}" for k, v in s.attributes.items())
        typer.echo(f"{s.name:<30} {s.description}" + (f"  [{attrs}]" if attrs else ""))


@app.command("fields")
def fields_cmd(
    doc_type: str | None = typer.Argument(None, help="Only the fields of this document type."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """List the field registry (all fields, or those a document type carries)."""
    from sap_llm.contract import FIELD_NAMES, FIELDS, fields_for

    doc = _type_arg(doc_type) if doc_type else None
    specs = fields_for(doc, None) if doc else list(FIELDS.values())
    if as_json:
        typer.echo(json.dumps([
            {"name": f.name, "level": f.level, "type": f.type, "normal_form": f.normal_form,
             "document_types": list(f.document_types), "required_in": list(f.required_in),
             "max_length": f.max_length, "description": f.description}
            for f in specs], indent=2))
        return
    for f in specs:
        req = ("required" if doc in f.required_in else "") if doc else ",".join(f.required_in)
        typer.echo(f"{f.key:<32} {f.type:<12} {req:<10} {f.description}")
    if not doc:
        typer.echo(f"\n{len(FIELD_NAMES)} distinct field names, {len(FIELDS)} header/line-item entries")


@app.command("schema")
def schema_cmd(doc_type: str = typer.Argument(..., help="Document type, e.g. SUPPLIER_INVOICE.")) -> None:
    """Print the JSON Schema (draft 2020-12) of a document type's ADC."""
    from sap_llm.contract import schema_for

    typer.echo(json.dumps(schema_for(_type_arg(doc_type)), indent=2))


def adc_of(obj: Any) -> Any:
    """The ADC to validate in a JSON object: a corpus record's ground truth, or the object itself."""
    if isinstance(obj, dict) and isinstance(obj.get("ground_truth"), dict):
        gt = obj["ground_truth"]
        return {"document_type": obj.get("document_type"), "subtype": obj.get("subtype"),
                "fields": gt.get("fields", {}), "line_items": gt.get("line_items", [])}
    return obj


@app.command("validate")
def validate_cmd(
    files: list[Path] = typer.Argument(..., help="ADC / ProcessResult / corpus record JSON files, or folders "
                                                 "(every *.json below them); a JSON array validates each element."),
    doc_type: str | None = typer.Option(None, "--type", help="Validate against this type instead of the "
                                                               "document_type in the file."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only errors."),
) -> None:
    """Validate ADC files against their type's JSON Schema; exit 1 with precise messages on any error."""
    from sap_llm.contract import validate_adc

    forced = _type_arg(doc_type) if doc_type else None
    failed = 0
    paths = [p for f in files for p in (sorted(f.rglob("*.json")) if f.is_dir() else [f])]
    for path in paths:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            typer.echo(f"{path}: cannot read JSON: {exc}", err=True)
            failed += 1
            continue
        docs = data if isinstance(data, list) else [data]
        for i, doc in enumerate(docs):
            label = f"{path}[{i}]" if isinstance(data, list) else str(path)
            errors = validate_adc(adc_of(doc), forced)
            if errors:
                failed += 1
                for e in errors:
                    typer.echo(f"{label}: {e}", err=True)
            elif not quiet:
                typer.echo(f"{label}: valid")
    if quiet is False and len(paths) > 1:
        typer.echo(f"{len(paths)} file(s), {failed} invalid document(s)")
    if failed:
        raise typer.Exit(1)


@app.command("profile")
def profile_cmd(
    file: Path | None = typer.Argument(None, help="Organisation profile (YAML or JSON); default: the shipped example."),
) -> None:
    """Load and validate an organisation profile and print a summary (exit 1 with the reason if invalid)."""
    from sap_llm.profile import EXAMPLE_PROFILE, ProfileError, load_profile, profile_warnings

    try:
        profile = load_profile(file)
    except ProfileError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"profile: {file or EXAMPLE_PROFILE}")
    for cc in profile.company_codes:
        typer.echo(f"  company code {cc.code}: {cc.name} ({cc.country or '?'}, {cc.currency}) "
                   f"VAT {cc.vat_id or '-'}; plants {', '.join(cc.plants) or '-'}; "
                   f"purch. orgs {', '.join(cc.purchasing_organizations) or '-'}; "
                   f"sales orgs {', '.join(cc.sales_organizations) or '-'}")
    typer.echo(f"  vendors: {len(profile.vendors)}; customers: {len(profile.customers)}")
    extra = sorted(profile.model_extra or {})
    if extra:
        typer.echo(f"  additional keys kept: {', '.join(extra)}")
    for warning in profile_warnings(profile):
        typer.echo(f"  warning: {warning}")
