"""The document history: the same behaviour from the SQLite and the Gremlin (gremlite) backends."""

from __future__ import annotations

import sqlite3

import pytest

from sap_llm.history import GremlinHistory, HistoryEntry, Party, SqliteHistory, open_history
from sap_llm.records import ProcessResult

SUPPLIER = {"supplier_name": "Schneider Metallbau GmbH", "supplier_vat_id": "DE129891236"}


def result(doc_id, doc_type, fields, line_items=(), status="touchless", issues=(), routing=None):
    return ProcessResult(
        document_id=doc_id, source=f"{doc_id}.pdf", document_type=doc_type, subtype=None,
        fields=fields, line_items=list(line_items), status=status,
        validation={"passed": not issues, "issues": list(issues)}, routing=routing,
    )


PO = result("po1", "PURCHASE_ORDER", {"po_number": "4500000123", "po_date": "2024-11-01", "currency": "EUR", **SUPPLIER},
            [{"item": "10", "material": "M-1", "quantity": 10, "unit_price": 100.0, "net_amount": 1000.0}])
GR = result("gr1", "GOODS_RECEIPT", {"document_number": "5000000001", "po_number": "4500000123", **SUPPLIER},
            [{"item": "10", "material": "M-1", "quantity": 10}])
INV = result("inv1", "SUPPLIER_INVOICE",
             {"invoice_number": "RE-2024-0815", "invoice_date": "2024-11-18", "total_amount": 1190.0,
              "po_number": "4500000123", **SUPPLIER},
             [{"item": "10", "material": "M-1", "quantity": 10, "unit_price": 100.0, "net_amount": 1000.0}],
             status="needs_review",
             issues=[{"rule_id": "BR_001", "severity": "ERROR", "message": "wrong total", "field": "total_amount"},
                     {"rule_id": "BR_900", "severity": "INFO", "message": "fyi"}],
             routing={"api": "API_SUPPLIERINVOICE_PROCESS_SRV", "entity_set": "A_SupplierInvoice", "method": "POST",
                      "payload": {}, "confidence": 0.9, "reasons": []})


@pytest.fixture(params=["sqlite", "gremlin"])
def store(request, tmp_path):
    s = SqliteHistory(tmp_path / "h.sqlite3") if request.param == "sqlite" else GremlinHistory.local(tmp_path / "g.sqlite3")
    yield s
    s.close()


def test_record_and_get_roundtrip(store):
    store.record(INV)
    doc = store.get("inv1")
    assert doc.document_type == "SUPPLIER_INVOICE" and doc.status == "needs_review"
    assert doc.fields["invoice_number"] == "RE-2024-0815" and doc.line_items[0]["material"] == "M-1"
    assert doc.number == "RE-2024-0815"
    assert store.get("nope") is None


def test_graph_vertices_and_edges(store):
    store.record(INV)
    labels = sorted((e[0], e[1]) for e in store.edges("inv1"))
    # only ERROR/WARNING issues become Exception vertices
    assert labels == [("HAS_EXTRACTION", "Extraction"), ("RAISED", "Exception"), ("ROUTED_AS", "RoutingDecision")]
    assert store.count("Document") == 1 and store.count("Exception") == 1


def test_rerecording_replaces_not_duplicates(store):
    store.record(INV)
    store.record(INV)
    assert store.count("Document") == 1 and store.count("Extraction") == 1 and store.count("Exception") == 1


def test_po_and_goods_receipts_and_references(store):
    store.record(INV)  # the invoice arrives before its PO: linked when the PO comes
    store.record(PO)
    store.record(GR)
    po = store.find_purchase_order("45000-00123")  # formatting-insensitive
    assert po and po.document_id == "po1" and po.line_items[0]["quantity"] == 10
    assert [d.document_id for d in store.goods_receipts_for_po("4500000123")] == ["gr1"]
    assert sorted(store.references_to("po1")) == ["gr1", "inv1"]
    assert ("REFERENCES", "Document", "po1") in store.edges("gr1")
    assert [d.document_id for d in store.invoices_for_po("4500000123")] == ["inv1"]
    assert store.find_purchase_order("999") is None


