"""Which documents were seen before: duplicates are flagged, never dropped.

An in-memory set, optionally backed by a small SQLite file so that the memory
survives restarts. The history store of the validation stage can replace it
later (anything with ``seen_before(document_id) -> bool`` will do).
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from pathlib import Path
from typing import Protocol

log = logging.getLogger(__name__)


class SeenLookup(Protocol):
    def seen_before(self, document_id: str, source: str | None = None) -> bool: ...


class SeenRegistry:
    """``seen_before`` records a document id and says whether it had been recorded already."""

    def __init__(self, path: str | Path | None = None) -> None:
        self._ids: set[str] = set()
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        if path is not None:
            path = Path(path)
            path.parent.mkdir(parents=True, exist_ok=True)
            # several server processes may share the file: WAL lets readers and one writer overlap,
            # and the timeout makes a writer wait for another instead of failing
            self._db = sqlite3.connect(str(path), check_same_thread=False, timeout=30.0)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS seen_documents ("
                " document_id TEXT PRIMARY KEY, first_source TEXT,"
                " first_seen TEXT DEFAULT CURRENT_TIMESTAMP)"
            )
            self._db.commit()

    def seen_before(self, document_id: str, source: str | None = None) -> bool:
        with self._lock:
            if document_id in self._ids:
                return True
            self._ids.add(document_id)
            if self._db is None:
                return False
            try:
                cursor = self._db.execute(
                    "INSERT OR IGNORE INTO seen_documents (document_id, first_source) VALUES (?, ?)",
                    (document_id, source),
                )
                self._db.commit()
            except sqlite3.Error as exc:  # a registry problem must never reject a document
                log.warning("seen-document registry unavailable (%s); %s treated as new", exc, document_id[:12])
                return False
            return cursor.rowcount == 0  # the row was already there

    def __contains__(self, document_id: str) -> bool:
        with self._lock:
            if document_id in self._ids:
                return True
            if self._db is None:
                return False
            row = self._db.execute("SELECT 1 FROM seen_documents WHERE document_id = ?", (document_id,)).fetchone()
            return row is not None

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None
