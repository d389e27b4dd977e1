"""The knowledge base in MongoDB, for teams that share one: ``sap-llm kb publish`` and ``load_kb(mongodb_uri=...)``.

Collections (database ``sap_llm`` unless told), every document with ``key`` (readable, unique), ``version`` and
``kb_version`` (both the KB version), and ``_id`` = an ObjectId derived from ``key`` (so re-publishing upserts the
same documents; some MongoDB-compatible servers only take ObjectId ``_id`` s):

* ``kb_entities``  one per (API, entity type), key ``<version>:<api>:<entity type>``: ``api_name``,
  ``odata_version``, ``entity_type``, ``namespace``, ``keys``, ``label``, ``entity_sets`` (names of the sets of
  this type), ``fields`` (the property specs) and ``navigation_properties``;
* ``kb_services``  one per API, key ``<version>:<api>``: ``namespaces``, ``description``, ``entity_sets``,
  ``associations``, ``function_imports``, ``source_file``, ``source_sha256``, ``entity_types`` (names, in order);
* ``kb_search``    the semantic index's files, key ``<version>:<file>:<chunk>``, ``data`` in chunks of 8 MB;
* ``kb_meta``      one per version, key ``<version>``: the artifact's other fields (format, built_at, sources,
  mappings, rules), ``published_at`` and ``complete: true``. Written last: a reader never sees half a version.

The latest version is the complete one published last (re-publishing an older version makes it the latest again).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sap_llm.kb import ARTIFACT_FILE, SEARCH_DIR, KnowledgeBase
from sap_llm.kb.model import EntityTypeSpec, ServiceSpec

ENTITIES, SERVICES, SEARCH, META = "kb_entities", "kb_services", "kb_search", "kb_meta"
CHUNK_BYTES = 8 * 1024 * 1024  # below MongoDB's 16 MB document limit
BATCH = 100  # documents per reply: a server that does not split replies at 16 MB still gets small ones
DEFAULT_TIMEOUT_MS = 5000
_OWN = {"_id", "key", "version", "kb_version", "api_name", "odata_version"}  # bookkeeping, not spec content
_ENTITY_OWN = _OWN | {"entity_type", "entity_sets", "fields", "navigation_properties"}
_META_OWN = {"_id", "key", "kb_version", "apis", "artifact_keys", "published_at", "complete", "counts"}


class KbNotPublishedError(FileNotFoundError, LookupError):
    """The database holds no complete knowledge base (or not the version asked for)."""


def redact(uri: str) -> str:
    """The URI without its password: ``mongodb://user:***@host/``."""
    return re.sub(r"(mongodb(?:\+srv)?://[^:/@]*:)[^@/]*@", r"\1***@", uri)


@contextlib.contextmanager
def _database(uri: str, database: str, timeout_ms: int) -> Iterator[Any]:
    from pymongo import MongoClient
    from pymongo.errors import ConfigurationError, ConnectionFailure

    timeouts = {"serverSelectionTimeoutMS": timeout_ms, "connectTimeoutMS": timeout_ms}  # the URI's own win
    try:
        client: Any = MongoClient(uri, appname="sap_llm.kb", tz_aware=True,
                                  **{k: v for k, v in timeouts.items() if k.lower() not in uri.lower()})  # fmt: skip
    except (ConfigurationError, ValueError) as exc:
        raise ValueError(f"bad MongoDB URI {redact(uri)}: {exc}") from None
    try:
        client.admin.command("ping")
        yield client[database]
    except ConnectionFailure as exc:
        reason = str(exc).split(", Timeout:")[0].replace(uri, redact(uri))
        raise ConnectionError(f"MongoDB at {redact(uri)} is unreachable: {reason}") from None
    finally:
        client.close()


def _doc(key: str, version: str, **fields: Any) -> dict[str, Any]:
    from bson import ObjectId

    return {"_id": ObjectId(hashlib.sha256(key.encode()).digest()[:12]), "key": key, "version": version,
            "kb_version": version, **fields}  # fmt: skip


def _ordered(data: dict[str, Any], model: Any) -> dict[str, Any]:
    order = list(model.model_fields)
    return dict(
        sorted(data.items(), key=lambda item: order.index(item[0]) if item[0] in order else len(order))
    )


def _search_docs(kb: KnowledgeBase) -> list[dict[str, Any]]:
    folder = kb.directory / SEARCH_DIR if kb.directory is not None else None
    if folder is None or not folder.is_dir():
        return []
    from bson import Binary

    docs = []
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        data = path.read_bytes()
        chunks = [data[i : i + CHUNK_BYTES] for i in range(0, len(data), CHUNK_BYTES)] or [b""]
        digest = hashlib.sha256(data).hexdigest()
        docs += [_doc(f"{kb.version}:{path.name}:{i}", kb.version, name=path.name, chunk=i, chunks=len(chunks),
                      size=len(data), sha256=digest, data=Binary(chunk)) for i, chunk in enumerate(chunks)]  # fmt: skip
    return docs


