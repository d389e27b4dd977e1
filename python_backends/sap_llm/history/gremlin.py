"""Gremlin backend of the document history: the same graph, written and queried with gremlinpython.

Every read and write here is a Gremlin traversal (``g.V().has(...)``,
``addV``/``addE``, ``out('HAS_EXTRACTION')``), so the backend runs against any
TinkerPop server. Locally it runs on ``gremlite`` (gremlinpython's bytecode
executed on SQLite); ``GremlinHistory.remote(url)`` connects to a Gremlin
Server / JanusGraph / Neptune / Cosmos DB endpoint instead.

Vertices carry our string id in the property ``key`` (servers assign their own
element ids); complex values (fields, line items) are JSON strings because not
every provider stores nested maps.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from gremlin_python.process.anonymous_traversal import traversal
from gremlin_python.process.graph_traversal import GraphTraversalSource, __
from gremlin_python.process.traversal import Cardinality, P

from sap_llm.history.base import INDEXED, HistoryDocument, HistoryEntry, HistoryStore

_DOC_PROPS = ("source", "document_type", "subtype", "status", "number", "recorded_at")
_OWN_EDGES = ("HAS_EXTRACTION", "ROUTED_AS", "RAISED")


class GremlinHistory(HistoryStore):
    def __init__(self, g: GraphTraversalSource, *, connection: Any = None):
        self.g = g
        self._connection = connection

    @classmethod
    def local(cls, path: str | Path) -> GremlinHistory:
        """A graph in a SQLite file through gremlite (no server needed)."""
        from gremlite import SQLiteConnection

        Path(path).parent.mkdir(parents=True, exist_ok=True)
        remote = SQLiteConnection(str(path), timeout=30.0)
        remote.con.execute("PRAGMA journal_mode=WAL")
        return cls(traversal().with_remote(remote), connection=remote)

    @classmethod
    def remote(cls, url: str, traversal_source: str = "g") -> GremlinHistory:
        """A Gremlin Server endpoint (``ws://host:8182/gremlin``)."""
        from gremlin_python.driver.driver_remote_connection import DriverRemoteConnection

        remote = DriverRemoteConnection(url, traversal_source)
        return cls(traversal().with_remote(remote), connection=remote)

    # ── transactions (gremlite: commit on its connection; servers commit per request) ─
    def _commit(self) -> None:
        if hasattr(self._connection, "commit"):
            self._connection.commit()

    def _rollback(self) -> None:
        if hasattr(self._connection, "rollback"):
            self._connection.rollback()

    def _vertex_id(self, label: str, key: str) -> Any | None:
        ids = self.g.V().has(label, "key", key).id_().toList()
        return ids[0] if ids else None

    # ── primitives ─────────────────────────────────────────────────────────
    def _store(self, entry: HistoryEntry) -> None:
        g = self.g
        doc_key = entry.document_id
        props: dict[str, Any] = {k: getattr(entry, k) for k in _DOC_PROPS + INDEXED}
        props["seq"] = time.time_ns()
        if entry.error:
            props["error"] = json.dumps(entry.error, default=str)
        try:
            vid = self._vertex_id("Document", doc_key)
            if vid is None:
                vid = g.addV("Document").property("key", doc_key).id_().next()
            else:
                g.V(vid).out(*_OWN_EDGES).drop().toList()
            for name, value in props.items():
                if value is None:
                    g.V(vid).properties(name).drop().toList()
                else:
                    g.V(vid).property(Cardinality.single, name, value).toList()
            self._attach(vid, f"{doc_key}/extraction", "Extraction", "HAS_EXTRACTION",
                         {"fields": entry.fields, "line_items": entry.line_items})
            if entry.routing:
                self._attach(vid, f"{doc_key}/routing", "RoutingDecision", "ROUTED_AS", entry.routing)
            for n, issue in enumerate(entry.issues):
                self._attach(vid, f"{doc_key}/exception/{n}", "Exception", "RAISED", issue)
        except Exception:
            self._rollback()
            raise
        self._commit()

    def _attach(self, doc_vid: Any, key: str, label: str, edge: str, data: dict[str, Any]) -> None:
        new = self.g.addV(label).property("key", key).property("data", json.dumps(data, default=str)).id_().next()
        self.g.V(new).as_("target").V(doc_vid).addE(edge).to("target").toList()

    def get(self, document_id: str) -> HistoryDocument | None:
        vid = self._vertex_id("Document", document_id)
        return None if vid is None else self._document(vid)

    def _document(self, vid: Any) -> HistoryDocument:
        props = self.g.V(vid).elementMap().next()
        data = self.g.V(vid).out("HAS_EXTRACTION").values("data").toList()
        ext = json.loads(data[0]) if data else {}
        return HistoryDocument(document_id=props["key"], **{k: props.get(k) for k in _DOC_PROPS},
                               fields=ext.get("fields") or {}, line_items=ext.get("line_items") or [])

    def _find(self, document_types: tuple[str, ...] | None = None, **equals: Any) -> list[HistoryDocument]:
        unknown = set(equals) - set(INDEXED)
        if unknown:
            raise ValueError(f"not an indexed property: {sorted(unknown)}")
        t = self.g.V().hasLabel("Document")
        for name, value in equals.items():
            t = t.has(name, value)
        if document_types:
            t = t.has("document_type", P.within(list(document_types)))
        rows = t.project("id", "seq").by(__.id_()).by("seq").toList()
        rows.sort(key=lambda r: r["seq"])
        return [self._document(r["id"]) for r in rows]

    def _add_reference(self, from_id: str, to_id: str) -> None:
        if from_id == to_id:
            return
        out_vid = self._vertex_id("Document", from_id)
        in_vid = self._vertex_id("Document", to_id)
        if out_vid is None or in_vid is None:
            return
        existing = self.g.V(out_vid).out("REFERENCES").id_().toList()
        if in_vid in existing:
            return
        try:
            self.g.V(in_vid).as_("target").V(out_vid).addE("REFERENCES").to("target").toList()
        except Exception:
            self._rollback()
            raise
        self._commit()

    def edges(self, document_id: str) -> list[tuple[str, str, str]]:
        vid = self._vertex_id("Document", document_id)
        if vid is None:
            return []
        rows = self.g.V(vid).outE().project("edge", "label", "key").by(__.label()).by(
            __.inV().label()).by(__.inV().values("key")).toList()
        return [(r["edge"], r["label"], r["key"]) for r in rows]

    def references_to(self, document_id: str) -> list[str]:
        vid = self._vertex_id("Document", document_id)
        if vid is None:
            return []
        return list(self.g.V(vid).in_("REFERENCES").values("key").toList())

    def count(self, label: str = "Document") -> int:
        return int(self.g.V().hasLabel(label).count().next())

    def close(self) -> None:
        if self._connection is not None and hasattr(self._connection, "close"):
            self._connection.close()

