"""`sap-llm kb` commands (filled in by the issue that owns this group)."""

from __future__ import annotations

import typer

app = typer.Typer(no_args_is_help=True)
