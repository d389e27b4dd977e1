"""All configuration in one place.

Defaults are safe for one machine; override with a YAML/JSON file passed as
``--config`` or named by ``SAP_LLM_CONFIG``, or per value with environment
variables ``SAP_LLM__SECTION__KEY`` (e.g. ``SAP_LLM__LIMITS__MAX_PAGES=50``).
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field

from sap_llm import paths


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Limits(Section):
    """Stage 1 guards against hostile or accidental inputs."""

    max_bytes: int = 50 * 1024 * 1024
    max_pages: int = 200
    max_pixels_per_page: int = 60_000_000  # ~ A3 at 600 DPI; decompression bombs are far larger
    max_seconds_per_page: float = 30.0
    max_email_attachments: int = 50


class OCR(Section):
    dpi: int = 300
    languages: list[str] = Field(default_factory=lambda: ["eng", "deu", "fra", "spa", "ita"])
    min_text_layer_chars_per_page: int = 40  # fewer means: OCR the page instead
    max_workers: int = 0  # 0 = number of cores
    # receipt strips: PP-OCRv4 (rapidocr_onnxruntime) reads the characters of ASCII lines, tesseract the word boxes
    receipt_line_reader: bool = True


class Thresholds(Section):
    """Confidence thresholds for the quality gate: default, per field, per type+field."""

    default_field: float = 0.5
    document_type: float = 0.8
    subtype: float = 0.6
    routing: float = 0.6  # stage 8: a route less confident than this goes to a person
    per_field: dict[str, float] = Field(default_factory=dict)
    per_type_field: dict[str, dict[str, float]] = Field(default_factory=dict)
    amount_rounding: float = 0.02
    price_tolerance_pct: float = 5.0  # three-way match: invoice unit price may exceed the PO price by this much
    quantity_tolerance_pct: float = 0.0  # three-way match: invoiced quantity over the ordered quantity


class Storage(Section):
    kb_dir: Path = Field(default_factory=lambda: paths.var_dir() / "kb")
    history_backend: str = "sqlite"  # sqlite | gremlin
    history_path: Path = Field(default_factory=lambda: paths.var_dir() / "history.sqlite3")
    gremlin_url: str | None = None
    mongodb_uri: str | None = None


class Models(Section):
    model_dir: Path = Field(default_factory=paths.model_repository)


class Settings(Section):
    limits: Limits = Field(default_factory=Limits)
    ocr: OCR = Field(default_factory=OCR)
    thresholds: Thresholds = Field(default_factory=Thresholds)
    storage: Storage = Field(default_factory=Storage)
    models: Models = Field(default_factory=Models)


def _env_overrides(prefix: str = "SAP_LLM__") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, raw in os.environ.items():
        if not key.startswith(prefix):
            continue
        parts = key[len(prefix):].lower().split("__")
        node = out
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        try:
            node[parts[-1]] = json.loads(raw)
        except json.JSONDecodeError:
            node[parts[-1]] = raw
    return out


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def load_settings(path: str | Path | None = None) -> Settings:
    """Settings from defaults, then the file (``path`` or $SAP_LLM_CONFIG), then the environment."""
    data: dict[str, Any] = {}
    path = path or os.environ.get("SAP_LLM_CONFIG")
    if path:
        text = Path(path).read_text(encoding="utf-8")
        data = (json.loads(text) if str(path).endswith(".json") else yaml.safe_load(text)) or {}
    return Settings.model_validate(_merge(data, _env_overrides()))


@lru_cache(maxsize=1)
def settings() -> Settings:
    return load_settings()
