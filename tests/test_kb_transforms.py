"""The knowledge base's transformation registry: property-based and exact OData V2 / V4 formats."""

from __future__ import annotations

import calendar
import datetime as dt
import re
import string
import uuid
from decimal import ROUND_HALF_UP, Decimal

import pycountry
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from sap_llm.kb.model import PropertySpec
from sap_llm.kb.transforms import (
    ISO_TO_SAP,
    SAP_LANGUAGE,
    SAP_TO_ISO,
    TRANSFORMS,
    UNIT_TABLE,
    TransformError,
    TransformResult,
    apply_transform,
    iso_currencies,
    to_odata,
    transform_names,
)

FAST = settings(max_examples=60, deadline=None)
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


def prop(type_: str = "Edm.String", **facets) -> PropertySpec:
    return PropertySpec(name=facets.pop("name", "Prop"), type=type_, **facets)


STR = prop(max_length=40)


def run(name: str, value, p: PropertySpec = STR, version: str = "V2", /, **params):
    return apply_transform(name, value, p, odata_version=version, params=params)


def ms_of(text: str) -> int:
    match = re.fullmatch(r"/Date\((-?\d+)(\+0000)?\)/", text)
    assert match, text
    return int(match[1])


# ---------------------------------------------------------------- registry


def test_registry_has_every_named_transform():
    expected = {
        "identity", "strip", "upper", "pad_left_zeros", "parse_date", "clean_iban", "normalize_vat",
        "currency_code", "unit_iso_to_sap", "unit_sap_to_iso", "decimal", "truncate", "country_code",
        "language_code", "debit_credit", "boolean", "abs_amount", "movement_type", "constant", "negate",
    }  # fmt: skip
    assert set(transform_names()) == expected == set(TRANSFORMS)
    assert transform_names() == sorted(expected)


def test_unknown_transform_and_bad_params_are_transform_errors():
    with pytest.raises(TransformError, match="unknown transform 'nope'"):
        run("nope", "x")
    with pytest.raises(TransformError, match="bad parameters"):
        run("truncate", "x", width=3)
    with pytest.raises(TransformError, match="OData version"):
        to_odata("x", STR, odata_version="V3")


def test_transform_errors_name_the_value_and_the_property():
    with pytest.raises(TransformError) as err:
        run("clean_iban", "DE00 1234", prop(name="BankAccount"))
    assert "BankAccount" in str(err.value) and "DE00 1234" in str(err.value)
    assert isinstance(err.value, ValueError)


@FAST
@given(st.sampled_from(sorted(set(TRANSFORMS) - {"constant"})))
def test_none_stays_none_for_every_transform(name):
    assert run(name, None) == TransformResult(None)


def test_to_odata_none_stays_none_for_every_type():
    for type_ in ("Edm.String", "Edm.Decimal", "Edm.DateTime", "Edm.Boolean", "Edm.Int32", "Edm.Guid"):
        assert to_odata(None, prop(type_)).value is None


# ---------------------------------------------------------------- exact OData formats


