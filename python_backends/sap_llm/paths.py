"""Where things live on disk: the one place that knows the repository layout."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_ROOT = PACKAGE_DIR.parent.parent


def repo_path(*parts: str) -> Path:
    return REPO_ROOT.joinpath(*parts)


def shared_dir() -> Path:
    """The shared folder beside the clone (data sets, SAP EDMX); override with SAP_LLM_SHARED."""
    return Path(os.environ.get("SAP_LLM_SHARED", REPO_ROOT.parent / "shared"))


def var_dir() -> Path:
    """Writable state of a local install (knowledge base, history DB); override with SAP_LLM_HOME."""
    return Path(os.environ.get("SAP_LLM_HOME", REPO_ROOT / "var"))


def model_repository() -> Path:
    return Path(os.environ.get("SAP_LLM_MODEL_REPOSITORY", REPO_ROOT / "model_repository"))
