"""The synthetic generator on a small real corpus: records, labels, ground truth, files, chains, defects."""

from __future__ import annotations

import itertools
import json
from collections import Counter
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from schwifty import IBAN
from stdnum.util import get_cc_module

from sap_llm.contract import DOCUMENT_TYPES
from sap_llm.corpus.record import CorpusRecord
from sap_llm.corpus.synth import generate_corpus, plan
from sap_llm.normalize.units import normalize_unit


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, list[dict]]:
    out = tmp_path_factory.mktemp("synth")
    paths = generate_corpus(out, 40, 11, scan_ratio=0.25, defect_ratio=0.6, workers=2)
    assert len(paths) == 40, (out / "errors.json").read_text() if (out / "errors.json").exists() else ""
    return out, [json.loads(p.read_text(encoding="utf-8")) for p in paths]


def test_covers_all_types_and_languages(corpus):
    _, records = corpus
    assert {r["document_type"] for r in records} == set(DOCUMENT_TYPES)
    assert {r["metadata"]["language"] for r in records} == {"EN", "DE", "FR", "ES", "IT"}


def test_records_are_well_formed_and_ground_truth_validates(corpus):
    out, records = corpus
    for raw in records:
        record = CorpusRecord.model_validate(raw)  # aligned words / boxes / labels, BIO syntax, known subtype
        assert record.ground_truth_errors() == [], (record.id, record.ground_truth_errors())
        assert len(raw["words"]) == len(raw["labels"]) == len(raw["boxes"]) == len(raw["word_pages"]) > 10
        assert (out / raw["pdf_path"]).exists()
        assert raw["metadata"]["layout_split"] in ("train", "test")
        assert raw["metadata"]["layout_family"].startswith(raw["document_type"] + "/")


def test_labelled_spans_match_ground_truth(corpus):
    """What the labels cover is exactly what the ground truth says (as printed vs normalised)."""
    _, records = corpus
    checked = 0
    for r in records:
        fields, printed = r["ground_truth"]["fields"], r["metadata"]["printed"]
        labelled = {lab[2:] for lab in r["labels"] if lab != "O" and not lab[2:].startswith("li.")}
        # every labelled header field is in the ground truth and vice versa (aliases aside)
        assert labelled <= set(fields), (r["id"], labelled - set(fields))
        for name in ("invoice_number", "po_number", "delivery_note_number", "supplier_name", "customer_name"):
            if name in fields:
                assert "".join(printed[name].split()) == "".join(str(fields[name]).split()), (r["id"], name)
                checked += 1
        if "supplier_address" in fields:
            assert "".join(printed["supplier_address"].split()).replace(",", "") == \
                "".join(fields["supplier_address"].split()).replace(",", "")
        for name in ("supplier_iban",):
            if name in fields:
                assert printed[name].replace(" ", "") == fields[name]
        for item in r["ground_truth"]["line_items"]:
            if "unit" in item:
                assert item["unit"].isupper()
    assert checked > 30


def test_units_as_printed_normalise_to_the_ground_truth(corpus):
    _, records = corpus
    seen = 0
    for r in records:
        units = [w for w, lab in zip(r["words"], r["labels"], strict=True) if lab in ("B-li.unit", "I-li.unit")]
        gt_units = [i["unit"] for i in r["ground_truth"]["line_items"] if "unit" in i]
        if units and len(units) == len(gt_units):  # single-word units only
            for word, code in zip(units, gt_units, strict=True):
                assert normalize_unit(word) == code, (r["id"], word, code)
                seen += 1
    assert seen > 0


def test_arithmetic_is_consistent_unless_a_defect_says_otherwise(corpus):
    _, records = corpus
    for r in records:
        f = r["ground_truth"]["fields"]
        if {"net_amount", "tax_amount", "total_amount"} <= set(f) and r["metadata"]["kind"] == "business":
            consistent = abs(f["net_amount"] + f["tax_amount"] - f["total_amount"]) < 0.011
            assert consistent != ("wrong_total" in r["metadata"]["defects"]), r["id"]
        if {"net_amount", "tax_amount", "total_amount"} <= set(f) and r["metadata"]["kind"] == "receipt":
            assert abs(f["net_amount"] + f["tax_amount"] + f.get("rounding_amount", 0) - f["total_amount"]) < 0.011
        for item in r["ground_truth"]["line_items"]:
            if {"quantity", "unit_price", "net_amount"} <= set(item):
                assert abs(item["quantity"] * item["unit_price"] - item["net_amount"]) < 0.011, r["id"]