def test_exact_v2_and_v4_date_formats():
    day = dt.date(2024, 11, 18)
    ms = calendar.timegm(day.timetuple()) * 1000
    assert ms == 1731888000000
    assert to_odata("2024-11-18", prop("Edm.DateTime")).value == "/Date(1731888000000)/"
    assert to_odata(day, prop("Edm.DateTimeOffset")).value == "/Date(1731888000000+0000)/"
    assert to_odata(day, prop("Edm.Date"), odata_version="V4").value == "2024-11-18"
    assert to_odata("2024-11-18", prop("Edm.DateTimeOffset"), odata_version="V4").value == "2024-11-18T00:00:00Z"
    assert to_odata("18.11.2024", prop("Edm.DateTime")).value == "/Date(1731888000000)/"
    assert to_odata("1969-12-31", prop("Edm.DateTime")).value == "/Date(-86400000)/"
    cet = dt.datetime(2024, 11, 18, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert to_odata(cet, prop("Edm.DateTimeOffset"), odata_version="V4").value == "2024-11-18T09:30:00Z"
    assert to_odata(cet, prop("Edm.DateTime")).value == f"/Date({ms + (9 * 60 + 30) * 60000})/"


def test_exact_decimal_formats_v2_and_v4_are_strings():
    amount = prop("Edm.Decimal", precision=13, scale=2)
    assert to_odata(1190, amount).value == "1190.00"
    assert to_odata(Decimal("1190"), amount, odata_version="V4").value == "1190.00"
    assert to_odata(1190.0, amount).value == "1190.00"
    assert to_odata("0.005", amount).value == "0.01"
    assert to_odata("-0.001", amount).value == "0.00"
    assert to_odata("1.234,56", amount).value == "1234.56"
    assert to_odata(Decimal("12.5"), prop("Edm.Decimal", precision=5)).value == "12.5"
    quantity = prop("Edm.Decimal", precision=13, scale=3)
    assert to_odata(Decimal("2"), quantity).value == "2.000"


def test_decimal_precision_overflow_and_garbage_raise():
    amount = prop("Edm.Decimal", precision=5, scale=2, name="NetAmount")
    assert to_odata("999.99", amount).value == "999.99"
    with pytest.raises(TransformError, match="NetAmount.*precision 5"):
        to_odata("1000.00", amount)
    with pytest.raises(TransformError, match="precision"):
        to_odata("999.995", amount)  # rounds up to 1000.00
    for bad in ("abc", True, float("nan"), "inf", [1], "1e999", Decimal("1E+100")):
        with pytest.raises(TransformError):
            to_odata(bad, amount)


def test_exact_other_formats():
    assert to_odata("10:30", prop("Edm.Time")).value == "PT10H30M00S"
    assert to_odata(dt.time(10, 30), prop("Edm.TimeOfDay"), odata_version="V4").value == "10:30:00"
    assert to_odata("PT08H05M09S", prop("Edm.TimeOfDay")).value == "08:05:09"
    guid = "{0E984725-C51C-4BF4-9960-E1C80E27ABA0}"
    assert to_odata(guid, prop("Edm.Guid")).value == "0e984725-c51c-4bf4-9960-e1c80e27aba0"
    assert to_odata("x", prop("Edm.Boolean")).value is True
    assert to_odata("NO", prop("Edm.Boolean")).value is False
    assert to_odata("42", prop("Edm.Int32")).value == 42
    assert to_odata(2**40, prop("Edm.Int64")).value == str(2**40)
    assert to_odata("1.5", prop("Edm.Double")).value == 1.5
    assert to_odata(True, prop(max_length=1)).value == "X"
    assert to_odata(False, prop(max_length=1)).value == ""
    assert to_odata(Decimal("1.50"), STR).value == "1.50"
    assert to_odata("ab", prop(display_format="UpperCase")).value == "AB"
    with pytest.raises(TransformError, match="not a string"):
        to_odata(["a"], STR)
    out = to_odata(b"\x00", prop("Edm.Binary"))
    assert out.value == b"\x00" and "no formatting rule" in out.warnings[0]


@pytest.mark.parametrize(
    "type_,bad",
    [("Edm.Time", "25:00"), ("Edm.Guid", "not-a-guid"), ("Edm.DateTime", "31.02.2024"), ("Edm.Boolean", "maybe"),
     ("Edm.Byte", 256), ("Edm.Int16", 2**15), ("Edm.Int32", "1.5"), ("Edm.Double", "1e999")],
)  # fmt: skip
def test_to_odata_rejects_bad_values(type_, bad):
    with pytest.raises(TransformError, match=re.escape(f"Prop ({type_})")):
        to_odata(bad, prop(type_))


# ---------------------------------------------------------------- to_odata properties

DATES = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31))


@FAST
@given(DATES)
def test_v2_datetime_round_trips_to_the_date(day):
    for type_, suffix in (("Edm.DateTime", ""), ("Edm.DateTimeOffset", "+0000")):
        text = to_odata(day, prop(type_)).value
        assert text.endswith(f"{suffix})/")
        assert (EPOCH + dt.timedelta(milliseconds=ms_of(text))).date() == day
        assert to_odata(text, prop("Edm.Date")).value == day.isoformat()  # /Date()/ is read back too
    assert to_odata(day.isoformat(), prop("Edm.Date"), odata_version="V4").value == day.isoformat()
    assert to_odata(day, prop("Edm.DateTimeOffset"), odata_version="V4").value == f"{day.isoformat()}T00:00:00Z"


