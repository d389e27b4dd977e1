"""Shared fixtures: paths to the shared data, skipping cleanly where it is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

from sap_llm import paths


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    return paths.shared_dir()


@pytest.fixture(scope="session")
def edmx_dir(shared_dir: Path) -> Path:
    d = shared_dir / "sap_edmx"
    if not d.is_dir():
        pytest.skip(f"SAP EDMX files not found at {d} (set SAP_LLM_SHARED)")
    return d


@pytest.fixture(scope="session")
def datasets_dir(shared_dir: Path) -> Path:
    d = shared_dir / "datasets"
    if not d.is_dir():
        pytest.skip(f"shared data sets not found at {d} (set SAP_LLM_SHARED)")
    return d


@pytest.fixture(scope="session")
def built_kb_dir(edmx_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The knowledge base compiled from the real EDMX files (without the search index: that is slower)."""
    from kb_tools.compiler import compile_kb

    out = tmp_path_factory.mktemp("kb") / "kb"
    compile_kb(edmx_dir, out, with_search=False)
    return out


@pytest.fixture(scope="session")
def built_kb(built_kb_dir: Path):  # noqa: ANN201 - sap_llm.kb.KnowledgeBase
    from sap_llm.kb import load_kb

    return load_kb(built_kb_dir)
