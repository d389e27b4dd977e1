"""`sap-llm models` commands (filled in by the issue that owns this group)."""

from __future__ import annotations

import typer

app = typer.Typer(no_args_is_help=True)


def evaluate_model() -> None:
    """Evaluate a trained model (filled in by the models issue)."""
    raise typer.Exit(2)
