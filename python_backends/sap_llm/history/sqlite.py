"""SQLite backend of the document history: a property graph in two tables plus an index table.

* ``vertices(id, label, properties JSON)`` and ``edges(label, out_id, in_id)``:
  the process memory graph (Document, Extraction, RoutingDecision, Exception;
  HAS_EXTRACTION, ROUTED_AS, RAISED, REFERENCES).
* ``documents``: one row per Document with the indexed look-up keys (number,
  PO reference, supplier VAT / name, total, date) so validation's questions are
  index look-ups, not graph scans.
* ``schema_migrations``: applied schema versions; migrations run in order at
  open, inside a transaction, so an old file is upgraded in place.

WAL journal + busy timeout: several processes (Triton instances, CLI runs) can
read while one writes. Each public call is its own transaction.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sap_llm.history.base import INDEXED, HistoryDocument, HistoryEntry, HistoryStore

MIGRATIONS: list[tuple[int, str, str]] = [
    (1, "process memory graph: vertices and edges", """
        CREATE TABLE vertices (
            id TEXT PRIMARY KEY,
            label TEXT NOT NULL,
            properties TEXT NOT NULL DEFAULT '{}',
            created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
        );
        CREATE INDEX vertices_label ON vertices(label);
        CREATE TABLE edges (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            label TEXT NOT NULL,
            out_id TEXT NOT NULL REFERENCES vertices(id) ON DELETE CASCADE,
            in_id TEXT NOT NULL REFERENCES vertices(id) ON DELETE CASCADE,
            properties TEXT NOT NULL DEFAULT '{}',
            created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
            UNIQUE (label, out_id, in_id)
        );
        CREATE INDEX edges_out ON edges(out_id, label);
        CREATE INDEX edges_in ON edges(in_id, label);
    """),
    (2, "document look-up index", """
        CREATE TABLE documents (
            document_id TEXT PRIMARY KEY REFERENCES vertices(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            document_type TEXT,
            number_key TEXT,
            loose_number_key TEXT,
            po_number_key TEXT,
            original_invoice_key TEXT,
            supplier_vat TEXT,
            supplier_name_key TEXT,
            total_cents INTEGER,
            document_date TEXT
        );
        CREATE INDEX documents_type_number ON documents(document_type, number_key);
        CREATE INDEX documents_po ON documents(po_number_key, document_type);
        CREATE INDEX documents_vat_number ON documents(supplier_vat, number_key);
        CREATE INDEX documents_name_number ON documents(supplier_name_key, number_key);
        CREATE INDEX documents_vat_amount_date ON documents(supplier_vat, total_cents, document_date);
        CREATE INDEX documents_name_amount_date ON documents(supplier_name_key, total_cents, document_date);
        CREATE INDEX documents_original ON documents(original_invoice_key);
    """),
]
SCHEMA_VERSION = MIGRATIONS[-1][0]
_DOC_PROPS = ("source", "document_type", "subtype", "status", "number", "recorded_at")
# column names come from the INDEXED constant, never from input
_INSERT_DOCUMENT = (
    f"INSERT OR REPLACE INTO documents(document_id, seq, {', '.join(INDEXED)})"  # noqa: S608
    f" VALUES (?, ?, {', '.join('?' for _ in INDEXED)})"
)


class SqliteHistory(HistoryStore):
    def __init__(self, path: str | Path, *, timeout: float = 30.0):
        self.path = Path(path)
        if str(path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._con = sqlite3.connect(str(path), timeout=timeout, isolation_level=None, check_same_thread=False)
        self._con.row_factory = sqlite3.Row
        self._con.execute("PRAGMA journal_mode=WAL")
        self._con.execute("PRAGMA foreign_keys=ON")
        self._con.execute("PRAGMA synchronous=NORMAL")
        self._migrate()

    # ── schema ─────────────────────────────────────────────────────────────
    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        self._con.execute("BEGIN IMMEDIATE")
        try:
            yield self._con
        except BaseException:
            self._con.execute("ROLLBACK")
            raise
        self._con.execute("COMMIT")

    def _migrate(self) -> None:
        with self._tx() as con:
            con.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL,"
                " applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')))"
            )
            applied = {row[0] for row in con.execute("SELECT version FROM schema_migrations")}
            for version, description, sql in MIGRATIONS:
                if version in applied:
                    continue
                for statement in (s.strip() for s in sql.split(";")):
                    if statement:
                        con.execute(statement)
                con.execute("INSERT INTO schema_migrations(version, description) VALUES (?, ?)", (version, description))

    def schema_versions(self) -> list[int]:
        return [row[0] for row in self._con.execute("SELECT version FROM schema_migrations ORDER BY version")]

    # ── primitives ─────────────────────────────────────────────────────────
    def _store(self, entry: HistoryEntry) -> None:
        doc_id = entry.document_id
        doc_props = {k: getattr(entry, k) for k in _DOC_PROPS}
        if entry.error:
            doc_props["error"] = entry.error
        with self._tx() as con:
            # replace: drop the document's own sub-vertices (cascade removes their edges); keep REFERENCES
            con.execute("DELETE FROM vertices WHERE id LIKE ? ESCAPE '\\'", (_like_prefix(doc_id + "/"),))
            con.execute(
                "INSERT INTO vertices(id, label, properties) VALUES (?, 'Document', ?)"
                " ON CONFLICT(id) DO UPDATE SET properties = excluded.properties",
                (doc_id, json.dumps(doc_props, default=str)),
            )
            self._vertex_with_edge(con, doc_id, f"{doc_id}/extraction", "Extraction", "HAS_EXTRACTION",
                                   {"fields": entry.fields, "line_items": entry.line_items})
            if entry.routing:
                self._vertex_with_edge(con, doc_id, f"{doc_id}/routing", "RoutingDecision", "ROUTED_AS", entry.routing)
            for n, issue in enumerate(entry.issues):
                self._vertex_with_edge(con, doc_id, f"{doc_id}/exception/{n}", "Exception", "RAISED", issue)
            seq = con.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM documents").fetchone()[0]
            con.execute(_INSERT_DOCUMENT, (doc_id, seq, *(getattr(entry, k) for k in INDEXED)))

    @staticmethod
    def _vertex_with_edge(con: sqlite3.Connection, doc_id: str, vid: str, label: str, edge: str,
                          props: dict[str, Any]) -> None:
        con.execute("INSERT INTO vertices(id, label, properties) VALUES (?, ?, ?)", (vid, label, json.dumps(props, default=str)))
        con.execute("INSERT OR IGNORE INTO edges(label, out_id, in_id) VALUES (?, ?, ?)", (edge, doc_id, vid))

    def get(self, document_id: str) -> HistoryDocument | None:
        row = self._con.execute(
            "SELECT d.properties AS doc, x.properties AS ext FROM vertices d"
            " LEFT JOIN vertices x ON x.id = d.id || '/extraction'"
            " WHERE d.id = ? AND d.label = 'Document'",
            (document_id,),
        ).fetchone()
        return None if row is None else _document(document_id, row["doc"], row["ext"])

    def _find(self, document_types: tuple[str, ...] | None = None, **equals: Any) -> list[HistoryDocument]:
        unknown = set(equals) - set(INDEXED)
        if unknown:
            raise ValueError(f"not an indexed property: {sorted(unknown)}")
        clauses, params = [], []
        for name, value in equals.items():
            clauses.append(f"i.{name} = ?")  # names checked against INDEXED above
            params.append(value)
        if document_types:
            clauses.append(f"i.document_type IN ({', '.join('?' for _ in document_types)})")
            params.extend(document_types)
        where = " AND ".join(clauses) or "1"
        rows = self._con.execute(
            "SELECT i.document_id, d.properties AS doc, x.properties AS ext FROM documents i"  # noqa: S608
            " JOIN vertices d ON d.id = i.document_id"
            " LEFT JOIN vertices x ON x.id = i.document_id || '/extraction'"
            f" WHERE {where} ORDER BY i.seq",
            params,
        ).fetchall()
        return [_document(r["document_id"], r["doc"], r["ext"]) for r in rows]

    def _add_reference(self, from_id: str, to_id: str) -> None:
        if from_id == to_id:
            return
        with self._tx() as con:
            con.execute("INSERT OR IGNORE INTO edges(label, out_id, in_id) VALUES ('REFERENCES', ?, ?)", (from_id, to_id))

    def edges(self, document_id: str) -> list[tuple[str, str, str]]:
        rows = self._con.execute(
            "SELECT e.label, v.label AS target_label, v.id FROM edges e JOIN vertices v ON v.id = e.in_id"
            " WHERE e.out_id = ? ORDER BY e.id",
            (document_id,),
        ).fetchall()
        return [(r[0], r[1], r[2]) for r in rows]

    def references_to(self, document_id: str) -> list[str]:
        rows = self._con.execute(
            "SELECT out_id FROM edges WHERE in_id = ? AND label = 'REFERENCES' ORDER BY id", (document_id,)
        ).fetchall()
        return [r[0] for r in rows]

    def count(self, label: str = "Document") -> int:
        return self._con.execute("SELECT COUNT(*) FROM vertices WHERE label = ?", (label,)).fetchone()[0]

    def close(self) -> None:
        self._con.close()


def _like_prefix(prefix: str) -> str:
    return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _document(document_id: str, doc_json: str, ext_json: str | None) -> HistoryDocument:
    props = json.loads(doc_json)
    ext = json.loads(ext_json) if ext_json else {}
    return HistoryDocument(document_id=document_id, **{k: props.get(k) for k in _DOC_PROPS},
                           fields=ext.get("fields") or {}, line_items=ext.get("line_items") or [])