@FAST
@given(st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2200, 1, 1),
                    timezones=st.sampled_from([dt.timezone.utc, dt.timezone(dt.timedelta(hours=-5, minutes=-30))])))  # fmt: skip
def test_datetime_with_offset_keeps_the_instant(moment):
    ms = ms_of(to_odata(moment, prop("Edm.DateTimeOffset")).value)
    assert ms == (moment - EPOCH) // dt.timedelta(milliseconds=1)
    v4 = to_odata(moment, prop("Edm.DateTimeOffset"), odata_version="V4").value
    assert v4.endswith("Z")
    back = dt.datetime.fromisoformat(v4.replace("Z", "+00:00"))
    assert abs(back - moment) < dt.timedelta(milliseconds=1)


@FAST
@given(st.decimals(min_value=-(10**9), max_value=10**9, allow_nan=False, allow_infinity=False, places=6),
       st.integers(min_value=0, max_value=4), st.sampled_from(["V2", "V4"]))  # fmt: skip
def test_decimal_is_the_input_rounded_half_up_to_scale(number, scale, version):
    out = to_odata(number, prop("Edm.Decimal", precision=20, scale=scale), odata_version=version)
    assert isinstance(out.value, str)
    places = len(out.value.split(".")[1]) if "." in out.value else 0
    assert places == scale
    expected = number.quantize(Decimal(1).scaleb(-scale), rounding=ROUND_HALF_UP)
    assert Decimal(out.value) == expected
    assert not out.value.startswith("-0") or Decimal(out.value) != 0
    assert bool(out.warnings) == (expected != number)


@FAST
@given(st.integers(min_value=1, max_value=12), st.integers(min_value=0, max_value=3), st.data())
def test_decimal_precision_is_enforced(precision, scale, data):
    assume(scale < precision)
    limit = 10 ** (precision - scale)
    fits = data.draw(st.integers(min_value=-limit + 1, max_value=limit - 1))
    too_big = data.draw(st.integers(min_value=limit, max_value=limit * 1000))
    p = prop("Edm.Decimal", precision=precision, scale=scale)
    assert Decimal(to_odata(fits, p).value) == fits
    with pytest.raises(TransformError):
        to_odata(too_big, p)


@FAST
@given(st.text(max_size=60), st.integers(min_value=1, max_value=30))
def test_string_never_exceeds_max_length_and_warns_iff_cut(text, max_length):
    out = to_odata(text, prop(max_length=max_length, name="SupplierInvoiceIDByInvcgParty"))
    assert len(out.value) <= max_length
    assert out.value == text[:max_length]
    assert bool(out.warnings) == (len(text) > max_length)
    if out.warnings:
        assert "SupplierInvoiceIDByInvcgParty" in out.warnings[0]
        assert str(len(text)) in out.warnings[0] and str(max_length) in out.warnings[0]


INT_TYPES = {"Edm.Byte": (0, 255), "Edm.Int16": (-(2**15), 2**15 - 1), "Edm.Int32": (-(2**31), 2**31 - 1),
             "Edm.Int64": (-(2**63), 2**63 - 1)}  # fmt: skip


@FAST
@given(st.sampled_from(sorted(INT_TYPES)), st.integers(min_value=-(2**64), max_value=2**64), st.booleans())
def test_integers_in_range_pass_and_others_raise(type_, number, as_text):
    low, high = INT_TYPES[type_]
    value = str(number) if as_text else number
    if low <= number <= high:
        out = to_odata(value, prop(type_)).value
        assert out == (str(number) if type_ == "Edm.Int64" else number)
    else:
        with pytest.raises(TransformError, match="range"):
            to_odata(value, prop(type_))


