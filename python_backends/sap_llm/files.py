"""Reading the project's YAML catalogues and configuration files with errors that name the file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


def read_yaml(path: Path, what: str, error: type[Exception] = ValueError) -> Any:
    """The parsed YAML in ``path``; ``error`` with the file, ``what`` it is and why, when unreadable or invalid."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise error(f"{path}: cannot read the {what}: {exc.strerror or exc}") from exc
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise error(f"{path}: the {what} is not valid YAML: {exc}") from exc
