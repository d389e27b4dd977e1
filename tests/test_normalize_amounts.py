"""Amounts in both decimal conventions, with signs and currency marks."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sap_llm.normalize import detect_currency, normalize_currency, parse_amount, parse_number, parse_percent

cents = st.integers(min_value=0, max_value=10**11)


def grouped(integer: int, sep: str) -> str:
    text = f"{integer:,}"
    return text.replace(",", sep)


@given(cents=cents, style=st.sampled_from(["de", "en", "ch", "fr", "plain"]), sign=st.sampled_from(["", "-", "trail", "paren"]))
def test_printed_amount_round_trips(cents: int, style: str, sign: str) -> None:
    integer, frac = divmod(cents, 100)
    group, dec = {"de": (".", ","), "en": (",", "."), "ch": ("'", "."), "fr": ("\u202f", ","), "plain": ("", ".")}[style]
    text = f"{grouped(integer, group) if group else integer}{dec}{frac:02d}"
    text = {"": text, "-": "-" + text, "trail": text + "-", "paren": f"({text})"}[sign]
    expected = Decimal(cents) / 100 * (-1 if sign else 1)
    result = parse_amount(text)
    assert result is not None, text
    assert result[0] == expected, text


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [("EUR 1.234,56", "1234.56", "EUR"), ("1.234,56 €", "1234.56", "EUR"), ("$1,234.56", "1234.56", "USD"),
     ("CHF 1'234.50", "1234.50", "CHF"), ("£ 12.00", "12.00", "GBP"), ("12,5", "12.50", None)],
)
def test_currency_marks(text: str, value: str, currency: str | None) -> None:
    assert parse_amount(text) == (Decimal(value), currency)


@pytest.mark.parametrize("text", ["abc", "12.3.4", "1,23,4", "", "IBAN DE89", "2024-11-18"])
def test_non_numbers(text: str) -> None:
    assert parse_number(text) is None


def test_explicit_decimal_separator_resolves_three_digit_tails() -> None:
    assert parse_number("1,500") == Decimal("1500")
    assert parse_number("1,500", decimal=",") == Decimal("1.500")


def test_percent_and_currency() -> None:
    assert parse_percent("19 %") == 19
    assert parse_percent("7,5%") == Decimal("7.5")
    assert parse_percent("250 %") is None
    assert normalize_currency("€") == "EUR" and normalize_currency("chf") == "CHF"
    assert normalize_currency("kr") is None  # ambiguous on purpose
    assert detect_currency("Total EUR 12,00") == "EUR"
    assert detect_currency("EUROPE") is None


@given(st.text(max_size=25))
def test_never_raises(text: str) -> None:
    parse_amount(text)


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [("RM 3.90", "3.90", "MYR"), ("RM3.90", "3.90", "MYR"), ("3.90 RM", "3.90", "MYR"), ("MYR 12.00", "12.00", "MYR"),
     ("US$ 5.00", "5.00", "USD"), ("12,50 EUR", "12.50", "EUR")],
)
def test_currency_codes_touching_or_beside_the_digits(text: str, value: str, currency: str) -> None:
    assert parse_amount(text) == (Decimal(value), currency)


def test_a_word_that_contains_a_code_is_not_an_amount() -> None:
    assert parse_amount("TOTAL 3.90") is None