@FAST
@given(st.uuids(), st.sampled_from([str, lambda u: str(u).upper(), lambda u: "{" + str(u) + "}", lambda u: u.hex]))
def test_guid_is_canonical_lower_case(value, spell):
    out = to_odata(spell(value), prop("Edm.Guid")).value
    assert out == str(value) and out == out.lower() and uuid.UUID(out) == value


@FAST
@given(st.times())
def test_times_round_trip(moment):
    v2 = to_odata(moment, prop("Edm.Time")).value
    match = re.fullmatch(r"PT(\d\d)H(\d\d)M(\d\d)S", v2)
    assert match and tuple(map(int, match.groups())) == (moment.hour, moment.minute, moment.second)
    v4 = to_odata(v2, prop("Edm.TimeOfDay"), odata_version="V4").value
    assert v4 == moment.replace(microsecond=0).isoformat()


TRUE_WORDS = ["true", "yes", "x", "1", "ja", "y"]
FALSE_WORDS = ["false", "no", "0", "nein", "n"]


@FAST
@given(st.sampled_from(TRUE_WORDS + FALSE_WORDS), st.sampled_from([str.lower, str.upper, str.title]), st.booleans())
def test_boolean_words(word, case, via_transform):
    value = f" {case(word)} "
    out = run("boolean", value, prop("Edm.Boolean")) if via_transform else to_odata(value, prop("Edm.Boolean"))
    assert out.value is (word in TRUE_WORDS)


@FAST
@given(st.text(min_size=1, max_size=8))
def test_boolean_rejects_other_text(text):
    assume(text.strip().lower() not in {*TRUE_WORDS, *FALSE_WORDS, "j", "oui", "si", "sí", "on", "non", "off"})
    with pytest.raises(TransformError):
        run("boolean", text, prop("Edm.Boolean"))


# ---------------------------------------------------------------- simple transforms


@FAST
@given(st.text(max_size=30))
def test_identity_strip_upper(text):
    assert run("identity", text).value == text
    assert run("strip", text).value == text.strip()
    assert run("upper", text).value == text.upper()[:40]


@FAST
@given(st.from_regex(r"[0-9]{1,10}", fullmatch=True), st.integers(min_value=10, max_value=18), st.booleans())
def test_pad_left_zeros_pads_digit_strings_to_n(digits, n, from_max_length):
    p = prop(max_length=n) if from_max_length else STR
    params = {} if from_max_length else {"n": n}
    out = run("pad_left_zeros", digits, p, **params).value
    assert len(out) == n and out.isdigit()
    assert out.lstrip("0") == digits.lstrip("0")
    assert out.endswith(digits)


@FAST
@given(st.from_regex(r"[A-Z0-9\-]{1,10}", fullmatch=True))
def test_pad_left_zeros_leaves_non_digit_strings(text):
    assume(not text.isdigit())
    assert run("pad_left_zeros", text, prop(max_length=10)).value == text


@FAST
@given(st.from_regex(r"[0-9A-Z]{11,20}", fullmatch=True))
def test_pad_left_zeros_never_longer_than_n(text):
    with pytest.raises(TransformError, match="longer than 10"):
        run("pad_left_zeros", text, prop(max_length=10))


def test_pad_left_zeros_examples():
    assert run("pad_left_zeros", 17300001, prop(max_length=10)).value == "0017300001"
    assert run("pad_left_zeros", "4500000001", prop(max_length=10)).value == "4500000001"
    assert run("pad_left_zeros", "", prop(max_length=10)).value == ""
    with pytest.raises(TransformError, match="needs n"):
        run("pad_left_zeros", "1", prop())


@FAST
@given(DATES, st.sampled_from(["%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%d %B %Y"]))
def test_parse_date_reads_iso_and_printed_dates(day, fmt):
    assume(fmt != "%d/%m/%Y" or day.day > 12)  # unambiguous only
    out = run("parse_date", day.strftime(fmt), prop("Edm.Date"), "V4").value
    assert out == day.isoformat()
    assert run("parse_date", day, prop("Edm.Date")).value == day.isoformat()