def test_ibans_pass_mod97_and_vat_ids_their_check_digits(corpus):
    _, records = corpus
    ibans = vats = 0
    for r in records:
        for key, val in r["ground_truth"]["fields"].items():
            if key.endswith("iban") or key == "iban":
                IBAN(val)  # raises on a bad checksum
                digits = "".join(str(int(c, 36)) for c in val[4:] + val[:4])
                assert int(digits) % 97 == 1
                ibans += 1
            if key.endswith("vat_id") and val[:2] not in ("CH",):
                assert get_cc_module(val[:2].lower(), "vat").is_valid(val), (r["id"], val)
                vats += 1
    assert ibans > 5 and vats > 5


def test_pdf_text_layer_holds_the_words(corpus):
    out, records = corpus
    for r in records[:8]:
        pdf = pdfium.PdfDocument(str(out / r["pdf_path"]))
        text = " ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
        pdf.close()
        tokens = set(text.split())
        missing = [w for w in r["words"] if w not in tokens]
        assert len(missing) <= len(r["words"]) * 0.02, (r["id"], missing[:10])


def test_scans_exist_with_their_rendering_facts(corpus):
    out, records = corpus
    scanned = [r for r in records if r["metadata"]["scanned"]]
    assert scanned
    for r in scanned:
        assert (out / r["image_path"]).exists()
        scan = r["metadata"]["scan"]
        assert 150 <= scan["dpi"] <= 300
        assert all(abs(a) <= 5 for a in scan["rotation_deg"])
        assert len(scan["image_paths"]) == r["metadata"]["page_count"]


def test_chains_reference_each_other(corpus):
    _, records = corpus
    chains: dict[str, dict[str, dict]] = {}
    for r in records:
        if "chain_id" in r["metadata"]:
            chains.setdefault(r["metadata"]["chain_id"], {})[r["metadata"]["chain_role"]] = r
    complete = [c for c in chains.values() if {"purchase_order", "goods_receipt", "supplier_invoice"} <= set(c)]
    assert complete, "no complete PO -> GR -> invoice chain in the sample"
    for chain in complete:
        po = chain["purchase_order"]["ground_truth"]["fields"]["po_number"]
        assert chain["goods_receipt"]["ground_truth"]["fields"]["po_number"] == po
        assert chain["supplier_invoice"]["ground_truth"]["fields"]["po_number"] == po
        assert chain["supplier_invoice"]["ground_truth"]["fields"]["supplier_name"] == \
            chain["purchase_order"]["ground_truth"]["fields"]["supplier_name"]
        po_lines = {i["description"]: i for i in chain["purchase_order"]["ground_truth"]["line_items"]}
        inv_lines = chain["supplier_invoice"]["ground_truth"]["line_items"]
        price_defect = "price_above_tolerance" in chain["supplier_invoice"]["metadata"]["defects"]
        for item in inv_lines:
            if item.get("description") in po_lines and "unit_price" in item and "unit_price" in po_lines[item["description"]]:
                ratio = item["unit_price"] / po_lines[item["description"]]["unit_price"]
                assert ratio == pytest.approx(1.0) or (price_defect and ratio > 1.05)


def test_defects_are_marked():
    jobs = plan(400, 3, defect_ratio=0.5)
    kinds = Counter(j.defect for j in jobs if j.defect)
    assert set(kinds) == {"wrong_total", "duplicate_invoice_number", "unknown_bank_account", "price_above_tolerance"}
    dup = next(j for j in jobs if j.defect == "duplicate_invoice_number")
    assert dup.duplicate_of is not None and dup.duplicate_of < dup.index


def test_defects_in_records(corpus):
    _, records = corpus
    by_id = {r["id"]: r for r in records}
    marked = [r for r in records if r["metadata"]["defects"]]
    assert marked
    for r in marked:
        for detail in r["metadata"]["defect_details"]:
            assert detail["kind"] in r["metadata"]["defects"]
            if detail["kind"] == "duplicate_invoice_number" and detail["original_id"] in by_id:
                original = by_id[detail["original_id"]]["ground_truth"]["fields"]
                assert original["invoice_number"] == r["ground_truth"]["fields"]["invoice_number"]
            if detail["kind"] == "unknown_bank_account":
                assert r["ground_truth"]["fields"].get("supplier_iban") not in detail["known_ibans"]


