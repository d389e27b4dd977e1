"""`sap-llm kb`: build, inspect, search, verify and publish the knowledge base."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

app = typer.Typer(no_args_is_help=True)
console = Console()
if not console.is_terminal:  # piped output: do not cut property names to 80 columns
    console = Console(width=200)


def _kb_dir(kb_dir: Path | None) -> Path:
    if kb_dir is not None:
        return kb_dir
    from sap_llm.config import load_settings

    return load_settings().storage.kb_dir


def _load(kb_dir: Path | None, mongodb_uri: str | None = None):  # noqa: ANN202 - KnowledgeBase
    from sap_llm.kb import load_kb

    try:
        return load_kb(_kb_dir(kb_dir) if not mongodb_uri else None, mongodb_uri=mongodb_uri)
    except FileNotFoundError as exc:
        console.print(f"[red]{exc}[/red]\nBuild it first: sap-llm kb build --edmx DIR")
        raise typer.Exit(2) from None


KB_DIR = typer.Option(None, "--kb", help="Knowledge-base folder (default: settings' storage.kb_dir, var/kb).")


@app.command("build")
def build(
    edmx: Path = typer.Option(..., "--edmx", help="Folder of EDMX metadata files ($metadata of each API)."),
    out: Path | None = typer.Option(None, "--out", help="Artifact folder (default: var/kb)."),
    if_missing: bool = typer.Option(False, "--if-missing", help="Keep an artifact already built from the same inputs."),
    no_search: bool = typer.Option(False, "--no-search", help="Skip the semantic index (faster; `kb search` won't work)."),
) -> None:
    """Parse every EDMX file, check the mapping and rule catalogues against it, write the artifact."""
    from kb_tools.compiler import KbBuildError, compile_kb
    from kb_tools.edmx import EdmxError
    from sap_llm.rules.catalogue import CatalogueError

    try:
        report = compile_kb(edmx, _kb_dir(out), if_missing=if_missing, with_search=not no_search)
    except (EdmxError, KbBuildError, CatalogueError) as exc:
        console.print(f"[red]knowledge base not built:[/red] {exc}")
        raise typer.Exit(1) from None
    if report.skipped:
        console.print(f"knowledge base {report.version} at {report.out_dir} is up to date")
        return
    for warning in report.warnings:
        console.print(f"[yellow]warning:[/yellow] {warning}")
    console.print(f"built knowledge base {report.version} at {report.out_dir}: {json.dumps(report.summary)}")


@app.command("show")
def show(
    api: str | None = typer.Argument(None, help="API name (omit to list the APIs)."),
    entity: str | None = typer.Argument(None, help="Entity set or entity type (omit to list the entity sets)."),
    kb_dir: Path | None = KB_DIR,
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """List the APIs, an API's entity sets, or an entity's properties with types and lengths."""
    from sap_llm.kb import KnowledgeBaseError

    kb = _load(kb_dir)
    try:
        if api is None:
            rows = [{"api": s.name, "odata": s.version, "entity_sets": len(s.entity_sets), "description": s.description}
                    for s in kb.apis.values()]  # fmt: skip
            _print(rows, as_json, f"knowledge base {kb.version}")
        elif entity is None:
            spec = kb.service(api)
            rows = [{"entity_set": es.name, "entity_type": es.entity_type, "creatable": es.creatable,
                     "properties": len(spec.entity_types[es.entity_type].properties), "label": es.label}
                    for es in spec.entity_sets.values()]  # fmt: skip
            _print(rows, as_json, f"{api} ({spec.version}): {spec.description or ''}")
        else:
            etype = kb.entity_type(api, entity)
            rows = [{"property": p.name, "type": p.type, "max_length": p.max_length, "precision": p.precision,
                     "scale": p.scale, "key": p.name in etype.keys, "nullable": p.nullable,
                     "creatable": p.creatable, "label": p.label} for p in etype.properties.values()]  # fmt: skip
            rows += [{"property": n.name, "type": f"-> {n.target_type}{'[]' if n.many else ''}", "max_length": None,
                      "precision": None, "scale": None, "key": False, "nullable": True, "creatable": True,
                      "label": "navigation"} for n in etype.navigation.values()]  # fmt: skip
            _print(rows, as_json, f"{api} {etype.name}")
    except KnowledgeBaseError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from None


def _print(rows: list[dict], as_json: bool, title: str) -> None:
    if as_json:
        typer.echo(json.dumps(rows, indent=1))
        return
    table = Table(title=title)
    for column in rows[0] if rows else []:
        table.add_column(column)
    for row in rows:
        table.add_row(*("" if v is None else str(v) for v in row.values()))
    console.print(table)


@app.command("search")
def search(
    text: str = typer.Argument(..., help="What you look for, in any of EN/DE/FR/ES/IT."),
    k: int = typer.Option(5, "--k", min=1, max=50, help="How many hits."),
    kind: list[str] = typer.Option(None, "--kind", help="Only these kinds: api, entity_set, property, rule."),
    kb_dir: Path | None = KB_DIR,
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Semantic search over API descriptions, entity / property labels and rule descriptions."""
    kb = _load(kb_dir)
    try:
        hits = kb.search(text, k=k, kinds=kind or None)
    except FileNotFoundError as exc:
        console.print(f"[red]{exc}[/red] (rebuild without --no-search)")
        raise typer.Exit(2) from None
    rows = [{"score": round(h.score, 3), "kind": h.entry.kind, "ref": h.entry.ref, "text": h.entry.text} for h in hits]
    _print(rows, as_json, f"{text!r}")


@app.command("verify")
def verify(kb_dir: Path | None = KB_DIR, edmx: Path | None = typer.Option(None, "--edmx", help="Also re-check "
           "the artifact's mappings against these metadata files.")) -> None:  # fmt: skip
    """Load the artifact and re-check it: mappings against metadata, every rule's own test cases."""
    from kb_tools.edmx import parse_dir
    from kb_tools.mappings import check_catalogue
    from sap_llm.rules.cases import run_rule_cases

    kb = _load(kb_dir)
    services = {s.name: s for s in parse_dir(edmx)} if edmx else kb.apis
    check = check_catalogue(kb.mappings, services)
    failures = run_rule_cases(kb.rules)
    for problem in check.problems:
        console.print(f"[red]mapping:[/red] {problem}")
    for failure in failures:
        console.print(f"[red]rule:[/red] {failure}")
    console.print(f"knowledge base {kb.version}: {kb.mappings.count()} mappings, {len(check.problems)} broken; "
                  f"{len(kb.rules)} rules, {len(failures)} failing test case(s)")  # fmt: skip
    if check.problems or failures:
        raise typer.Exit(1)


@app.command("publish")
def publish(
    mongodb_uri: str = typer.Option(..., "--mongodb-uri", help="mongodb://host:port/ (database in --database)."),
    database: str = typer.Option("sap_llm", "--database", help="MongoDB database name."),
    kb_dir: Path | None = KB_DIR,
) -> None:
    """Copy the artifact into MongoDB (one document per API entity type, plus the catalogues)."""
    from sap_llm.kb.mongo import publish_kb

    kb = _load(kb_dir)
    counts = publish_kb(kb, mongodb_uri, database=database)
    console.print(f"published knowledge base {kb.version} to {database}: {json.dumps(counts)}")
