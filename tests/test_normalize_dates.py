"""Dates in the five languages' printed formats round-trip to ISO."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sap_llm.normalize import parse_date

MONTH_NAMES = {
    "EN": ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"],
    "DE": ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
           "Oktober", "November", "Dezember"],
    "FR": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
           "octobre", "novembre", "décembre"],
    "ES": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
           "octubre", "noviembre", "diciembre"],
    "IT": ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
           "settembre", "ottobre", "novembre", "dicembre"],
}

dates = st.dates(min_value=dt.date(1971, 1, 1), max_value=dt.date(2068, 12, 31))


def printed(d: dt.date, language: str, style: int) -> str:
    month = MONTH_NAMES[language][d.month - 1]
    return [
        f"{d.day:02d}.{d.month:02d}.{d.year}",
        f"{d.day:02d}/{d.month:02d}/{d.year}",
        d.isoformat(),
        f"{d.day:02d}.{d.month:02d}.{d.year % 100:02d}",
        {"EN": f"{month[:3]} {d.day}, {d.year}", "DE": f"{d.day}. {month} {d.year}",
         "FR": f"{d.day} {month} {d.year}", "ES": f"{d.day} de {month} de {d.year}",
         "IT": f"{d.day} {month} {d.year}"}[language],
        f"{d.day:02d}-{month[:3]}-{d.year}",
    ][style]


@settings(max_examples=300, deadline=None)
@given(d=dates, language=st.sampled_from(sorted(MONTH_NAMES)), style=st.integers(0, 5))
def test_every_printed_style_parses_back(d: dt.date, language: str, style: int) -> None:
    text = printed(d, language, style)
    if style == 5 and language in {"FR"} and d.month in (6, 7):
        return  # "jui" is ambiguous (juin / juillet): nobody abbreviates it that way
    assert parse_date(text) == d.isoformat(), text


@pytest.mark.parametrize(
    ("text", "iso"),
    [("18 nov. 24", "2024-11-18"), ("18 de noviembre de 2024", "2024-11-18"), ("Nov 18, 2024", "2024-11-18"),
     ("11/18/2024", "2024-11-18"), ("1er mars 2024", "2024-03-01"), ("18. März 2024", "2024-03-18")],
)
def test_examples(text: str, iso: str) -> None:
    assert parse_date(text) == iso


def test_month_first_only_decides_ambiguous_dates() -> None:
    assert parse_date("03/04/2024") == "2024-04-03"
    assert parse_date("03/04/2024", month_first=True) == "2024-03-04"
    assert parse_date("13/04/2024", month_first=True) == "2024-04-13"


@pytest.mark.parametrize("text", ["31.02.2024", "Invoice 2024", "", "12345", "RE-2024-0815", "18 Foo 2024"])
def test_non_dates_are_none(text: str) -> None:
    assert parse_date(text) is None


@given(st.text(max_size=30))
def test_never_raises_and_output_is_iso(text: str) -> None:
    result = parse_date(text)
    assert result is None or dt.date.fromisoformat(result)
