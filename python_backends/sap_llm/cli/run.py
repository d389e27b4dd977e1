"""`sap-llm process` and `sap-llm demo` (filled in by the serving issue)."""

from __future__ import annotations

import typer


def process() -> None:
    """Process documents (filled in by the serving issue)."""
    raise typer.Exit(2)


def demo() -> None:
    """Run the demo (filled in by the serving issue)."""
    raise typer.Exit(2)
