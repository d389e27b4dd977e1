"""IBAN / BIC / VAT ids are checked, units map to SAP codes, dispatch keeps schema types."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from schwifty import IBAN

from sap_llm.contract import VALUE_TYPES
from sap_llm.normalize import normalize_bic, normalize_iban, normalize_unit, normalize_value, normalize_vat_id


@given(account=st.integers(min_value=0, max_value=10**10 - 1), bank=st.sampled_from(["37040044", "10020030", "50010517"]))
def test_generated_german_ibans_round_trip_with_spaces(account: int, bank: str) -> None:
    iban = IBAN.generate("DE", bank_code=bank, account_code=f"{account:010d}")
    spaced = " ".join(iban.compact[i:i + 4] for i in range(0, len(iban.compact), 4))
    assert normalize_iban(spaced.lower()) == iban.compact


def test_ocr_confusions_in_an_iban_are_undone_by_its_country_format_only_when_mod97_then_passes() -> None:
    assert normalize_iban("DEB9 3704 0044 0532 0130 00") == "DE89370400440532013000"  # B read for 8
    assert normalize_iban("DES1500105175407324514") == "DE51500105175407324514"  # S for 5
    assert normalize_iban("|T62E0503411701419030123299") == "IT62E0503411701419030123299"  # | for I
    assert normalize_iban("IT50 TOSO 3411 7016 9928 7275 752") == "IT50T0503411701699287275752"  # O, S in digits
    assert normalize_iban("DEB8 3704 0044 0532 0130 00") is None  # repaired, still fails mod-97
    assert normalize_iban("GB29 NVVBK 6016 1331 9268 19") is None  # VV for W: not a confusion undone
    assert normalize_iban("DE89 3704 0044 0532 0130") is None  # too short for DE


def test_iban_with_wrong_check_digits_is_rejected() -> None:
    assert normalize_iban("DE89370400440532013000") == "DE89370400440532013000"
    assert normalize_iban("DE88370400440532013000") is None
    assert normalize_iban("IBAN: GB33 BUKB 2020 1555 5555 55") == "GB33BUKB20201555555555"


def test_bic_and_vat() -> None:
    assert normalize_bic("cobadeffxxx") == "COBADEFFXXX"
    assert normalize_bic("COBA DE FF") == "COBADEFF"
    assert normalize_bic("XXXXZZ11") is None  # ZZ is no country
    assert normalize_vat_id("DE 136 695 976") == "DE136695976"
    assert normalize_vat_id("DE136695977") is None
    assert normalize_vat_id("FR 40 303 265 045") == "FR40303265045"
    assert normalize_vat_id("GB 980 7806 84") == "GB980780684"
    assert normalize_vat_id("USt-IdNr. DE136695976") == "DE136695976"


@pytest.mark.parametrize(
    ("word", "code"),
    [("pcs", "EA"), ("Stk.", "EA"), ("pièce", "EA"), ("pz", "EA"), ("uds", "EA"), ("kg", "KG"), ("h", "H"),
     ("Std", "H"), ("heures", "H"), ("ore", "H"), ("m²", "M2"), ("Liter", "L"), ("Karton", "BOX")],
)
def test_units(word: str, code: str) -> None:
    assert normalize_unit(word) == code


def test_unknown_unit_is_none() -> None:
    assert normalize_unit("furlong") is None


@pytest.mark.parametrize(
    ("vtype", "raw", "expected"),
    [("amount", "1.190,00 €", 1190.0), ("date", "18.11.2024", "2024-11-18"), ("identifier", "RE - 2024 0815", "RE-20240815"),
     ("address", "Hafenstrasse 12\n20457 Hamburg", "Hafenstrasse 12, 20457 Hamburg"), ("currency", "€", "EUR"),
     ("integer", "100", 100), ("percent", "19%", 19.0), ("date", "soon", None), ("amount", "n/a", None)],
)
def test_dispatch(vtype: str, raw: str, expected: object) -> None:
    assert normalize_value(vtype, raw) == expected


@given(vtype=st.sampled_from(sorted(VALUE_TYPES)), raw=st.text(max_size=20))
def test_dispatch_output_validates_against_its_schema_fragment(vtype: str, raw: str) -> None:
    import jsonschema

    value = normalize_value(vtype, raw)
    if value is not None:
        jsonschema.validate(value if not isinstance(value, float) else value, VALUE_TYPES[vtype][1])
