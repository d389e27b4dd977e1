"""Resources the pipeline loads once per process: settings, org profile, KB, models, history, seen-registry.

Every Triton model instance and every in-process ``Pipeline`` owns one ``Runtime``. Resources are
loaded lazily on first use (a server that only serves ``inbox`` never loads the tagger) and exactly
once (guarded by a lock: Triton may call a model from several threads). A resource that cannot be
loaded raises ``StageError`` with a message that says what to do, so the document that needed it is
``rejected`` with that reason and the process stays up.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sap_llm.config import Settings, load_settings
from sap_llm.errors import StageError
from sap_llm.profile import OrgProfile, load_profile

log = logging.getLogger(__name__)


class Runtime:
    """Lazily loaded, shared, read-mostly resources of the pipeline."""

    def __init__(
        self,
        settings: Settings | None = None,
        profile: OrgProfile | None = None,
        *,
        profile_path: str | Path | None = None,
        kb: Any | None = None,
        models: Any | None = None,
        history: Any | None = None,
        seen: Any | None = None,
        model_factory: Callable[[], Any] | None = None,
    ) -> None:
        self.settings = settings or load_settings()
        # the org profile: given, or the file named by $SAP_LLM_ORG_PROFILE (how `serve` passes it to
        # Triton's model processes), or the shipped example
        self.profile = profile or load_profile(profile_path or os.environ.get("SAP_LLM_ORG_PROFILE") or None)
        self._lock = threading.RLock()
        self._kb = kb
        self._models = models
        self._history = history
        self._seen = seen
        self._model_factory = model_factory
        #: serialises writes to the history store (SQLite connections are not shared across threads)
        self.history_lock = threading.Lock()

    # ── knowledge base ──────────────────────────────────────────────────────
    @property
    def kb(self) -> Any:
        with self._lock:
            if self._kb is None:
                self._kb = self._load("kb_unavailable", "knowledge base", self._load_kb)
            return self._kb

    def _load_kb(self) -> Any:
        from sap_llm.kb import load_kb

        kb_dir = self.settings.storage.kb_dir
        try:
            return load_kb(kb_dir)
        except FileNotFoundError as exc:
            raise StageError(
                "kb_unavailable",
                f"knowledge base not found at {kb_dir} ({exc}); build it with `sap-llm kb build`",
            ) from exc

    # ── trained models ──────────────────────────────────────────────────────
    @property
    def models(self) -> Any:
        with self._lock:
            if self._models is None:
                self._models = self._load("models_unavailable", "trained models", self._load_models)
            return self._models

    def _load_models(self) -> Any:
        if self._model_factory is not None:
            return self._model_factory()
        from sap_llm.models import load_models

        return load_models(self.settings.models.model_dir)

    # ── history (process memory) ────────────────────────────────────────────
    @property
    def history(self) -> Any:
        with self._lock:
            if self._history is None:
                self._history = self._load("history_unavailable", "document history", self._open_history)
            return self._history

    def _open_history(self) -> Any:
        from sap_llm.history import open_history

        self.settings.storage.history_path.parent.mkdir(parents=True, exist_ok=True)
        return open_history(self.settings)

    # ── duplicate detection for intake ──────────────────────────────────────
    @property
    def seen(self) -> Any:
        with self._lock:
            if self._seen is None:
                self._seen = self._load("seen_unavailable", "seen-document registry", self._open_seen)
            return self._seen

    def _open_seen(self) -> Any:
        from sap_llm.inbox import SeenRegistry

        # beside the history: shared by every process of a server (Triton instances) and kept over restarts
        return SeenRegistry(self.settings.storage.history_path.with_name("seen_documents.sqlite3"))

    # ── helpers ─────────────────────────────────────────────────────────────
    @staticmethod
    def _load(code: str, what: str, loader: Callable[[], Any]) -> Any:
        try:
            return loader()
        except StageError:
            raise
        except ImportError as exc:
            raise StageError(code, f"{what} is not available in this build: {exc}") from exc
        except Exception as exc:
            log.exception("loading %s failed", what)
            raise StageError(code, f"could not load the {what}: {type(exc).__name__}: {exc}") from exc

    def warm_up(self, parts: tuple[str, ...] = ("kb", "models", "history", "seen")) -> dict[str, str]:
        """Load the named resources now; returns ``{part: problem}`` for those that failed (empty = all good)."""
        problems: dict[str, str] = {}
        for part in parts:
            try:
                getattr(self, part)
            except StageError as exc:
                problems[part] = exc.message
        return problems

    def close(self) -> None:
        for name in ("_history", "_seen"):
            resource = getattr(self, name)
            setattr(self, name, None)
            close = getattr(resource, "close", None)
            if callable(close):
                close()