def test_parse_date_month_first_and_errors():
    assert run("parse_date", "03/04/2024", prop("Edm.Date")).value == "2024-04-03"
    assert run("parse_date", "03/04/2024", prop("Edm.Date"), month_first=True).value == "2024-03-04"
    assert run("parse_date", "2024-11-18T10:00:00Z", prop("Edm.Date")).value == "2024-11-18"
    for bad in ("not a date", "2024-02-30", "32.01.2024"):
        with pytest.raises(TransformError):
            run("parse_date", bad, prop("Edm.Date"))


# ---------------------------------------------------------------- IBAN, VAT, currency

# Countries whose BBAN format is fixed: (country, [(alphabet, length), ...]).
IBAN_FORMATS = {
    "DE": [(string.digits, 18)], "AT": [(string.digits, 16)], "NL": [(string.ascii_uppercase, 4), (string.digits, 10)],
    "GB": [(string.ascii_uppercase, 4), (string.digits, 14)], "PL": [(string.digits, 24)],
    "CH": [(string.digits, 5), (string.digits, 12)], "DK": [(string.digits, 14)],
}  # fmt: skip


def mod97_iban(country: str, bban: str) -> str:
    numeric = "".join(str(int(c, 36)) for c in bban + country + "00")
    return f"{country}{98 - int(numeric) % 97:02d}{bban}"


@st.composite
def ibans(draw):
    country = draw(st.sampled_from(sorted(IBAN_FORMATS)))
    bban = "".join(draw(st.text(alphabet, min_size=n, max_size=n)) for alphabet, n in IBAN_FORMATS[country])
    return mod97_iban(country, bban)


def test_iban_builder_matches_a_known_iban():
    assert mod97_iban("DE", "370400440532013000") == "DE89370400440532013000"
    assert mod97_iban("GB", "WEST12345698765432") == "GB82WEST12345698765432"


@FAST
@given(ibans(), st.booleans(), st.data())
def test_clean_iban_accepts_valid_and_rejects_one_digit_change(iban, grouped, data):
    printed = " ".join(iban[i : i + 4] for i in range(0, len(iban), 4)).lower() if grouped else iban
    assert run("clean_iban", printed).value == iban
    positions = [i for i, c in enumerate(iban) if c.isdigit()]
    pos = data.draw(st.sampled_from(positions))
    digit = data.draw(st.sampled_from([d for d in string.digits if d != iban[pos]]))
    with pytest.raises(TransformError, match="not a valid IBAN"):
        run("clean_iban", iban[:pos] + digit + iban[pos + 1 :])


VAT_COUNTRIES = ["DE", "FR", "IT", "ES", "NL", "AT", "BE", "GB", "CH", "EL"]


@FAST
@given(st.sampled_from(VAT_COUNTRIES), st.from_regex(r"[0-9]{8,11}", fullmatch=True), st.data())
def test_normalize_vat_compacts_and_keeps_the_prefix(country, number, data):
    seps = data.draw(st.lists(st.sampled_from([" ", ".", "-", ""]), min_size=len(number), max_size=len(number)))
    printed = country.lower() + " " + "".join(d + s for d, s in zip(number, seps, strict=True))
    out = run("normalize_vat", printed).value
    assert out == country + number
    assert run("normalize_vat", number, country=country).value == country + number


def test_normalize_vat_check_and_errors():
    assert run("normalize_vat", "DE 136 695 976", check=True).value == "DE136695976"
    with pytest.raises(TransformError, match="check digits"):
        run("normalize_vat", "DE136695977", check=True)
    with pytest.raises(TransformError, match="country prefix"):
        run("normalize_vat", "136695976")


ISO_CODES = sorted(iso_currencies())


@FAST
@given(st.sampled_from(ISO_CODES), st.sampled_from([str.lower, str.upper, str.title]))
def test_currency_codes_pass_in_any_case(code, case):
    assert run("currency_code", f" {case(code)} ").value == code


@FAST
@given(st.text(max_size=5))
def test_currency_output_is_always_an_iso_code(text):
    try:
        out = run("currency_code", text).value
    except TransformError:
        return
    assert re.fullmatch(r"[A-Z]{3}", out) and out in ISO_CODES