def test_duplicates_exact_and_fuzzy(store):
    store.record(INV)
    supplier = Party.supplier_of(SUPPLIER)
    assert [d.document_id for d in store.invoices_by_vendor_number(supplier, "re-2024-0815")] == ["inv1"]
    assert store.invoices_by_vendor_number(supplier, "RE-2024-0815", exclude_document_id="inv1") == []
    # same vendor by name only (VAT not read on the second copy)
    by_name = Party.supplier_of({"supplier_name": "SCHNEIDER METALLBAU GMBH"})
    assert [d.document_id for d in store.invoices_by_vendor_number(by_name, "RE20240815")] == ["inv1"]
    other = Party.supplier_of({"supplier_name": "Acme Ltd", "supplier_vat_id": "GB980780684"})
    assert store.invoices_by_vendor_number(other, "RE-2024-0815") == []
    fuzzy = store.fuzzy_duplicates(supplier, "2024/000815", 1190.0, "2024-11-18")
    assert [d.document_id for d in fuzzy] == ["inv1"]
    assert store.fuzzy_duplicates(supplier, "2024/000815", 1190.5, "2024-11-18") == []  # other amount
    assert store.fuzzy_duplicates(supplier, "2024/000815", 1190.0, "2024-11-19") == []  # other date
    assert store.fuzzy_duplicates(supplier, "RE-2024-0815", 1190.0, "2024-11-18") == []  # exact → not fuzzy


def test_entry_requires_document_id():
    with pytest.raises(ValueError, match="document_id"):
        HistoryEntry.from_result({"document_id": None, "fields": {}})


def test_sqlite_schema_migrations_and_wal(tmp_path):
    path = tmp_path / "h.sqlite3"
    SqliteHistory(path).close()
    store = SqliteHistory(path)  # reopening applies nothing twice
    assert store.schema_versions() == [1, 2]
    store.close()
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    indices = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert {"documents_po", "documents_vat_number", "edges_out"} <= indices


def test_open_history_uses_settings(tmp_path):
    from sap_llm.config import Settings

    s = Settings.model_validate({"storage": {"history_path": str(tmp_path / "x.sqlite3")}})
    with open_history(s) as h:
        assert isinstance(h, SqliteHistory)
    s = Settings.model_validate({"storage": {"history_backend": "gremlin", "history_path": str(tmp_path / "x.sqlite3")}})
    with open_history(s) as h:
        assert isinstance(h, GremlinHistory)
    with pytest.raises(ValueError, match="unknown history backend"):
        open_history(Settings.model_validate({"storage": {"history_backend": "nosql"}}))


def test_old_schema_is_migrated_in_place(tmp_path):
    from sap_llm.history.sqlite import MIGRATIONS

    path = tmp_path / "old.sqlite3"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL,"
                " applied_at TEXT NOT NULL DEFAULT 'then')")
    version, description, sql = MIGRATIONS[0]
    con.executescript(sql)
    con.execute("INSERT INTO schema_migrations(version, description) VALUES (?, ?)", (version, description))
    con.commit()
    con.close()
    with SqliteHistory(path) as store:
        assert store.schema_versions() == [1, 2]
        store.record(PO)
        assert store.find_purchase_order("4500000123").document_id == "po1"


WRITER = """
import sys
from sap_llm.history import SqliteHistory
from sap_llm.records import ProcessResult
with SqliteHistory(sys.argv[1]) as h:
    for i in range(40):
        h.record(ProcessResult(document_id=f"{sys.argv[2]}-{i}", source="x.pdf", document_type="SUPPLIER_INVOICE",
                               fields={"invoice_number": f"{sys.argv[2]}-{i}", "supplier_name": "A"}, status="touchless"))
"""


def test_concurrent_writers_lose_nothing(tmp_path):
    import subprocess
    import sys

    db = str(tmp_path / "shared.sqlite3")
    SqliteHistory(db).close()
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, db, name]) for name in ("a", "b")]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    with SqliteHistory(db) as store:
        assert store.count("Document") == 80 and store.count("Extraction") == 80


def test_decimal_values_from_a_plain_dict_are_stored(store):
    from decimal import Decimal

    store.record({"document_id": "d1", "document_type": "SUPPLIER_INVOICE", "status": "touchless",
                  "fields": {"invoice_number": "1", "total_amount": Decimal("10.50")}})
    assert store.get("d1").fields["total_amount"] == "10.50"
    assert store.same_amount_and_date(Party.supplier_of({"supplier_name": "x"}), 10.5, None) == []
