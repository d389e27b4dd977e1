"""The knowledge base in MongoDB (sap_llm.kb.mongo), against a real MongoDB wire-protocol server.

The server is CongoDB (npm @push.rocks/smartmongo 2.2.0, in memory), started by tests/support/congodb_server.mjs;
install it with ``bash scripts/install_test_servers.sh`` (scripts/install.sh does). Without Node.js or the
package the server tests skip.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import socket
import subprocess
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from sap_llm import paths
from sap_llm.kb import ARTIFACT_FORMAT, KnowledgeBase, load_kb
from sap_llm.kb import mongo as kb_mongo
from sap_llm.kb.mongo import KbNotPublishedError, load_from_mongo, publish_kb, redact

LAUNCHER = Path(__file__).resolve().parent / "support" / "congodb_server.mjs"
NODE_PREFIX = paths.repo_path("var", "node")
COLLECTIONS = ("kb_entities", "kb_services", "kb_search", "kb_meta")
INVOICE_API = "API_SUPPLIERINVOICE_PROCESS_SRV"


# ── the server ──────────────────────────────────────────────────────────────────
@pytest.fixture(scope="module")
def mongo_uri() -> Iterator[str]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: no CongoDB server for the MongoDB tests")
    if not (NODE_PREFIX / "node_modules" / "@push.rocks" / "smartmongo" / "package.json").is_file():
        pytest.skip(f"@push.rocks/smartmongo is not installed under {NODE_PREFIX}: bash scripts/install_test_servers.sh")
    proc = subprocess.Popen(
        [node, str(LAUNCHER), "--port", "0", "--prefix", str(NODE_PREFIX), "--watch-stdin"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    first: list[str] = []
    reader = threading.Thread(target=lambda: first.append(proc.stdout.readline()), daemon=True)  # type: ignore[union-attr]
    reader.start()
    reader.join(timeout=30)
    if not first or not first[0].startswith("PORT "):
        proc.kill()
        _, err = proc.communicate(timeout=10)
        pytest.fail(f"CongoDB server did not start: {first} {err[-2000:]}")
    port = int(first[0].split()[1])
    _wait_for_port(port)
    try:
        yield f"mongodb://127.0.0.1:{port}/"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def _wait_for_port(port: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


@pytest.fixture
def database() -> str:
    """A fresh database name per test (the server is shared by the module)."""
    return f"t_{uuid.uuid4().hex[:12]}"


def _counts(uri: str, database: str) -> dict[str, int]:
    from pymongo import MongoClient

    with MongoClient(uri, serverSelectionTimeoutMS=5000) as client:
        return {name: client[database][name].count_documents({}) for name in COLLECTIONS}


# ── artifacts (built here: independent of the mapping catalogue) ────────────────
def make_artifact(services: list[Any], rules: list[dict[str, Any]]) -> dict[str, Any]:
    mappings = {
        "version": 1,
        "routes": [{"id": "supplier_invoice", "document_type": "SUPPLIER_INVOICE", "subtypes": None,
                    "api": INVOICE_API, "entity_set": "A_SupplierInvoice", "method": "POST",
                    "why": "supplier invoices are posted through the supplier-invoice API", "required": [],
                    "mappings": [{"target": "DocumentDate", "source": "invoice_date", "value": None,
                                  "transform": "identity", "params": {}, "subtypes": None, "note": None}]}],
        "field_mappings": {},
    }  # fmt: skip
    content = {"services": {s.name: s.model_dump(mode="json") for s in services}, "mappings": mappings, "rules": rules}
    version = hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()[:16]
    sources = [{"file": s.source_file, "api": s.name, "odata_version": s.version, "sha256": s.source_sha256}
               for s in services]  # fmt: skip
    artifact = {"format": ARTIFACT_FORMAT, "version": version, "built_at": "2026-12-01T00:00:00+00:00",
                "sources": sources, **content}  # fmt: skip
    return json.loads(json.dumps(artifact))  # what kb.json holds


@pytest.fixture(scope="module")
def artifacts(edmx_dir: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """Two versions: every API, and every API but one with fewer rules."""
    from kb_tools.edmx import parse_dir
    from sap_llm.rules.catalogue import DEFAULT_CATALOGUE

    services = parse_dir(edmx_dir)
    rules = yaml.safe_load(DEFAULT_CATALOGUE.read_text(encoding="utf-8"))["rules"]
    full = make_artifact(services, rules)
    smaller = make_artifact([s for s in services if s.name != "API_SALES_ORDER_SRV"], rules[:3])
    assert full["version"] != smaller["version"]
    return full, smaller


def _kb(artifact: dict[str, Any]) -> KnowledgeBase:
    return KnowledgeBase(json.loads(json.dumps(artifact)))


# ── publish / load ──────────────────────────────────────────────────────────────
def test_publish_then_load_gives_the_same_artifact(mongo_uri: str, database: str, artifacts, tmp_path: Path) -> None:
    artifact, _ = artifacts
    counts = publish_kb(_kb(artifact), mongo_uri, database=database)
    types = sum(len(s["entity_types"]) for s in artifact["services"].values())
    assert counts == {"kb_entities": types, "kb_services": len(artifact["services"]), "kb_search": 0, "kb_meta": 1,
                      "removed": 0}  # fmt: skip

    kb = load_from_mongo(mongo_uri, database=database)
    assert kb.artifact == artifact  # (CongoDB returns 1000.0 as 1000: equal, but not the same JSON; MongoDB keeps it)
    assert list(kb.artifact) == list(artifact)
    assert json.dumps(kb.artifact["services"]) == json.dumps(artifact["services"])  # the same order too
    assert kb.version == artifact["version"] and kb.directory is None
    spec = kb.property_spec(INVOICE_API, "A_SupplierInvoice", "DocumentDate")
    assert spec.type.startswith("Edm.Date")
    assert kb.entity_type(INVOICE_API, "A_SupplierInvoice").keys
    assert kb.route_for("SUPPLIER_INVOICE").entity_set == "A_SupplierInvoice"
    assert len(kb.rules) == len(artifact["rules"])
    assert kb.summary() == KnowledgeBase(artifact).summary()


def test_document_shapes(mongo_uri: str, database: str, artifacts) -> None:
    from pymongo import MongoClient

    artifact, _ = artifacts
    version = artifact["version"]
    publish_kb(_kb(artifact), mongo_uri, database=database)
    with MongoClient(mongo_uri, serverSelectionTimeoutMS=5000) as client:
        db = client[database]
        entity = db["kb_entities"].find_one({"key": f"{version}:{INVOICE_API}:A_SupplierInvoiceType"})
        service = db["kb_services"].find_one({"key": f"{version}:{INVOICE_API}"})
        meta = db["kb_meta"].find_one({"key": version})
    assert entity is not None and service is not None and meta is not None
    assert entity["version"] == entity["kb_version"] == version
    assert entity["api_name"] == INVOICE_API and entity["odata_version"] == "V2"
    assert entity["entity_type"] == "A_SupplierInvoiceType" and entity["namespace"]
    assert "A_SupplierInvoice" in entity["entity_sets"]
    date = next(f for f in entity["fields"] if f["name"] == "DocumentDate")
    assert {"type", "max_length", "precision", "scale", "nullable", "label", "creatable", "updatable"} <= set(date)
    nav = entity["navigation_properties"][0]
    assert set(nav) == {"name", "target_type", "many", "relationship"}
    assert {"namespaces", "description", "entity_sets", "associations", "function_imports", "source_file",
            "source_sha256", "entity_types"} <= set(service)  # fmt: skip
    assert meta["complete"] is True and meta["format"] == ARTIFACT_FORMAT and meta["published_at"]
    assert meta["mappings"] == artifact["mappings"] and meta["rules"] == artifact["rules"]


def test_republishing_is_idempotent(mongo_uri: str, database: str, artifacts) -> None:
    artifact, _ = artifacts
    first = publish_kb(_kb(artifact), mongo_uri, database=database)
    before = _counts(mongo_uri, database)
    second = publish_kb(_kb(artifact), mongo_uri, database=database)
    assert second == first and second["removed"] == 0
    assert _counts(mongo_uri, database) == before
    assert before["kb_entities"] == first["kb_entities"] and before["kb_meta"] == 1
    assert load_from_mongo(mongo_uri, database=database).artifact == artifact


def test_latest_and_pinned_versions(mongo_uri: str, database: str, artifacts) -> None:
    full, smaller = artifacts
    publish_kb(_kb(full), mongo_uri, database=database)
    publish_kb(_kb(smaller), mongo_uri, database=database)
    assert load_from_mongo(mongo_uri, database=database).artifact == smaller
    pinned = load_from_mongo(mongo_uri, database=database, version=full["version"])
    assert pinned.artifact == full and pinned.has_entity_set("API_SALES_ORDER_SRV")
    assert not load_from_mongo(mongo_uri, database=database).has_entity_set("API_SALES_ORDER_SRV")
    with pytest.raises(KbNotPublishedError, match="0123456789abcdef"):
        load_from_mongo(mongo_uri, database=database, version="0123456789abcdef")
    publish_kb(_kb(full), mongo_uri, database=database)  # re-publishing an older version makes it the latest
    assert load_from_mongo(mongo_uri, database=database).version == full["version"]


def test_a_version_without_its_meta_document_is_invisible(mongo_uri: str, database: str, artifacts) -> None:
    """kb_meta is written last: a publish that died half-way leaves the previous version in charge."""
    from pymongo import MongoClient

    full, smaller = artifacts
    publish_kb(_kb(full), mongo_uri, database=database)
    publish_kb(_kb(smaller), mongo_uri, database=database)
    with MongoClient(mongo_uri, serverSelectionTimeoutMS=5000) as client:
        assert client[database]["kb_meta"].delete_many({"key": smaller["version"]}).deleted_count == 1
    assert load_from_mongo(mongo_uri, database=database).version == full["version"]
    with pytest.raises(KbNotPublishedError):
        load_from_mongo(mongo_uri, database=database, version=smaller["version"])


def test_search_files_are_stored_and_restored(mongo_uri: str, database: str, artifacts, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    artifact, _ = artifacts
    monkeypatch.setattr(kb_mongo, "CHUNK_BYTES", 1000)  # a 2,500-byte file goes in 3 chunks
    search = tmp_path / "kb" / "search"
    search.mkdir(parents=True)
    files = {"index.faiss": bytes(range(256)) * 10 + b"xyz" * 100 + b"\0" * 140, "entries.json": b"[]",
             "meta.json": json.dumps({"model": "test"}).encode()}  # fmt: skip
    for name, data in files.items():
        (search / name).write_bytes(data)
    counts = publish_kb(KnowledgeBase(artifact, tmp_path / "kb"), mongo_uri, database=database)
    assert counts["kb_search"] == 3 + 1 + 1

    cache = tmp_path / "cache"
    kb = load_from_mongo(mongo_uri, database=database, cache_dir=cache)
    assert kb.directory == cache and kb.artifact == artifact
    assert {p.name: p.read_bytes() for p in (cache / "search").iterdir()} == files
    assert load_kb(cache).artifact == artifact  # the cache is a complete artifact folder
    assert load_from_mongo(mongo_uri, database=database, cache_dir=cache).directory == cache  # cache reused

    counts = publish_kb(_kb(artifact), mongo_uri, database=database)  # again without the index: its files go
    assert counts["kb_search"] == 0 and counts["removed"] == 5
    assert _counts(mongo_uri, database)["kb_search"] == 0
    assert load_from_mongo(mongo_uri, database=database).directory is None


# ── errors ──────────────────────────────────────────────────────────────────────
def test_empty_database_is_a_clear_lookup_error(mongo_uri: str, database: str) -> None:
    with pytest.raises(KbNotPublishedError, match="holds no complete knowledge base") as caught:
        load_from_mongo(mongo_uri, database=database)
    assert isinstance(caught.value, LookupError) and isinstance(caught.value, FileNotFoundError)
    assert "sap-llm kb publish" in str(caught.value)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_unreachable_server_is_a_quick_connection_error(artifacts) -> None:
    uri = f"mongodb://reader:s3cret@127.0.0.1:{_free_port()}/"
    started = time.monotonic()
    with pytest.raises(ConnectionError, match=r"reader:\*\*\*@127\.0\.0\.1") as caught:
        load_from_mongo(uri, timeout_ms=300)
    assert time.monotonic() - started < 5
    assert "s3cret" not in str(caught.value)
    with pytest.raises(ConnectionError):
        publish_kb(_kb(artifacts[1]), uri, timeout_ms=300)
    started = time.monotonic()
    with pytest.raises(ConnectionError):  # a timeout in the URI wins over the default
        load_kb(mongodb_uri=f"{uri}?serverSelectionTimeoutMS=300")
    assert time.monotonic() - started < 3


def test_redact() -> None:
    assert redact("mongodb://u:p%40ss@h:27017/db?authSource=admin") == "mongodb://u:***@h:27017/db?authSource=admin"
    assert redact("mongodb+srv://u:pw@cluster.example.net/") == "mongodb+srv://u:***@cluster.example.net/"
    assert redact("mongodb://h1:1,h2:2/") == "mongodb://h1:1,h2:2/"
    with pytest.raises(ValueError, match="bad MongoDB URI"):
        load_from_mongo("mongodb://u:pw@h:notaport/")


# ── the CLI ─────────────────────────────────────────────────────────────────────
def test_cli_publish_then_load_kb(mongo_uri: str, artifacts, tmp_path: Path) -> None:
    from pymongo import MongoClient
    from typer.testing import CliRunner

    from sap_llm.cli import app

    artifact, _ = artifacts
    kb_dir = tmp_path / "kb"
    kb_dir.mkdir()
    (kb_dir / "kb.json").write_text(json.dumps(artifact), encoding="utf-8")
    with MongoClient(mongo_uri, serverSelectionTimeoutMS=5000) as client:
        client.drop_database("sap_llm")  # load_kb(mongodb_uri=...) reads the default database
    result = CliRunner().invoke(app, ["kb", "publish", "--mongodb-uri", mongo_uri, "--kb", str(kb_dir)])
    assert result.exit_code == 0, result.output
    output = " ".join(result.output.split())  # rich wraps long lines
    assert f"published knowledge base {artifact['version']} to sap_llm" in output
    assert '"kb_entities": ' in output
    assert load_kb(mongodb_uri=mongo_uri).artifact == artifact
