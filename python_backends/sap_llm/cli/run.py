"""`sap-llm process` and `sap-llm demo`: documents through the 8-stage pipeline, on Triton or in-process."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer


def process(
    paths: list[Path] = typer.Argument(..., help="Files and folders (folders are searched recursively)."),
    json_out: bool = typer.Option(False, "--json", help="Print the contract JSON (an array for several) to stdout."),
    out: Path = typer.Option(None, "--out", help="Write one <name>.json per document into this folder."),
    server: str = typer.Option(None, "--server", help="Triton URL (host:port); default: a local server or an embedded one."),
    protocol: str = typer.Option("http", "--protocol", help="http or grpc (with a server)."),
    local: bool = typer.Option(False, "--local", help="Run the stage functions in this process (no Triton)."),
    org_profile: Path = typer.Option(None, "--org-profile", help="Organisation profile (YAML/JSON)."),
    concurrency: int = typer.Option(1, "--concurrency", "-c", min=1, max=64, help="Documents in flight at once."),
    config: Path = typer.Option(None, "--config", help="Settings file (YAML/JSON)."),
    no_history: bool = typer.Option(False, "--no-history", help="Do not record the results in the history."),
) -> None:
    """Process documents; one result per document, bad inputs `rejected` with the reason; exit 0 unless the run failed."""
    from sap_llm.pipeline import iter_input_files
    from sap_llm.serving.batch import ProcessingError, open_backend, run_documents
    from sap_llm.serving.report import print_results_table, print_summary, write_outputs

    if protocol not in ("http", "grpc"):
        typer.echo(f"error: --protocol must be http or grpc, not {protocol}", err=True)
        raise typer.Exit(2)
    files = list(iter_input_files(paths))
    if not files:
        typer.echo("error: no input files found", err=True)
        raise typer.Exit(2)
    options = {"record_history": False} if no_history else None
    try:
        with open_backend(
            local=local, server=server, protocol=protocol, org_profile=org_profile, config=config,
            concurrency=concurrency,
        ) as backend:
            run = run_documents(backend, files, concurrency=concurrency, options=options)
    except ProcessingError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    if out is not None:
        written = write_outputs(run.results, out)
        typer.echo(f"wrote {len(written)} result file(s) to {out}", err=True)
    if json_out:
        body = run.results[0] if len(run.results) == 1 else run.results
        sys.stdout.write(json.dumps(body, ensure_ascii=False, indent=2) + "\n")
    elif out is None:
        print_results_table(run.results)
    print_summary(run, backend_label=run.backend)


def demo(
    count: int = typer.Option(5, "--count", min=3, max=20, help="How many sample documents."),
    seed: int = typer.Option(7, "--seed", help="Generator seed."),
    keep: Path = typer.Option(None, "--keep", help="Keep the generated documents and results in this folder."),
    local: bool = typer.Option(False, "--local", help="Run in-process instead of through Triton."),
) -> None:
    """Generate sample documents (digital, scanned, one with a defect), serve them through Triton, show the results."""
    from sap_llm.serving.batch import ProcessingError
    from sap_llm.serving.demo import run_demo

    try:
        code = run_demo(count=count, seed=seed, keep=keep, local=local)
    except ProcessingError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    raise typer.Exit(code)

