"""Compile EDMX metadata + the mapping and rule catalogues into the knowledge-base artifact.

    compile_kb("../shared/sap_edmx", "var/kb")

The artifact is a folder: ``kb.json`` (services, mappings, rules; its ``version`` is the SHA-256
of that content, so two builds of the same inputs carry the same version) and ``search/`` (the
semantic index). It is written to a temporary folder and swapped in, so a reader never sees half
a knowledge base. A mapping that names a property the metadata lacks stops the build.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kb_tools.edmx import parse_dir
from kb_tools.mappings import check_catalogue, load_catalogue
from sap_llm.files import read_yaml
from sap_llm.kb import ARTIFACT_FILE, ARTIFACT_FORMAT, SEARCH_DIR, KnowledgeBase
from sap_llm.kb.model import ServiceSpec
from sap_llm.rules.catalogue import DEFAULT_CATALOGUE as RULES_PATH
from sap_llm.rules.catalogue import CatalogueError, rules_from_data

CATALOG_DIR = Path(__file__).resolve().parent / "catalog"
API_DESCRIPTIONS = CATALOG_DIR / "apis.yaml"


class KbBuildError(ValueError):
    """The inputs do not make a consistent knowledge base; the message lists every problem."""


@dataclass
class BuildReport:
    out_dir: Path
    version: str
    skipped: bool = False
    summary: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def inputs_hash(edmx_dir: Path, extra_files: list[Path]) -> str:
    """Hash of everything a build reads: the EDMX files and the catalogues."""
    digest = hashlib.sha256()
    files = sorted(p for p in edmx_dir.iterdir() if p.suffix.lower() in {".edmx", ".xml"})
    for path in [*files, *extra_files]:
        digest.update(path.name.encode())
        digest.update(_sha256(path.read_bytes()).encode() if path.is_file() else b"-")
    return digest.hexdigest()


def _with_descriptions(services: list[ServiceSpec]) -> list[ServiceSpec]:
    descriptions = read_yaml(API_DESCRIPTIONS, "API descriptions", KbBuildError) if API_DESCRIPTIONS.is_file() else {}
    return [s.model_copy(update={"description": descriptions.get(s.name, s.description)}) for s in services]


def _rule_data(path: Path) -> list[dict[str, Any]]:
    data = read_yaml(path, "rule catalogue", CatalogueError)
    rules_from_data(data, origin=str(path))  # validates and compiles every condition; raises on a bad rule
    return list(data["rules"])


def build_artifact(edmx_dir: Path, *, mappings_path: Path | None = None, rules_path: Path | None = None) -> tuple[
        dict[str, Any], list[str]]:  # fmt: skip
    """The artifact's content (not yet written) and the catalogue's warnings; raises ``KbBuildError``."""
    services = _with_descriptions(parse_dir(edmx_dir))
    names = [s.name for s in services]
    if len(set(names)) != len(names):
        raise KbBuildError(f"two metadata files describe the same API: {sorted(n for n in names if names.count(n) > 1)}")
    catalogue = load_catalogue(mappings_path)
    check = check_catalogue(catalogue, {s.name: s for s in services})
    if check.problems:
        listed = "\n  ".join(check.problems)
        raise KbBuildError(f"{len(check.problems)} broken mapping(s) against the metadata:\n  {listed}")
    content = {
        "services": {s.name: s.model_dump(mode="json") for s in services},
        "mappings": catalogue.model_dump(mode="json"),
        "rules": _rule_data(rules_path or RULES_PATH),
    }
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":")).encode()
    artifact = {
        "format": ARTIFACT_FORMAT,
        "version": _sha256(canonical)[:16],
        "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "sources": [{"file": s.source_file, "api": s.name, "odata_version": s.version, "sha256": s.source_sha256}
                    for s in services],  # fmt: skip
        **content,
    }
    return artifact, list(check.warnings)


def compile_kb(edmx_dir: str | Path, out_dir: str | Path, *, if_missing: bool = False, with_search: bool = True,
               mappings_path: Path | None = None, rules_path: Path | None = None) -> BuildReport:  # fmt: skip
    """Build the artifact into ``out_dir``; with ``if_missing`` keep an artifact built from the same inputs."""
    edmx_dir, out_dir = Path(edmx_dir), Path(out_dir)
    catalogue_files = [mappings_path or CATALOG_DIR / "mappings.yaml", rules_path or RULES_PATH, API_DESCRIPTIONS,
                       CATALOG_DIR / "terminology.yaml"]  # fmt: skip
    fingerprint = inputs_hash(edmx_dir, catalogue_files) if edmx_dir.is_dir() else ""
    stamp = out_dir / "inputs.sha256"
    if if_missing and (out_dir / ARTIFACT_FILE).is_file() and stamp.is_file() and stamp.read_text() == fingerprint:
        existing = json.loads((out_dir / ARTIFACT_FILE).read_text(encoding="utf-8"))
        return BuildReport(out_dir, existing.get("version", "?"), skipped=True)
    artifact, warnings = build_artifact(edmx_dir, mappings_path=mappings_path, rules_path=rules_path)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".kb-build-", dir=out_dir.parent))
    try:
        (staging / ARTIFACT_FILE).write_text(json.dumps(artifact, indent=1, sort_keys=True), encoding="utf-8")
        kb = KnowledgeBase(artifact, staging)
        if with_search:
            from sap_llm.kb.search import SemanticIndex, entries_from_services

            SemanticIndex.build(entries_from_services(kb.apis.values(), kb.rules)).save(staging / SEARCH_DIR)
        (staging / "inputs.sha256").write_text(fingerprint)
        backup = out_dir.with_name(out_dir.name + ".old")
        if out_dir.exists():
            shutil.rmtree(backup, ignore_errors=True)
            out_dir.rename(backup)
        staging.rename(out_dir)
        shutil.rmtree(backup, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return BuildReport(out_dir, artifact["version"], summary=kb.summary(), warnings=warnings)