def test_deterministic_for_a_seed(tmp_path):
    a = generate_corpus(tmp_path / "a", 6, 5, workers=1, scan_ratio=0.5)
    b = generate_corpus(tmp_path / "b", 6, 5, workers=2, scan_ratio=0.5)
    for pa, pb in zip(a, b, strict=True):
        assert pa.read_text(encoding="utf-8") == pb.read_text(encoding="utf-8")
        assert pa.with_suffix(".pdf").read_bytes() == pb.with_suffix(".pdf").read_bytes()
    scans = sorted((tmp_path / "a").glob("*.png"))
    assert scans
    for png in scans:
        assert png.read_bytes() == (tmp_path / "b" / png.name).read_bytes()


def test_bad_arguments_are_clear_errors(tmp_path):
    with pytest.raises(ValueError, match="unknown document type"):
        generate_corpus(tmp_path, 2, 1, types=["INVOICE"])
    with pytest.raises(ValueError, match="unsupported language"):
        generate_corpus(tmp_path, 2, 1, languages=["PT"])


@pytest.mark.slow
def test_done_when_300_documents(tmp_path):
    """The issue's check: n=300 seed 7 gives all types and languages, valid ground truth, valid IBANs, scans."""
    paths = generate_corpus(tmp_path, 300, 7)
    assert len(paths) == 300
    records = [CorpusRecord.load(p) for p in paths]
    assert {r.document_type for r in records} == set(DOCUMENT_TYPES)
    assert {r.metadata.language for r in records} == {"EN", "DE", "FR", "ES", "IT"}
    assert all(r.ground_truth_errors() == [] for r in records)
    assert sum(r.metadata.scanned for r in records) > 50
    for r in records:
        for key, val in r.ground_truth.fields.items():
            if "iban" in key:
                IBAN(val)


def test_printed_spans_normalise_to_the_ground_truth(corpus):
    """Every labelled header span, read back through the project's normalisers, gives its ground truth.

    This ties the generator's printing (dates in five languages, number styles,
    grouped IBANs, formatted VAT ids, units, wrapped addresses) to the normal
    forms the extractor produces.
    """
    from sap_llm.contract import FIELDS
    from sap_llm.normalize import normalize_value

    _, records = corpus
    total, failures = 0, []
    for r in records:
        fields, printed = r["ground_truth"]["fields"], r["metadata"]["printed"]
        for name, raw in printed.items():
            if name not in fields:
                continue
            total += 1
            got = normalize_value(FIELDS[name].type, raw)
            expected = fields[name]
            if isinstance(expected, (int, float)) and not isinstance(expected, bool):
                same = got is not None and abs(float(got) - float(expected)) < 0.006
            else:
                same = got == expected
            if not same:
                failures.append((r["id"], name, raw, got, expected))
    assert total > 300
    assert len(failures) <= total * 0.005, failures[:10]


def test_word_boxes_match_the_pdf(corpus):
    """The boxes come from the drawing calls; pdfplumber must find the same words at the same places."""
    import pdfplumber

    out, records = corpus
    for r in [r for r in records if r["metadata"]["kind"] == "business"][:4]:
        with pdfplumber.open(str(out / r["pdf_path"])) as pdf:
            page = pdf.pages[0]
            found: dict[str, list[tuple[float, float]]] = {}
            for w in page.extract_words(keep_blank_chars=False, use_text_flow=False):
                found.setdefault(w["text"], []).append((w["x0"] / page.width * 1000, w["top"] / page.height * 1000))
        checked = 0
        for word, box, pg in zip(r["words"], r["boxes"], r["word_pages"], strict=True):
            if pg != 0 or word not in found:
                continue
            assert any(abs(x - box[0]) < 6 and abs(y - box[1]) < 12 for x, y in found[word]), (r["id"], word, box)
            checked += 1
        assert checked > len([p for p in r["word_pages"] if p == 0]) * 0.8


