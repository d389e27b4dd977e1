"""`sap-llm eval` (filled in by the evaluation issue)."""

from __future__ import annotations

import typer


def eval_pipeline() -> None:
    """Evaluate the pipeline (filled in by the evaluation issue)."""
    raise typer.Exit(2)
