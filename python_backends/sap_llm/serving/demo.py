"""`sap-llm demo`: a handful of generated documents through the whole pipeline on Triton, shown readably.

Steps: make sure the knowledge base exists (build it from the shared EDMX files when it does not);
generate sample documents with the synthetic generator (born-digital PDFs, a scanned-looking PNG,
one with a deliberate defect); start the embedded Triton server; send each document; print a table
and a short explanation per document; stop the server.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.panel import Panel
from rich.table import Table

from sap_llm.serving.batch import ProcessingError, open_backend, run_documents
from sap_llm.serving.report import reason_of


@dataclass
class Sample:
    path: Path
    kind: str  # "digital" | "scanned"
    document_type: str
    defects: list[str]

    @property
    def label(self) -> str:
        defect = f", defect: {', '.join(self.defects)}" if self.defects else ""
        return f"{self.kind}{defect}"


def ensure_kb(console: Console) -> None:
    """Build the knowledge base from the shared SAP EDMX files when it is not there yet (``sap-llm kb build``)."""
    import subprocess
    import sys

    from sap_llm import paths
    from sap_llm.config import settings

    kb_dir = settings().storage.kb_dir
    if kb_dir.exists() and any(kb_dir.iterdir()):
        return
    edmx = Path(os.environ.get("SAP_LLM_EDMX_DIR", paths.shared_dir() / "sap_edmx"))
    console.print(f"[dim]knowledge base not found at {kb_dir}: building it once from {edmx} ...[/]")
    command = [str(Path(sys.executable).parent / "sap-llm"), "kb", "build", "--edmx", str(edmx),
               "--out", str(kb_dir), "--if-missing"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603 - our own CLI
    if done.returncode != 0:
        # the demo goes on: every document then shows where the missing knowledge base stops it
        console.print(
            f"[yellow]warning: could not build the knowledge base at {kb_dir}: "
            f"{(done.stderr or done.stdout).strip()[-500:]}[/]"
        )


def pick_samples(records: Sequence[Path], count: int) -> list[Sample]:
    """Digital documents of different types, at least one scan and one with a defect, ``count`` in all."""
    digital: list[Sample] = []
    scanned: list[Sample] = []
    defective: list[Sample] = []
    for record_path in records:
        record = json.loads(Path(record_path).read_text(encoding="utf-8"))
        meta = record.get("metadata") or {}
        base = Path(record_path).parent

        def resolve(value: str | None, base: Path = base) -> Path | None:
            if not value:
                return None
            path = Path(value)
            return path if path.is_absolute() else base / path

        pdf = resolve(record.get("pdf_path"))
        image = resolve(record.get("image_path")) if meta.get("scanned") else None
        defects = [str(d.get("kind", d)) if isinstance(d, dict) else str(d) for d in meta.get("defects") or []]
        doc_type = str(record.get("document_type"))
        single_page = int(meta.get("page_count") or 1) == 1
        if image is not None and image.exists() and single_page:
            scanned.append(Sample(image, "scanned", doc_type, defects))
        if pdf is not None and pdf.exists():
            (defective if defects else digital).append(Sample(pdf, "digital", doc_type, defects))
    chosen: list[Sample] = []
    if defective:
        chosen.append(defective[0])
    if scanned:
        chosen.append(scanned[0])
    seen_types = {s.document_type for s in chosen}
    for sample in digital:  # prefer variety of types
        if len(chosen) >= count:
            break
        if sample.document_type not in seen_types:
            chosen.append(sample)
            seen_types.add(sample.document_type)
    for sample in digital:
        if len(chosen) >= count:
            break
        if sample not in chosen:
            chosen.append(sample)
    return chosen[:count]


def generate_samples(out_dir: Path, count: int, seed: int) -> list[Sample]:
    try:
        from sap_llm.corpus.synth import generate_corpus
    except ImportError as exc:
        raise ProcessingError(f"the synthetic document generator is not available: {exc}") from exc
    types = ["SUPPLIER_INVOICE", "PURCHASE_ORDER", "CREDIT_MEMO", "DELIVERY_NOTE", "SALES_ORDER"]
    records = list(generate_corpus(
        out_dir, n=max(count * 2, 10), seed=seed, types=types, languages=["EN", "DE"],
        scan_ratio=0.3, defect_ratio=0.5, workers=1,
    ))
    if not any(s.defects for s in pick_samples(records, len(records))):
        # the generator puts its defects on supplier invoices: make a few more to be sure to show one
        records += generate_corpus(out_dir / "more", n=4, seed=seed + 1, types=["SUPPLIER_INVOICE"],
                                   languages=["EN"], scan_ratio=0.0, defect_ratio=1.0, workers=1)
    return pick_samples(records, count)


def explain(result: dict[str, Any]) -> str:
    status = result.get("status")
    kind = "/".join(x for x in (result.get("document_type"), result.get("subtype")) if x) or "unknown type"
    fields = result.get("fields") or {}
    routing = result.get("routing") or {}
    if status == "rejected":
        return f"rejected — {reason_of(result)}"
    parts = [f"read as {kind} with {len(fields)} field(s) and {len(result.get('line_items') or [])} line item(s)"]
    if routing.get("api"):
        parts.append(f"routed to {routing.get('api')} / {routing.get('entity_set')} ({routing.get('method')})")
    if status == "touchless":
        parts.append("no blocking issue: could be posted to SAP unattended")
    else:
        parts.append(f"needs review — {reason_of(result) or 'a confidence is below its threshold'}")
    return "; ".join(parts)


def show(results: Sequence[dict[str, Any]], samples: Sequence[Sample], console: Console, via: str = "Triton") -> None:
    by_name = {s.path.name: s for s in samples}
    table = Table(title=f"SAP_LLM demo — results via {via}")
    for column in ("document", "input", "type / subtype", "status", "key fields", "ms"):
        table.add_column(column, overflow="fold")
    style = {"touchless": "green", "needs_review": "yellow", "rejected": "red"}
    for r in results:
        sample = by_name.get(str(r.get("source")))
        fields = r.get("fields") or {}
        keys = [f"{k}={fields[k]}" for k in ("invoice_number", "po_number", "document_date", "total_amount", "currency")
                if k in fields]
        timings = r.get("timings_ms") or {}
        total_ms = float(timings.get("total", sum(float(v) for v in timings.values())))
        table.add_row(
            str(r.get("source")),
            sample.label if sample else "",
            "/".join(x for x in (r.get("document_type"), r.get("subtype")) if x) or "-",
            f"[{style.get(str(r.get('status')), 'white')}]{r.get('status')}[/]",
            ", ".join(keys),
            f"{total_ms:.0f}",
        )
    console.print(table)
    for r in results:
        console.print(Panel(explain(r), title=str(r.get("source")), expand=False))


def run_demo(*, count: int = 5, seed: int = 7, keep: Path | None = None, local: bool = False) -> int:
    console = Console()
    ensure_kb(console)
    work = Path(tempfile.mkdtemp(prefix="sap-llm-demo-")) if keep is None else keep
    try:
        console.print(f"[bold]generating {count} sample documents[/] ...")
        samples = generate_samples(work / "documents", count, seed)
        if not samples:
            raise ProcessingError("the generator produced no usable documents")
        # a private history: the demo's documents are remembered (duplicates, three-way match) only here
        with open_backend(local=local, history_path=work / "state" / "history.sqlite3") as backend:
            console.print(f"[bold]processing through {backend.label}[/] ...")
            run = run_documents(backend, [s.path for s in samples], options={"record_history": True})
        show(run.results, samples, console, via=run.backend)
        console.print(f"{len(run.results)} documents in {run.seconds:.1f} s ({run.documents_per_second:.2f} documents/s)")
        if keep is not None:
            from sap_llm.serving.report import write_outputs

            write_outputs(run.results, keep / "results")
            console.print(f"documents and results kept in {keep}")
        return 0
    finally:
        if keep is None:
            shutil.rmtree(work, ignore_errors=True)
