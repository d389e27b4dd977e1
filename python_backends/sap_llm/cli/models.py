"""`sap-llm train classifier|tagger` and `sap-llm evaluate-model`.

Heavy imports (torch, onnxruntime, transformers) happen inside the commands.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import typer

app = typer.Typer(no_args_is_help=True)

CorpusOpt = typer.Option(..., "--corpus", help="Corpus directory of records (*.json); repeat for several.")


def _setup_logging() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")


@app.command("classifier")
def train_classifier_cmd(
    corpus: list[Path] = CorpusOpt,
    out: Path = typer.Option(..., "--out", help="Output directory (checkpoint, ONNX fp32 + int8, labels.json)."),
    epochs: int = typer.Option(30, "--epochs", min=1),
    max_docs: int | None = typer.Option(None, "--max-docs", help="Read at most this many records."),
    seed: int = typer.Option(13, "--seed"),
    title_dropout: float = typer.Option(0.3, "--title-dropout", min=0.0, max=1.0,
                                        help="Share of training pages shown without their title-sized words."),
    members: int = typer.Option(1, "--members", min=1,
                                help="Train this many classifiers (seeds SEED, SEED+1, ...) and ship their average."),
    install: bool = typer.Option(False, "--install", help="Copy the int8 model into model_repository/doc_classifier/1."),
) -> None:
    """Train the document type + subtype classifier, export it to ONNX, quantise it and check parity."""
    from sap_llm import paths
    from sap_llm.training import pipeline

    _setup_logging()
    try:
        meta = pipeline.build_classifier(corpus, out, epochs=epochs, seed=seed, max_docs=max_docs,
                                         title_dropout=title_dropout, members=members)
    except FileNotFoundError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    best = meta["history"][meta["best_epoch"] - 1] if meta["history"] else {}
    typer.echo(json.dumps({"best_epoch": meta["best_epoch"], **best, "parity_int8": meta["parity_int8"]}))
    if install:
        for p in pipeline.install(out, paths.model_repository() / "doc_classifier" / "1"):
            typer.echo(f"installed {p}")


@app.command("tagger")
def train_tagger_cmd(
    corpus: list[Path] = CorpusOpt,
    out: Path = typer.Option(..., "--out", help="Output directory (checkpoint, ONNX fp32 + int8, tokenizer, labels)."),
    epochs: int = typer.Option(4, "--epochs", min=1),
    max_docs: int | None = typer.Option(None, "--max-docs", help="Read at most this many records."),
    seed: int = typer.Option(13, "--seed"),
    max_minutes: float = typer.Option(45.0, "--max-minutes", help="Stop after the epoch that crosses this budget."),
    layers: int = typer.Option(2, "--layers", min=1, max=6, help="Encoder layers kept from MiniLM."),
    install: bool = typer.Option(False, "--install", help="Copy the int8 model into model_repository/field_tagger/1."),
    init_from: Path | None = typer.Option(None, "--init-from", help="Continue from a previous run's directory."),
    lr: float = typer.Option(1e-4, "--lr", help="Encoder learning rate (the head and 2-D embeddings get 10x)."),
    repeat: list[str] = typer.Option([], "--repeat", help="SOURCE=TIMES: see a source's training records TIMES "
                                     "per epoch (e.g. sroie=3); repeat for several."),
) -> None:
    """Train the LayoutLM field tagger, export it to ONNX, quantise it and check parity."""
    from sap_llm import paths
    from sap_llm.training import pipeline
    from sap_llm.training.data import parse_repeats

    _setup_logging()
    try:
        repeats = parse_repeats(repeat)
    except ValueError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    try:
        meta = pipeline.build_tagger(corpus, out, epochs=epochs, seed=seed, max_docs=max_docs,
                                     max_minutes=max_minutes, layers=layers, init_from=init_from, lr=lr,
                                     repeats=repeats)
    except FileNotFoundError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    typer.echo(json.dumps({"best_epoch": meta["best_epoch"], "best_val_word_f1": meta["best_val_word_f1"],
                           "temperature": meta["temperature"], "parity_int8": meta["parity_int8"]}))
    if install:
        for p in pipeline.install(out, paths.model_repository() / "field_tagger" / "1"):
            typer.echo(f"installed {p}")


def evaluate_model(
    model: Path = typer.Option(..., "--model", help="A model repository root, or one model's directory."),
    corpus: list[Path] = CorpusOpt,
    split: str = typer.Option("test", "--split", help="train | val | test"),
    out: Path = typer.Option(..., "--out", help="Directory for metrics.json and the PNG plots."),
    baselines: bool = typer.Option(True, "--baselines/--no-baselines", help="Train and score the baselines on the same split."),
    scans: int = typer.Option(0, "--scans", help="Also OCR up to this many scan images through sap_llm.preprocess."),
    max_docs: int | None = typer.Option(None, "--max-docs"),
) -> None:
    """Evaluate the ONNX models on a corpus split: metrics JSON, confusion matrix, per-field F1, reliability diagram."""
    from sap_llm.training.report import run_evaluation

    _setup_logging()
    if split not in ("train", "val", "test"):
        typer.echo("error: --split must be train, val or test", err=True)
        raise typer.Exit(2)
    try:
        summary = run_evaluation(model, corpus, split, out, baselines=baselines, scans=scans, max_docs=max_docs)
    except FileNotFoundError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    typer.echo(json.dumps(summary, indent=1))