def test_currency_symbols():
    for symbol, code in {"€": "EUR", "$": "USD", "£": "GBP", "¥": "JPY", "CHF": "CHF", "zł": "PLN"}.items():
        assert run("currency_code", symbol).value == code
    with pytest.raises(TransformError, match="ISO 4217"):
        run("currency_code", "XYZ")


# ---------------------------------------------------------------- units


def test_unit_table_is_a_bijection():
    assert len(SAP_TO_ISO) == len(ISO_TO_SAP) == len(UNIT_TABLE)
    for code in set(SAP_TO_ISO) & set(ISO_TO_SAP):  # a code in both columns must mean itself
        assert SAP_TO_ISO[code] == code == ISO_TO_SAP[code]


@pytest.mark.parametrize("sap,iso", UNIT_TABLE)
def test_unit_mapping_round_trips(sap, iso):
    assert run("unit_sap_to_iso", sap).value == iso
    assert run("unit_iso_to_sap", iso).value == sap
    assert run("unit_iso_to_sap", run("unit_sap_to_iso", sap.lower()).value).value == sap
    assert run("unit_sap_to_iso", run("unit_iso_to_sap", iso).value).value == iso
    assert run("unit_sap_to_iso", iso).value == iso  # already ISO
    assert run("unit_iso_to_sap", sap).value == sap  # already SAP


def test_unit_examples_from_documents_and_adc():
    assert run("unit_iso_to_sap", "DAY").value == "TAG"
    assert run("unit_iso_to_sap", "H").value == "H"
    assert run("unit_iso_to_sap", "PC").value == "ST"
    assert run("unit_iso_to_sap", "Stunden").value == "H"
    assert run("unit_sap_to_iso", "H").value == "HUR"
    assert run("unit_sap_to_iso", "kg").value == "KGM"
    assert run("unit_sap_to_iso", "Stk").value == "EA"
    out = run("unit_iso_to_sap", "BOX")
    assert out.value == "BOX" and "not in the unit table" in out.warnings[0]
    with pytest.raises(TransformError, match="unit"):
        run("unit_iso_to_sap", "furlongs per fortnight")


@FAST
@given(st.text(max_size=12), st.sampled_from(["unit_iso_to_sap", "unit_sap_to_iso"]))
def test_unit_output_is_a_short_upper_code(text, name):
    try:
        out = run(name, text).value
    except TransformError:
        return
    assert re.fullmatch(r"[A-Z0-9]{1,3}", out)


# ---------------------------------------------------------------- numbers


@FAST
@given(st.decimals(min_value=-(10**6), max_value=10**6, allow_nan=False, places=5), st.integers(0, 3))
def test_decimal_transform_quantises(number, scale):
    out = run("decimal", str(number), prop("Edm.Decimal", precision=15), scale=scale).value
    assert Decimal(out) == number.quantize(Decimal(1).scaleb(-scale), rounding=ROUND_HALF_UP)
    assert len(out.partition(".")[2]) == scale


@FAST
@given(st.decimals(min_value=-(10**6), max_value=10**6, allow_nan=False, places=2))
def test_abs_and_negate(number):
    amount = prop("Edm.Decimal", precision=15, scale=2)
    assert Decimal(run("abs_amount", number, amount).value) == abs(number)
    assert Decimal(run("negate", number, amount).value) == -number
    assert run("negate", run("negate", number, amount).value, amount).value == to_odata(number, amount).value
    assert not run("negate", number, amount).value.startswith("-0.00")


@FAST
@given(st.decimals(min_value=-(10**6), max_value=10**6, allow_nan=False, places=2))
def test_debit_credit_by_sign(number):
    assume(number != 0)
    assert run("debit_credit", number).value == ("H" if number < 0 else "S")
    assert run("debit_credit", str(number)).value == ("H" if number < 0 else "S")


def test_debit_credit_words():
    for word in ("credit memo", "CREDIT_MEMO", "Gutschrift", "H", "credit"):
        assert run("debit_credit", word).value == "H"
    for word in ("debit", "S", "DEBIT_MEMO", "invoice", "Soll"):
        assert run("debit_credit", word).value == "S"
    for bad in ("maybe", 0, "0.00"):
        with pytest.raises(TransformError):
            run("debit_credit", bad)


