"""What ``sap-llm process`` shows: a row per document, a summary (status, type, speed), result files."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def reason_of(result: dict[str, Any]) -> str:
    """The shortest honest explanation of a result's status."""
    error = result.get("error")
    if error:
        return f"{error.get('code')}: {error.get('message')}"
    issues = [i for i in (result.get("validation") or {}).get("issues", []) if i.get("severity") == "ERROR"]
    issues += [i for i in (result.get("quality") or {}).get("issues", []) if i.get("severity") == "ERROR"]
    if issues:
        first = issues[0]
        more = f" (+{len(issues) - 1} more)" if len(issues) > 1 else ""
        return f"{first.get('rule_id')}: {first.get('message')}{more}"
    reasons = result.get("reasons") or []
    return "; ".join(str(r) for r in reasons[:2])


def print_results_table(results: Sequence[dict[str, Any]], console: Console | None = None) -> None:
    console = console or Console()
    table = Table(title="Results", show_lines=False)
    for column in ("source", "status", "type / subtype", "number", "total", "why"):
        table.add_column(column, overflow="fold")
    style = {"touchless": "green", "needs_review": "yellow", "rejected": "red"}
    for r in results:
        fields = r.get("fields") or {}
        number = fields.get("invoice_number") or fields.get("document_number") or fields.get("po_number") or ""
        total = fields.get("total_amount")
        kind = "/".join(x for x in (r.get("document_type"), r.get("subtype")) if x) or "-"
        table.add_row(
            str(r.get("source")),
            f"[{style.get(str(r.get('status')), 'white')}]{r.get('status')}[/]",
            kind,
            str(number),
            "" if total is None else f"{total} {fields.get('currency', '')}".strip(),
            reason_of(r)[:160],
        )
    console.print(table)


def print_summary(run: Any, backend_label: str = "", console: Console | None = None) -> None:
    """Counts by status and by type, and the speed, on stderr (stdout stays clean for --json)."""
    console = console or Console(stderr=True)
    statuses = Counter(str(r.get("status")) for r in run.results)
    types = Counter(str(r.get("document_type") or "-") for r in run.results if r.get("status") != "rejected")
    table = Table(title=f"Summary — {len(run.results)} document(s) from {run.files} file(s)", show_header=True)
    table.add_column("count by status")
    table.add_column("n", justify="right")
    table.add_column("count by document type")
    table.add_column("n", justify="right")
    status_rows = [(s, statuses.get(s, 0)) for s in ("touchless", "needs_review", "rejected")]
    type_rows = sorted(types.items(), key=lambda kv: (-kv[1], kv[0]))
    for i in range(max(len(status_rows), len(type_rows))):
        s = status_rows[i] if i < len(status_rows) else ("", "")
        t = type_rows[i] if i < len(type_rows) else ("", "")
        table.add_row(str(s[0]), str(s[1]), str(t[0]), str(t[1]))
    console.print(table)
    label = f" via {backend_label}" if backend_label else ""
    console.print(f"{len(run.results)} document(s) in {run.seconds:.2f} s = {run.documents_per_second:.2f} documents/s{label}")


def output_name(result: dict[str, Any], taken: set[str]) -> str:
    """``<source stem>.json``, made unique (an .eml's attachments, equal names in different folders)."""
    stem = _UNSAFE.sub("_", Path(str(result.get("source") or "document")).stem) or "document"
    name, n = f"{stem}.json", 2
    while name in taken:
        name, n = f"{stem}_{n}.json", n + 1
    taken.add(name)
    return name


def write_outputs(results: Sequence[dict[str, Any]], out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    taken: set[str] = set()
    written = []
    for result in results:
        path = out_dir / output_name(result, taken)
        path.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        written.append(path)
    return written