def test_held_out_synonyms_and_families_only_on_the_test_split():
    import random

    from sap_llm.corpus.synth import vocab
    from sap_llm.corpus.synth.style import business_style

    rng = random.Random(0)
    train, held = vocab.split_synonyms(vocab.LABELS["invoice_number"]["DE"].split("|"))
    assert held and not set(train) & set(held)
    assert {vocab.label(rng, "invoice_number", "DE", "train") for _ in range(300)} == set(train)
    assert set(held) <= {vocab.label(rng, "invoice_number", "DE", "test") for _ in range(300)}
    splits = {business_style(random.Random(i), "SUPPLIER_INVOICE", "EN", family_index=i).split for i in range(12)}
    assert splits == {"train", "test"}
    assert business_style(rng, "PURCHASE_ORDER", "FR", family_index=10).split == "test"
    assert business_style(rng, "PURCHASE_ORDER", "FR", family_index=9).split == "train"


def test_a_subtype_title_is_never_printed_on_a_document_of_another_subtype():
    """The base title of a type (used by its default subtypes) must not be one of its subtypes' own titles,
    or a page titled "Packliste" would be labelled a standard delivery."""
    from sap_llm.corpus.synth.subtypes import SUBTYPE_TITLES
    from sap_llm.corpus.synth.vocab import TITLES

    def words(titles: str) -> set[str]:
        return {t.casefold() for t in titles.split("|")}

    checked = 0
    for doc_type, subtypes in SUBTYPE_TITLES.items():
        base = TITLES["SALES_ORDER_CONF" if doc_type == "SALES_ORDER" else doc_type]
        own = [(sub, cue) for sub, (_, cue) in subtypes.items() if cue]
        for language, titles in base.items():
            for sub, cue in own:
                assert not words(titles) & words(cue[language]), (doc_type, sub, language)
                checked += 1
        for (a, cue_a), (b, cue_b) in itertools.combinations(own, 2):
            for language in cue_a:
                assert not words(cue_a[language]) & words(cue_b[language]), (doc_type, a, b, language)
    assert checked > 100


def test_subtype_remarks_are_four_digit_free_phrasings_per_language_with_one_held_out():
    import random
    import re

    from sap_llm.corpus.synth import vocab
    from sap_llm.corpus.synth.formats import LANGUAGES
    from sap_llm.corpus.synth.remarks import REMARK_SHARE, SUBTYPE_REMARKS, subtype_remark

    for subtype, table in SUBTYPE_REMARKS.items():
        assert set(table) == set(LANGUAGES), subtype
        for language, text in table.items():
            options = text.split("|")
            assert len(options) == len(set(options)) == 4, (subtype, language)
            assert not any(re.search(r"\d", o) for o in options), (subtype, language)
    rng = random.Random(3)
    train, held = vocab.split_synonyms(SUBTYPE_REMARKS["PAYMENT_REMINDER"]["IT"].split("|"))
    drawn_train = [subtype_remark("PAYMENT_REMINDER", "IT", "train", rng) for _ in range(2000)]
    drawn_test = [subtype_remark("PAYMENT_REMINDER", "IT", "test", rng) for _ in range(2000)]
    assert set(drawn_train) - {None} == set(train)
    assert set(held) <= set(drawn_test)
    share = sum(r is not None for r in drawn_train) / len(drawn_train)
    assert abs(share - REMARK_SHARE) < 0.05
    assert subtype_remark("STANDARD_INVOICE", "EN", "train", rng) is None


def test_a_built_document_prints_its_subtype_remark_among_its_notes():
    from sap_llm.corpus.synth.documents import Job, build
    from sap_llm.corpus.synth.remarks import SUBTYPE_REMARKS
    from sap_llm.profile import load_profile

    profile = load_profile()
    phrasings = set(SUBTYPE_REMARKS["PAYMENT_REMINDER"]["DE"].split("|"))
    printed = []
    for index in range(12):
        spec, _ = build(Job(index, 5, "PAYMENT_ADVICE", "PAYMENT_REMINDER", "DE", scanned=False), profile)
        printed.append([n for n in spec.notes if isinstance(n, str) and n in phrasings])
    assert all(len(p) <= 1 for p in printed)
    assert 3 <= sum(bool(p) for p in printed) <= 11  # some documents carry a remark, not all
