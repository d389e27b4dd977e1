"""Master-data form details: what a form of a subtype prints besides its subject line
(corpus/synth/form_details.py)."""

from __future__ import annotations

import random

import pytest
from schwifty import IBAN

from sap_llm.contract.doctypes import SUBTYPES
from sap_llm.corpus.synth.documents import Job, build
from sap_llm.corpus.synth.form_details import FORM_DETAILS, FORM_SECTIONS
from sap_llm.corpus.synth.formats import LANGUAGES
from sap_llm.corpus.synth.record_builder import render
from sap_llm.profile import load_profile


@pytest.fixture(scope="module")
def profile():
    return load_profile()


def sections_of(spec) -> list[tuple[str, list]]:
    return [section for kind, payload in spec.body if kind == "sections" for section in payload]


def detail_section(spec, key: str, language: str):
    """The form's ``key`` section (its caption is one of the key's phrasings), or None."""
    captions = set(FORM_SECTIONS[key][language].split("|"))
    return next((entries for caption, entries in sections_of(spec) if caption in captions), None)


def test_every_subtype_with_form_details_is_a_master_data_subtype():
    master = {s for t in ("VENDOR_MASTER", "CUSTOMER_MASTER", "PRODUCT_MASTER", "MATERIAL_MASTER")
              for s in SUBTYPES[t]}
    assert set(FORM_DETAILS) <= master
    assert {key for key, _ in FORM_DETAILS.values()} <= set(FORM_SECTIONS)


def test_a_bank_details_change_names_the_valid_account_it_replaces_untagged(profile):
    found = 0
    for index in range(8):
        job = Job(index, 3, "VENDOR_MASTER", "BANK_DETAILS_CHANGE", "DE", scanned=False)
        spec, style = build(job, profile)
        entries = detail_section(spec, "previous_bank", "DE")
        if entries is None:
            continue
        found += 1
        old_iban = entries[0].segments[0][0]
        IBAN(old_iban.replace(" ", ""))  # a valid IBAN, not a random string
        assert all(tag is None for e in entries for _, tag in e.segments) and all(not e.gt for e in entries)
        result = render(spec, style, random.Random(index))
        assert result.fields["iban"] != old_iban.replace(" ", "")  # the form's IBAN is the new one
        # the previous account's words are printed, and never tagged (as the IBAN or anything else)
        groups = old_iban.split()
        start = result.words.index(groups[0])
        printed = 1  # a narrow form box may clip the account's last groups
        while printed < len(groups) and result.words[start + printed] == groups[printed]:
            printed += 1
        assert printed >= min(len(groups), 3)
        assert set(result.labels[start:start + printed]) == {"O"}
    assert 3 <= found <= 8


def test_new_vendors_print_no_detail_section_and_the_test_families_get_held_out_captions(profile):
    for index in range(6):
        spec, _ = build(Job(index, 3, "VENDOR_MASTER", "NEW_VENDOR", "EN", scanned=False), profile)
        assert not any(detail_section(spec, key, "EN") for key in FORM_SECTIONS)
    held_out = {FORM_SECTIONS["previous_address"][lang].split("|")[-1] for lang in LANGUAGES}
    seen = {"train": set(), "test": set()}
    for index in range(60):
        spec, style = build(Job(index, 5, "CUSTOMER_MASTER", "ADDRESS_CHANGE", "FR", scanned=False), profile)
        seen[style.split] |= {caption for caption, _ in sections_of(spec)}
    assert not seen["train"] & held_out
    assert seen["test"] & held_out


def test_form_details_do_not_change_the_rest_of_the_form(profile, monkeypatch):
    """The section draws from its own random stream: without it, the form is the same minus that section."""
    job = Job(2, 9, "PRODUCT_MASTER", "PRICE_UPDATE", "IT", scanned=False)
    with_details, _ = build(job, profile)
    assert detail_section(with_details, "price_change", "IT")
    monkeypatch.setattr("sap_llm.corpus.synth.form_details.FORM_DETAILS", {})
    without, _ = build(job, profile)
    captions = set(FORM_SECTIONS["price_change"]["IT"].split("|"))
    kept = [(c, [e.segments for e in entries]) for c, entries in sections_of(with_details) if c not in captions]
    assert kept == [(c, [e.segments for e in entries]) for c, entries in sections_of(without)]
