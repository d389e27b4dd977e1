"""`sap-llm layout PATH...`: stages 1–2 (intake + preprocess) on files and folders.

Prints, per input document, the layout summary (pages, words, where each page's
words came from, language, milliseconds) or the rejection (code, message).
Every file gets a result; a bad file never stops the batch and the command
exits 0 when it could look at every path it was given.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import typer


def _iter_files(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")))
        else:
            files.append(path)
    return files


def layout_results(data: bytes, source: str, *, settings: Any, seen: Any, with_layout: bool = False) -> list[dict[str, Any]]:
    """Intake + preprocess one input; one summary dict per document or rejection (never raises for bad input)."""
    from sap_llm.errors import StageError
    from sap_llm.inbox import intake
    from sap_llm.preprocess import preprocess
    from sap_llm.records import Rejection

    started = time.perf_counter()
    items = intake(data, source, limits=settings.limits, seen=seen)
    inbox_ms = (time.perf_counter() - started) * 1000 / max(len(items), 1)
    out: list[dict[str, Any]] = []
    for item in items:
        if isinstance(item, Rejection):
            out.append(
                {
                    "source": item.source,
                    "document_id": item.document_id,
                    "status": "rejected",
                    "error": {"code": item.code, "message": item.message, "stage": item.stage},
                    "envelope": item.envelope.model_dump(exclude_none=True) if item.envelope else None,
                    "timings_ms": {"inbox": round(inbox_ms, 1)},
                }
            )
            continue
        base = {
            "source": item.source,
            "document_id": item.document_id,
            "media_type": item.media_type,
            "duplicate": item.duplicate,
            "envelope": item.envelope.model_dump(exclude_none=True) if item.envelope else None,
        }
        t0 = time.perf_counter()
        try:
            layout = preprocess(item, settings=settings)
        except StageError as exc:
            out.append({**base, "status": "rejected", "error": {"code": exc.code, "message": exc.message, "stage": exc.stage or "preprocess"},
                        "timings_ms": {"inbox": round(inbox_ms, 1), "preprocess": round((time.perf_counter() - t0) * 1000, 1)}})
            continue
        except Exception as exc:  # a bug in one document must not stop the batch
            out.append({**base, "status": "rejected", "error": {"code": "corrupt", "message": f"{type(exc).__name__}: {exc}", "stage": "preprocess"},
                        "timings_ms": {"inbox": round(inbox_ms, 1)}})
            continue
        preprocess_ms = (time.perf_counter() - t0) * 1000
        summary = {
            **base,
            "status": "preprocessed",
            "language": layout.language,
            "pages": [
                {"index": p.index, "source": p.source, "words": sum(1 for w in layout.words if w.page == p.index),
                 "rotation": p.rotation, "dpi": p.dpi}
                for p in layout.pages
            ],
            "words": len(layout.words),
            "lines": len(layout.lines),
            "timings_ms": {"inbox": round(inbox_ms, 1), "preprocess": round(preprocess_ms, 1)},
        }
        if with_layout:
            summary["layout"] = layout.model_dump()
        out.append(summary)
    return out


def _too_large(path: Path, size: int, limit: int) -> dict[str, Any]:
    return {
        "source": str(path),
        "document_id": None,
        "status": "rejected",
        "error": {"code": "too_large", "message": f"the file has {size:,} bytes; the limit is {limit:,}", "stage": "inbox"},
    }


def _line(result: dict[str, Any]) -> str:
    if result["status"] == "rejected":
        err = result["error"]
        return f"✗ {result['source']}  rejected  {err['code']}: {err['message']}"
    sources = ",".join(p["source"] for p in result["pages"])
    dup = "  DUPLICATE" if result.get("duplicate") else ""
    return (
        f"✓ {result['source']}  {result['media_type']}  {len(result['pages'])} page(s) [{sources}]  "
        f"{result['words']} words  {result['language']}  {result['timings_ms']['preprocess']:.0f} ms{dup}"
    )


def layout(
    paths: list[Path] = typer.Argument(..., help="Files or folders (searched recursively)."),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON array of results."),
    with_layout: bool = typer.Option(False, "--words", help="With --json: include the full Layout (words, boxes, lines)."),
    text: bool = typer.Option(False, "--text", help="Print each document's text in reading order."),
    config: Path | None = typer.Option(None, "--config", help="Settings file (YAML/JSON)."),
    seen_db: Path | None = typer.Option(None, "--seen-db", help="SQLite file remembering documents across runs (duplicates)."),
) -> None:
    """Run intake and preprocessing (stages 1-2) and print each document's layout summary or rejection."""
    from sap_llm.config import load_settings
    from sap_llm.inbox import SeenRegistry

    settings = load_settings(config) if config else load_settings()
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        typer.echo(f"no such file or folder: {', '.join(missing)}", err=True)
        raise typer.Exit(2)
    seen = SeenRegistry(seen_db)
    results: list[dict[str, Any]] = []
    try:
        for path in _iter_files(paths):
            size = path.stat().st_size
            if size > settings.limits.max_bytes:
                batch = [_too_large(path, size, settings.limits.max_bytes)]
            else:
                batch = layout_results(path.read_bytes(), str(path), settings=settings, seen=seen,
                                       with_layout=with_layout or text)
            for result in batch:
                if not as_json:
                    typer.echo(_line(result))
                    if text and "layout" in result:
                        from sap_llm.records import Layout

                        typer.echo(Layout.model_validate(result["layout"]).text)
                        typer.echo("")
                if not with_layout:
                    result.pop("layout", None)
            results.extend(batch)
    finally:
        seen.close()
    if as_json:
        typer.echo(json.dumps(results, ensure_ascii=False, indent=2))
