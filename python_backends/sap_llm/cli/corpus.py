"""`sap-llm corpus` commands (filled in by the issue that owns this group)."""

from __future__ import annotations

from pathlib import Path

import typer

app = typer.Typer(no_args_is_help=True)


@app.command("build")
def build(
    out: Path = typer.Option(..., "--out", help="Output directory of the corpus."),
    sources: list[str] = typer.Option(
        [], "--sources", help="Comma-separated sources: sroie, invoice2data (default: the shared data sets), "
                              "funsd:PATH, cord:PATH; NAME:PATH overrides a location. Repeatable."),
    synthetic: int = typer.Option(0, "--synthetic", min=0, help="Also generate N synthetic documents into OUT/synthetic."),
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
                         workers=workers, ocr_cache=ocr_cache)
    try:
        result = build_corpus(config, progress=typer.echo if verbose else None)
    except (RuntimeError, FileNotFoundError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    stats = result.statistics
    typer.echo(f"{stats['records']} records kept, {stats['excluded']} excluded "
               f"({stats['duplicates']} duplicates), {stats['failed']} not convertible; "
               f"splits {result.splits['counts']}")
    for warning in result.warnings:
        typer.echo(f"warning: {warning}")
    typer.echo(f"wrote {out}/splits.json, statistics.json, label_distribution.json, excluded.json, report.md")