def publish_kb(kb: KnowledgeBase, uri: str, *, database: str = "sap_llm",
               timeout_ms: int = DEFAULT_TIMEOUT_MS) -> dict[str, int]:  # fmt: skip
    """Upsert ``kb`` into ``database``; returns the documents written per collection (and stale ones removed)."""
    from pymongo import ReplaceOne

    version, artifact = kb.version, kb.artifact
    docs: dict[str, list[dict[str, Any]]] = {ENTITIES: [], SERVICES: [], SEARCH: _search_docs(kb)}
    for api, spec in artifact["services"].items():
        rest = {k: v for k, v in spec.items() if k not in {"name", "version", "entity_types"}}
        docs[SERVICES].append(_doc(f"{version}:{api}", version, api_name=api, odata_version=spec["version"], **rest,
                                   entity_types=list(spec["entity_types"])))  # fmt: skip
        for name, etype in spec["entity_types"].items():
            sets = [s["name"] for s in spec["entity_sets"].values() if s["entity_type"] == name]
            rest = {k: v for k, v in etype.items() if k not in {"name", "properties", "navigation"}}
            docs[ENTITIES].append(_doc(
                f"{version}:{api}:{name}", version, api_name=api, odata_version=spec["version"], entity_type=name,
                **rest, entity_sets=sets, fields=list(etype["properties"].values()),
                navigation_properties=list(etype["navigation"].values())))  # fmt: skip
    counts = {name: len(batch) for name, batch in docs.items()}
    with _database(uri, database, timeout_ms) as db:
        removed = 0
        for name, batch in docs.items():
            db[name].create_index("kb_version")
            if batch:
                db[name].bulk_write(
                    [ReplaceOne({"_id": d["_id"]}, d, upsert=True) for d in batch], ordered=False
                )
            stale = {"kb_version": version, "key": {"$nin": [d["key"] for d in batch]}}
            removed += db[name].delete_many(stale).deleted_count
        meta = _doc(version, version, **{k: v for k, v in artifact.items() if k not in {"services", "version"}},
                    apis=list(artifact["services"]), artifact_keys=list(artifact),
                    published_at=dt.datetime.now(dt.UTC), counts=counts, complete=True)  # fmt: skip
        db[META].replace_one({"_id": meta["_id"]}, meta, upsert=True)
    return {**counts, META: 1, "removed": removed}


def load_from_mongo(uri: str, *, database: str = "sap_llm", version: str | None = None,
                    cache_dir: Path | None = None, timeout_ms: int = DEFAULT_TIMEOUT_MS) -> KnowledgeBase:  # fmt: skip
    """The latest complete version (or ``version``) as a ``KnowledgeBase``, its search index restored to
    ``cache_dir`` (default ``var/kb-cache/<version>``) when one was published."""
    with _database(uri, database, timeout_ms) as db:
        query: dict[str, Any] = {"complete": True} if version is None else {"key": version, "complete": True}
        metas = list(db[META].find(query).sort([("published_at", -1)]).limit(1))
        if not metas:
            which = f"version {version} of the knowledge base" if version else "complete knowledge base"
            raise KbNotPublishedError(f"MongoDB database {database} at {redact(uri)} holds no {which}; "
                                      "publish one with: sap-llm kb publish --mongodb-uri URI")  # fmt: skip
        meta = metas[0]
        version = meta["key"]
        entities = {
            (d["api_name"], d["entity_type"]): d
            for d in db[ENTITIES].find({"kb_version": version}).batch_size(BATCH)
        }
        services = {d["api_name"]: d for d in db[SERVICES].find({"kb_version": version}).batch_size(BATCH)}
        search = list(db[SEARCH].find({"kb_version": version}).batch_size(1))
    try:
        rebuilt = {api: _service_spec(services[api], entities) for api in meta["apis"]}
    except KeyError as exc:
        raise ValueError(
            f"knowledge base {version} in MongoDB is incomplete: no document for {exc}"
        ) from None
    fields = {k: v for k, v in meta.items() if k not in _META_OWN}
    artifact = {k: rebuilt if k == "services" else fields[k] for k in meta["artifact_keys"]}
    directory = None
    if search or cache_dir is not None:
        from sap_llm import paths

        directory = Path(cache_dir) if cache_dir is not None else paths.var_dir() / "kb-cache" / version
        _write(directory / ARTIFACT_FILE, json.dumps(artifact, indent=1, sort_keys=True).encode())
        _restore_search(search, directory / SEARCH_DIR, version)
    return KnowledgeBase(artifact, directory)


def _service_spec(doc: dict[str, Any], entities: dict[tuple[str, str], dict[str, Any]]) -> dict[str, Any]:
    api = doc["api_name"]
    types = {}
    for name in doc["entity_types"]:
        entity = entities[(api, name)]
        spec = {"name": name, **{k: v for k, v in entity.items() if k not in _ENTITY_OWN},
                "properties": {p["name"]: p for p in entity["fields"]},
                "navigation": {n["name"]: n for n in entity["navigation_properties"]}}  # fmt: skip
        types[name] = _ordered(spec, EntityTypeSpec)
    spec = {"name": api, "version": doc["odata_version"], **{k: v for k, v in doc.items() if k not in _OWN},
            "entity_types": types}  # fmt: skip
    return _ordered(spec, ServiceSpec)


def _restore_search(docs: list[dict[str, Any]], folder: Path, version: str) -> None:
    files: dict[str, list[dict[str, Any]]] = {}
    for doc in docs:
        files.setdefault(doc["name"], []).append(doc)
    for name, chunks in files.items():
        chunks.sort(key=lambda d: d["chunk"])
        data = b"".join(bytes(d["data"]) for d in chunks)
        if len(chunks) != chunks[0]["chunks"] or hashlib.sha256(data).hexdigest() != chunks[0]["sha256"]:
            raise ValueError(
                f"search file {name} of knowledge base {version} in MongoDB is incomplete or corrupt"
            )
        _write(folder / name, data)


def _write(path: Path, data: bytes) -> None:
    """Write atomically (several processes may restore the same cache)."""
    if path.is_file() and path.read_bytes() == data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    staging.write_bytes(data)
    os.replace(staging, path)


__all__ = ["publish_kb", "load_from_mongo", "KbNotPublishedError", "redact", "DEFAULT_TIMEOUT_MS"]
