"""`sap-llm eval`: run an evaluation set through the pipeline and write the accuracy report."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import typer


def eval_pipeline(
    data: Path = typer.Option(..., "--data", help="Evaluation set folder (corpus, SROIE or invoice2data compare)."),
    fmt: str = typer.Option(..., "--format", help="corpus | sroie | invoice2data"),
    split: str = typer.Option(None, "--split", help="corpus: a splits.json split (test, val, train); sroie: dev | test."),
    out: Path = typer.Option(..., "--out", help="Output folder: results.jsonl, metrics.json, report.md, PNGs."),
    server: str = typer.Option(None, "--server", help="Triton server URL (e.g. localhost:8000); default --local."),
    local: bool = typer.Option(False, "--local", help="Run the stage functions in this process (the default)."),
    protocol: str = typer.Option("http", "--protocol", help="http | grpc (with --server)."),
    org_profile: Path = typer.Option(None, "--org-profile", help="Organisation profile (YAML/JSON)."),
    config: Path = typer.Option(None, "--config", help="Settings file (YAML/JSON); default $SAP_LLM_CONFIG."),
    limit: int = typer.Option(None, "--limit", min=1, help="Evaluate only the first N documents."),
    checkpoint_every: int = typer.Option(10, "--checkpoint-every", min=1, help="Flush results every N documents."),
    price_per_core_hour: float = typer.Option(0.05, "--price-per-core-hour", help="For the cost per document."),
    variants: str = typer.Option("digital,scan", "--variants", help="corpus: which renderings (digital,scan)."),
    hardest: int = typer.Option(20, "--hardest", min=0, help="How many hardest documents the report lists."),
    report_only: bool = typer.Option(False, "--report-only", help="Rebuild the report from results.jsonl only."),
    server_pid: list[int] = typer.Option(None, "--server-pid", help="Server pids for CPU accounting (default: by name)."),
    name: str = typer.Option(None, "--name", help="Set name in the report (default: format and split)."),
    layout_cache: Path = typer.Option(
        None, "--layout-cache", help="--local: reuse / store preprocessed layouts (OCR) in this folder."
    ),
    prefetch_layouts: bool = typer.Option(
        False, "--prefetch-layouts", help="Only run stages 1-2 into --layout-cache (OCR ahead of the models)."
    ),
    note: str = typer.Option(None, "--note", help="A sentence for the report (e.g. what else ran on the machine)."),
    cached_only: bool = typer.Option(
        False, "--cached-only", help="Evaluate only documents whose layout is in --layout-cache (a partial run)."
    ),
) -> None:
    """Evaluate the pipeline end to end on a labelled set; resumes from OUT/results.jsonl."""
    from tqdm import tqdm

    from sap_llm.evaluation.datasets import DatasetError, load_corpus, load_items
    from sap_llm.evaluation.harness import RunSettings, evaluate, report_from_records
    from sap_llm.evaluation.knowledge import resolve_knowledge
    from sap_llm.evaluation.processors import LocalProcessor, ProcessorUnavailable, ServerProcessor
    from sap_llm.evaluation.runner import CHECKPOINT_NAME, read_checkpoint

    if server and local:
        raise typer.BadParameter("give --server URL or --local, not both")
    try:
        if fmt == "corpus":
            chosen = [v.strip() for v in variants.split(",") if v.strip()]
            items = load_corpus(data, split, variants=chosen)  # type: ignore[arg-type]
            items = items[:limit] if limit else items
            if not items:
                raise DatasetError(f"no corpus documents in {data} (split {split or 'all'}, variants {variants})")
        else:
            items = load_items(data, fmt, split, limit)
    except DatasetError as exc:
        typer.secho(f"error: {exc}", fg=typer.colors.RED, err=True)
        raise typer.Exit(2) from exc

    mode = f"server {server} ({protocol})" if server else "local (in-process)"
    run = RunSettings(
        set_name=name or f"{fmt} {split or 'all'}",
        fmt=fmt,
        data=data,
        split=split,
        mode=mode,
        command="sap-llm eval " + shlex.join(sys.argv[2:] if len(sys.argv) > 2 else []),
        checkpoint_every=checkpoint_every,
        price_per_core_hour=price_per_core_hour,
        hardest_n=hardest,
        extra_meta={
            "org_profile": str(org_profile) if org_profile else "examples/org_profile.yaml",
            "models": _model_fingerprints(config),
            "git_commit": _git_commit(),
            **({"machine_note": note} if note else {}),
        },
    )
    knowledge = resolve_knowledge()
    for caveat in knowledge.notes:
        typer.secho(f"note: {caveat}", fg=typer.colors.YELLOW, err=True)

    cache = None
    if layout_cache is not None:
        from sap_llm.evaluation.layout_cache import LayoutCache

        cache = LayoutCache(layout_cache)
    if cached_only:
        if cache is None:
            raise typer.BadParameter("--cached-only needs --layout-cache DIR")
        total = len(items)
        items = [item for item in items if cache.has_file(item.path)]
        run.extra_meta["subset"] = (
            f"only the {len(items)} of {total} documents whose OCR layout was prefetched in time (--cached-only)"
        )
        typer.secho(f"note: {run.extra_meta['subset']}", fg=typer.colors.YELLOW, err=True)
        if not items:
            raise typer.Exit(2)
    if cache is not None and not prefetch_layouts:
        described = cache.describe([item.path for item in items])
        if described:
            run.extra_meta["layout_cache"] = described
    if prefetch_layouts:
        if cache is None or server:
            raise typer.BadParameter("--prefetch-layouts needs --layout-cache DIR and runs locally")
        _prefetch(items, org_profile, config, cache)
        return

    if report_only:
        records = read_checkpoint(out / CHECKPOINT_NAME)
        if not records:
            typer.secho(f"error: no results in {out / CHECKPOINT_NAME}", fg=typer.colors.RED, err=True)
            raise typer.Exit(2)
        stamp = out / "run.json"
        if stamp.exists():  # the models that produced the results, not the ones installed now
            import json

            run.extra_meta["models"] = json.loads(stamp.read_text(encoding="utf-8")).get("models") or {}
        paths = report_from_records(items, records, out, run, knowledge, "as recorded in results.jsonl")
    else:
        _guard_resume(out, run.extra_meta["models"], server)
        try:
            processor = (
                ServerProcessor(server, protocol, server_pid or None)
                if server
                else LocalProcessor(
                    org_profile, config, state_dir=out, fresh=not read_checkpoint(out / CHECKPOINT_NAME),
                    layout_cache=cache,
                )
            )
        except ProcessorUnavailable as exc:
            typer.secho(f"error: {exc}", fg=typer.colors.RED, err=True)
            raise typer.Exit(2) from exc
        try:
            paths = evaluate(
                items, processor, out, run, knowledge,
                progress=lambda todo: iter(tqdm(todo, desc=f"eval {run.set_name}", unit="doc", file=sys.stderr)),
            )  # fmt: skip
        finally:
            processor.close()
        if cache is not None:
            typer.echo(f"layout cache: {cache.hits} layouts reused, {cache.stale_hits} from another preprocess source")
    typer.echo(f"report: {paths['report']}")
    typer.echo(f"metrics: {paths['metrics']}")


def _prefetch(items: list, org_profile: Path | None, config: Path | None, cache: object) -> None:
    """Stages 1-2 for every item into the layout cache (see sap_llm.evaluation.layout_cache)."""
    import tempfile

    from tqdm import tqdm

    from sap_llm.evaluation.processors import LocalProcessor

    state_dir = Path(tempfile.mkdtemp(prefix="sap-llm-prefetch-"))  # a private seen-registry, not the install's
    processor = LocalProcessor(
        org_profile, config, layout_cache=cache, stages=("preprocess",), state_dir=state_dir  # type: ignore[arg-type]
    )
    failed = 0
    try:
        for item in tqdm(items, desc="prefetch layouts", unit="doc", file=sys.stderr):
            try:
                output = processor.process(item.path.read_bytes(), item.path.name, item.variant)
            except OSError as exc:
                typer.secho(f"{item.item_id}: cannot read {item.path}: {exc}", fg=typer.colors.RED, err=True)
                failed += 1
                continue
            failed += sum(1 for r in output.results if r.get("error"))
    finally:
        processor.close()
    typer.echo(f"prefetched layouts for {len(items) - failed} of {len(items)} documents into {cache.root}")  # type: ignore[attr-defined]


def _model_fingerprints(config: Path | None) -> dict[str, str]:
    """SHA-256 (first 16 hex) of each shipped ONNX model, so a report names the models it measured."""
    import hashlib

    from sap_llm.config import load_settings

    root = load_settings(config).models.model_dir
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()[:16]
        for path in sorted(root.glob("*/1/model.onnx"))
    }


def _git_commit() -> str | None:
    """The repository's HEAD commit, read from .git without running git."""
    from sap_llm import paths

    head = paths.repo_path(".git", "HEAD")
    try:
        ref = head.read_text().strip()
        if ref.startswith("ref: "):
            return paths.repo_path(".git", *ref[5:].split("/")).read_text().strip()[:12]
        return ref[:12]
    except OSError:
        return None


def _guard_resume(out: Path, models: dict[str, str], server: str | None) -> None:
    """Refuse to resume a checkpoint that other models produced (its results would be mixed with new ones)."""
    import json

    from sap_llm.evaluation.runner import CHECKPOINT_NAME

    stamp = out / "run.json"
    current = {"models": models if not server else None, "server": server}
    if (out / CHECKPOINT_NAME).exists() and stamp.exists():
        previous = json.loads(stamp.read_text(encoding="utf-8"))
        if previous != current:
            typer.secho(
                f"error: {out / CHECKPOINT_NAME} was produced by other models or another server ({previous}); "
                "use a new --out folder or delete that one to start over",
                fg=typer.colors.RED,
                err=True,
            )
            raise typer.Exit(2)
    out.mkdir(parents=True, exist_ok=True)
    stamp.write_text(json.dumps(current), encoding="utf-8")
