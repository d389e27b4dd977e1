"""`sap-llm corpus` commands (filled in by the issue that owns this group)."""

from __future__ import annotations

from pathlib import Path

import typer

app = typer.Typer(no_args_is_help=True)


def _split_list(values: list[str] | None) -> list[str] | None:
    """Accept both repeated options and comma-separated lists (``--types A,B --types C``)."""
    if not values:
        return None
    return [item.strip() for value in values for item in value.split(",") if item.strip()]


@app.command("generate")
def generate(
    n: int = typer.Option(..., "--n", min=1, help="Number of documents to generate."),
    seed: int = typer.Option(0, "--seed", help="Seed: the same seed gives the same corpus."),
    out: Path = typer.Option(..., "--out", help="Output directory (<id>.pdf, <id>.png for scans, <id>.json)."),
    types: list[str] = typer.Option(None, "--types", help="Document types to generate (default: all 15)."),
    languages: list[str] = typer.Option(None, "--languages", help="Languages: EN, DE, FR, ES, IT (default: all)."),
    scan_ratio: float = typer.Option(0.3, "--scan-ratio", min=0.0, max=1.0, help="Share with a scanned-looking PNG."),
    defect_ratio: float = typer.Option(0.1, "--defect-ratio", min=0.0, max=1.0,
                                       help="Share of supplier invoices with a deliberate defect."),
    workers: int | None = typer.Option(None, "--workers", min=1, help="Worker processes (default: all cores)."),
    org_profile: Path | None = typer.Option(None, "--org-profile", help="Organisation profile (default: the example)."),
) -> None:
    """Generate a synthetic corpus: born-digital PDFs, scans and labelled records for all document types."""
    import time
    from collections import Counter

    from sap_llm.corpus.synth import generate_corpus
    from sap_llm.profile import ProfileError, load_profile

    try:
        load_profile(org_profile)
    except ProfileError as exc:
        raise typer.BadParameter(str(exc), param_hint="--org-profile") from None
    started = time.perf_counter()
    try:
        paths = generate_corpus(out, n, seed, types=_split_list(types), languages=_split_list(languages),
                                scan_ratio=scan_ratio, defect_ratio=defect_ratio, workers=workers,
                                profile_path=org_profile)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    elapsed = time.perf_counter() - started
    import json

    by_type: Counter[str] = Counter()
    by_language: Counter[str] = Counter()
    scans = defects = 0
    for path in paths:
        record = json.loads(path.read_text(encoding="utf-8"))
        by_type[record["document_type"]] += 1
        by_language[record["metadata"]["language"]] += 1
        scans += bool(record["metadata"].get("scanned"))
        defects += bool(record["metadata"].get("defects"))
    typer.echo(f"generated {len(paths)} of {n} documents in {elapsed:.1f} s ({len(paths) / max(elapsed, 1e-9):.1f} docs/s) "
               f"into {out}: {scans} scanned, {defects} with deliberate defects")
    typer.echo("types: " + ", ".join(f"{t} {c}" for t, c in sorted(by_type.items())))
    typer.echo("languages: " + ", ".join(f"{lang} {c}" for lang, c in sorted(by_language.items())))
    if len(paths) < n:
        typer.echo(f"warning: {n - len(paths)} documents failed; see {out / 'errors.json'}", err=True)
        raise typer.Exit(1)


@app.command("build")
def build(
    out: Path = typer.Option(..., "--out", help="Output directory of the corpus."),
    sources: list[str] = typer.Option(
        [], "--sources", help="Comma-separated sources: sroie, invoice2data (default: the shared data sets), "
                              "funsd:PATH, cord:PATH; NAME:PATH overrides a location. Repeatable."),
    synthetic: int = typer.Option(0, "--synthetic", min=0, help="Also generate N synthetic documents into OUT/synthetic."),
    types: list[str] = typer.Option(None, "--types", help="Synthetic: document types (default: all 15)."),
    languages: list[str] = typer.Option(None, "--languages", help="Synthetic: languages (default: all five)."),
    scan_ratio: float | None = typer.Option(None, "--scan-ratio", min=0.0, max=1.0,
                                            help="Synthetic: share with a scanned-looking PNG (default 0.3)."),
    defect_ratio: float | None = typer.Option(None, "--defect-ratio", min=0.0, max=1.0,
                                              help="Synthetic: share with a deliberate defect (default 0.1)."),
    org_profile: Path | None = typer.Option(None, "--org-profile", help="Synthetic: organisation profile."),
    seed: int = typer.Option(0, "--seed", help="Seed of the generator, rebalancing and splits."),
    limit: int | None = typer.Option(None, "--limit", min=1, help="At most N documents per source (quick runs)."),
    min_coverage: float = typer.Option(0.8, "--min-coverage", min=0.0, max=1.0,
                                       help="Exclude records whose annotation coverage is below this."),
    max_class_share: float = typer.Option(0.3, "--max-class-share", min=0.01, max=1.0,
                                          help="Warn (or rebalance) when a document type exceeds this share."),
    rebalance: bool = typer.Option(False, "--rebalance", help="Downsample over-represented document types."),
    workers: int = typer.Option(1, "--workers", min=1, help="Parallel OCR processes (SROIE)."),
    ocr_cache: Path | None = typer.Option(None, "--ocr-cache", help="OCR cache directory (default OUT/cache/ocr); "
                                                                     "reuse one to skip repeated OCR."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Print one line per document."),
) -> None:
    """Build a corpus: convert sources, deduplicate (SHA-256), check quality, split 70/15/15, describe."""
    from sap_llm.corpus.build import BuildConfig, build_corpus, parse_sources

    try:
        specs = parse_sources(sources)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--sources") from None
    if not specs and not synthetic:
        raise typer.BadParameter("give --sources and/or --synthetic N", param_hint="--sources")
    config = BuildConfig(out_dir=out, sources=specs, synthetic=synthetic, seed=seed, limit=limit,
                         min_coverage=min_coverage, max_class_share=max_class_share, rebalance=rebalance,
                         workers=workers, ocr_cache=ocr_cache,
                         synthetic_options={"types": _split_list(types), "languages": _split_list(languages),
                                            "scan_ratio": scan_ratio, "defect_ratio": defect_ratio,
                                            "profile_path": org_profile})
    try:
        result = build_corpus(config, progress=typer.echo if verbose else None)
    except (RuntimeError, FileNotFoundError, ValueError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    stats = result.statistics
    typer.echo(f"{stats['records']} records kept, {stats['excluded']} excluded "
               f"({stats['duplicates']} duplicates), {stats['failed']} not convertible; "
               f"splits {result.splits['counts']}")
    for warning in result.warnings:
        typer.echo(f"warning: {warning}")
    typer.echo(f"wrote {out}/splits.json, statistics.json, label_distribution.json, excluded.json, report.md")
