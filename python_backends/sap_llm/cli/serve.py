"""`sap-llm serve` (filled in by the serving issue)."""

from __future__ import annotations

import typer


def serve() -> None:
    """Start Triton (filled in by the serving issue)."""
    raise typer.Exit(2)