@FAST
@given(st.integers(min_value=0, max_value=999), st.booleans())
def test_movement_type_is_three_digits(number, as_text):
    out = run("movement_type", str(number) if as_text else number).value
    assert len(out) == 3 and out.isdigit() and int(out) == number


def test_movement_type_examples_and_errors():
    assert run("movement_type", "z01").value == "Z01"
    for bad in ("1011", "", "10 1"):
        with pytest.raises(TransformError, match="movement type"):
            run("movement_type", bad)


# ---------------------------------------------------------------- truncate, constant


@FAST
@given(st.text(max_size=50), st.integers(min_value=1, max_value=30))
def test_truncate_transform(text, n):
    out = run("truncate", text, prop(max_length=60, name="ItemText"), n=n)
    assert out.value == text[:n]
    assert bool(out.warnings) == (len(text) > n)
    assert not out.warnings or "ItemText" in out.warnings[0]


@FAST
@given(st.one_of(st.none(), st.text(), st.integers()), st.from_regex(r"[A-Z]{2}", fullmatch=True))
def test_constant_ignores_the_input(value, key):
    assert run("constant", value, prop(max_length=2), value=key).value == key


def test_constant_needs_its_value():
    with pytest.raises(TransformError, match="'value'"):
        run("constant", "x")


# ---------------------------------------------------------------- country, language

COUNTRIES = sorted(pycountry.countries, key=lambda c: c.alpha_2)


@FAST
@given(st.sampled_from(COUNTRIES), st.sampled_from(["alpha_2", "alpha_3", "name"]), st.sampled_from([str.lower, str.upper]))
def test_country_code_from_codes_and_names(country, field, case):
    value = case(getattr(country, field))
    assert run("country_code", value).value == country.alpha_2


def test_country_aliases_and_errors():
    for name, code in {"Deutschland": "DE", "Österreich": "AT", "UK": "GB", "U.S.A.": "US", "España": "ES",
                       "Schweiz": "CH", "EL": "GR", "Pays-Bas": "NL"}.items():  # fmt: skip
        assert run("country_code", name).value == code
    with pytest.raises(TransformError, match="country"):
        run("country_code", "Atlantis")


@pytest.mark.parametrize("iso,key", sorted(SAP_LANGUAGE.items()))
def test_language_code_table(iso, key):
    assert run("language_code", iso).value == key
    assert run("language_code", iso.lower() + "-XX").value == key
    assert run("language_code", key).value == key  # SAP key passes through


def test_language_code_examples():
    assert [run("language_code", v).value for v in ("EN", "DE", "FR", "ES", "IT")] == list("EDFSI")
    assert run("language_code", "German").value == "D"
    assert run("language_code", "e").value == "E"
    with pytest.raises(TransformError, match="language"):
        run("language_code", "Klingon")


def test_sap_language_keys_are_unique():
    assert len(set(SAP_LANGUAGE.values())) == len(SAP_LANGUAGE)
    assert all(len(k) == 1 for k in SAP_LANGUAGE.values())


# ---------------------------------------------------------------- apply_transform plumbing


def test_transform_warnings_and_formatting_warnings_are_merged():
    out = run("truncate", "abcdefgh", prop(max_length=3, name="Ref"), n=5)
    assert out.value == "abc"
    assert len(out.warnings) == 2 and all("Ref" in w for w in out.warnings)


def test_apply_transform_formats_for_the_property():
    assert run("parse_date", "18.11.2024", prop("Edm.DateTime")).value == "/Date(1731888000000)/"
    assert run("decimal", "1.005", prop("Edm.Decimal", precision=13, scale=2)).value == "1.01"
    assert run("abs_amount", "-1190", prop("Edm.Decimal", precision=13, scale=2), "V4").value == "1190.00"
    assert run("clean_iban", "de89 3704 0044 0532 0130 00", prop(max_length=34)).value == "DE89370400440532013000"
