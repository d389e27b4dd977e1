"""Document history (seed of the process memory graph): what was processed, extracted and decided.

    from sap_llm.history import open_history
    with open_history(settings) as history:          # SQLite (default) or Gremlin, per settings.storage
        history.record(result)                        # a ProcessResult (or its JSON dict)
        po = history.find_purchase_order("4500000123")
"""

from __future__ import annotations

from sap_llm.config import Settings
from sap_llm.config import settings as default_settings
from sap_llm.history.base import HistoryDocument, HistoryEntry, HistoryStore, Party
from sap_llm.history.gremlin import GremlinHistory
from sap_llm.history.sqlite import SqliteHistory


def open_history(settings: Settings | None = None) -> HistoryStore:
    """The configured history store: ``storage.history_backend`` = sqlite (file at ``history_path``)
    or gremlin (``gremlin_url`` ws://... for a server; without a URL, a gremlite graph at ``history_path``)."""
    storage = (settings or default_settings()).storage
    backend = storage.history_backend.lower()
    if backend == "sqlite":
        return SqliteHistory(storage.history_path)
    if backend == "gremlin":
        if storage.gremlin_url:
            return GremlinHistory.remote(storage.gremlin_url)
        return GremlinHistory.local(storage.history_path.with_suffix(".gremlin.sqlite3"))
    raise ValueError(f"unknown history backend {storage.history_backend!r} (use 'sqlite' or 'gremlin')")


__all__ = ["GremlinHistory", "HistoryDocument", "HistoryEntry", "HistoryStore", "Party", "SqliteHistory", "open_history"]
