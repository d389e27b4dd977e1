"""How a shipped model came to be: one entry per training run, carried from run to run in ``labels.json``.

A run that continues from an earlier model (``--init-from``) copies that
model's lineage and appends itself, so the model card can say which corpora,
which code (the corpus generator lives in this repository) and how many runs
made the weights, without anyone keeping that prose by hand.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess  # nosec B404: a fixed git command, no user input
from collections import Counter
from pathlib import Path
from typing import Any

from sap_llm import paths


def code_revision() -> str | None:
    """The repository's commit (with ``+changes`` when the tree is dirty); None outside a git checkout."""
    root = paths.REPO_ROOT
    try:
        head = subprocess.run(  # nosec B603 B607
            ["git", "rev-parse", "--short=12", "HEAD"], cwd=root, capture_output=True, text=True, timeout=10, check=True
        ).stdout.strip()
        dirty = subprocess.run(  # nosec B603 B607
            ["git", "status", "--porcelain", "--untracked-files=no"], cwd=root, capture_output=True, text=True,
            timeout=10, check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return f"{head}+changes" if dirty else head


def previous_runs(init_from: Path | None) -> list[dict[str, Any]]:
    """The lineage of the model a run starts from (empty from scratch or when it recorded none)."""
    if init_from is None:
        return []
    labels = Path(init_from) / "labels.json"
    if not labels.is_file():
        return []
    return list(json.loads(labels.read_text(encoding="utf-8")).get("lineage", []))


def run_entry(corpora: list[Path], records: list[Any], meta: dict[str, Any], init_from: Path | None,
              repeats: dict[str, int] | None = None) -> dict[str, Any]:
    """This run: when, with which code, on which corpora (``records``: the training and validation records it
    saw, counted per source once; sources repeated per epoch), from where, how it ended."""
    history = meta.get("history", [])
    sources = Counter(getattr(r, "source", "unknown") for r in records)
    return {
        "date": dt.date.today().isoformat(),
        "code_revision": code_revision(),
        "corpora": [str(p) for p in corpora],
        "records_by_source": dict(sorted(sources.items())),
        "train_records": meta.get("train_records"),
        "val_records": meta.get("val_records"),
        "start": str(init_from) if init_from else "scratch",
        "epochs": sum(1 for h in history if h.get("epoch", 0) > 0),
        "best_epoch": meta.get("best_epoch"),
        "minutes": round(float(history[-1].get("minutes", 0.0)), 1) if history else None,
        **({"note": "repeated per epoch: " + ", ".join(f"{k} ×{v}" for k, v in sorted(repeats.items()))}
           if repeats else {}),
    }


def describe(lineage: list[dict[str, Any]]) -> str:
    """Markdown table of the runs, oldest first (for the model cards)."""
    if not lineage:
        return "Training history: not recorded in `labels.json`."
    rows = ["| run | date | code | corpora (records by source) | start | epochs (best) | minutes | note |",
            "|---|---|---|---|---|---|---|---|"]
    for number, run in enumerate(lineage, start=1):
        known = {k: ("?" if v is None else v) for k, v in run.items()}  # backfilled runs lack some facts
        sources = ", ".join(f"{k} {v:,}" for k, v in (run.get("records_by_source") or {}).items())
        corpora = ", ".join(f"`{c}`" for c in run.get("corpora", []))
        rows.append(
            f"| {number} | {known.get('date', '?')} | {known.get('code_revision', '?')} | {corpora}"
            f"{f' ({sources})' if sources else ''} | {known.get('start', '?')} | {known.get('epochs', '?')}"
            f" ({known.get('best_epoch', '?')}) | {known.get('minutes', '?')} | {known.get('note', '')} |"
        )
    return "\n".join(rows)
