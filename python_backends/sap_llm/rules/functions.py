"""The named functions rule conditions may call (a fixed registry, nothing else is callable).

Null handling: most functions are *null-propagating* (any null argument gives a
null result, which makes the rule "not applicable" rather than failed); the
ones marked ``null_safe`` see nulls themselves (``exists``, ``coalesce``,
``count`` ...). *Quantifiers* (``all``, ``any``, ``none``, ``count_if``,
``sum_of``, ``filter``) take a list and an expression evaluated once per element
with ``item`` (and ``index``) bound; the evaluator handles those.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from stdnum import bic as std_bic
from stdnum import get_cc_module
from stdnum import iban as std_iban
from stdnum.exceptions import ValidationError as StdnumValidationError


class EvalError(ValueError):
    """A condition that cannot be evaluated on these inputs (wrong types, bad pattern...)."""


@dataclass(frozen=True)
class Function:
    name: str
    impl: Callable[..., Any]
    min_args: int
    max_args: int | None
    null_safe: bool = False
    doc: str = ""


FUNCTIONS: dict[str, Function] = {}
#: Functions whose 2nd (and later) argument is evaluated per list element with ``item`` bound.
QUANTIFIERS = frozenset({"all", "any", "none", "count_if", "sum_of", "filter", "max_of", "min_of"})


def register(name: str, min_args: int, max_args: int | None = None, *, null_safe: bool = False):
    def deco(fn: Callable[..., Any]) -> Callable[..., Any]:
        FUNCTIONS[name] = Function(name, fn, min_args, min_args if max_args is None else max_args,
                                   null_safe, (fn.__doc__ or "").strip())
        return fn

    return deco


def register_variadic(name: str, min_args: int, *, null_safe: bool = False):
    def deco(fn: Callable[..., Any]) -> Callable[..., Any]:
        FUNCTIONS[name] = Function(name, fn, min_args, None, null_safe, (fn.__doc__ or "").strip())
        return fn

    return deco


# ── coercions shared with the evaluator ──────────────────────────────────────
_NUMERIC_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def to_number(value: Any, *, what: str = "value") -> float | int:
    """Numbers pass; decimal strings (the contract allows them for amounts) are converted."""
    if isinstance(value, bool):
        raise EvalError(f"{what} is a boolean, not a number")
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, str) and _NUMERIC_RE.match(value.strip()):
        text = value.strip()
        return float(text) if any(c in text for c in ".eE") else int(text)
    raise EvalError(f"{what} {value!r} is not a number")


def is_numeric(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, (int, float, Decimal)) or (
        isinstance(value, str) and bool(_NUMERIC_RE.match(value.strip())))


def to_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError as exc:
            raise EvalError(f"{value!r} is not an ISO date (YYYY-MM-DD)") from exc
    raise EvalError(f"{value!r} is not a date")


def compact(value: Any) -> str:
    return re.sub(r"[\s.\-/]", "", str(value)).upper()


# ── presence ─────────────────────────────────────────────────────────────────
@register("exists", 1, null_safe=True)
def _exists(value: Any) -> bool:
    """True when the value is present: not null, not an empty string or list."""
    return value is not None and value != "" and value != []


@register("missing", 1, null_safe=True)
def _missing(value: Any) -> bool:
    """The opposite of exists()."""
    return not _exists(value)


@register_variadic("coalesce", 1, null_safe=True)
def _coalesce(*values: Any) -> Any:
    """The first argument that is not null."""
    return next((v for v in values if v is not None), None)


# ── numbers ──────────────────────────────────────────────────────────────────
@register("number", 1)
def _number(value: Any) -> float | int:
    """The value as a number (decimal strings are accepted)."""
    return to_number(value)


@register("is_number", 1)
def _is_number(value: Any) -> bool:
    """True for a number or a decimal string."""
    return is_numeric(value)


@register("abs", 1)
def _abs(value: Any) -> float | int:
    return abs(to_number(value))


@register("round", 1, 2)
def _round(value: Any, places: Any = 0) -> float | int:
    return round(to_number(value), int(to_number(places)))


@register_variadic("min", 1)
def _min(*values: Any) -> Any:
    """Smallest of the arguments, or of one list argument (nulls in a list are skipped)."""
    items = _flatten_args(values)
    return min(items) if items else None


@register_variadic("max", 1)
def _max(*values: Any) -> Any:
    """Largest of the arguments, or of one list argument (nulls in a list are skipped)."""
    items = _flatten_args(values)
    return max(items) if items else None


def _flatten_args(values: tuple[Any, ...]) -> list[Any]:
    if len(values) == 1 and isinstance(values[0], list):
        return [to_number(v) for v in values[0] if v is not None]
    return [to_number(v) for v in values]


@register("sum", 1)
def _sum(values: Any) -> float | int | None:
    """Sum of a list of numbers; null if any element is null (the total is then unknown)."""
    if not isinstance(values, list):
        raise EvalError("sum() needs a list")
    if any(v is None for v in values):
        return None
    return sum(to_number(v) for v in values)


@register("count", 1, null_safe=True)
def _count(values: Any) -> int:
    """Number of non-null elements of a list (0 for null)."""
    if values is None:
        return 0
    if not isinstance(values, list):
        raise EvalError("count() needs a list")
    return sum(1 for v in values if v is not None)


@register("len", 1)
def _len(value: Any) -> int:
    """Length of a string or list."""
    if isinstance(value, (str, list, dict)):
        return len(value)
    return len(str(value))


@register("approx_equal", 2, 3)
def _approx_equal(a: Any, b: Any, tolerance: Any = 0.01) -> bool:
    """|a - b| <= tolerance (absolute)."""
    return abs(to_number(a) - to_number(b)) <= to_number(tolerance) + 1e-9


@register("pct_diff", 2)
def _pct_diff(value: Any, reference: Any) -> float:
    """(value - reference) / |reference| × 100; null when the reference is 0."""
    ref = to_number(reference)
    if ref == 0:
        return None  # type: ignore[return-value]
    return (to_number(value) - ref) / abs(ref) * 100.0


@register("decimals", 1)
def _decimals(value: Any) -> int:
    """Number of digits after the decimal point as written."""
    text = str(value)
    if isinstance(value, float):
        text = repr(value)
    return len(text.split(".", 1)[1]) if "." in text else 0


# ── strings ──────────────────────────────────────────────────────────────────
@register("lower", 1)
def _lower(value: Any) -> str:
    return str(value).lower()


@register("upper", 1)
def _upper(value: Any) -> str:
    return str(value).upper()


@register("strip", 1)
def _strip(value: Any) -> str:
    return str(value).strip()


@register("compact", 1)
def _compact(value: Any) -> str:
    """Upper case without spaces, dots, dashes and slashes (for identifiers)."""
    return compact(value)


@register("normalize_number", 1)
def _normalize_number(value: Any) -> str:
    """A document number for fuzzy comparison: alphanumerics only, upper case, no leading zeros."""
    return normalize_doc_number(value)


def normalize_doc_number(value: Any) -> str:
    """Alphanumerics only, upper case, leading zeros dropped: ``RE-2024/0815`` → ``RE20240815``."""
    text = re.sub(r"[^0-9A-Za-z]", "", str(value)).upper()
    return text.lstrip("0") or ("0" if text else "")


def digits_key(value: Any) -> str:
    """Digits only, leading zeros dropped (``INV 000815`` → ``815``): the looser fuzzy-duplicate key."""
    digits = re.sub(r"[^0-9]", "", str(value))
    return digits.lstrip("0") or ("0" if digits else "")


@lru_cache(maxsize=512)
def _compiled(pattern: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise EvalError(f"invalid regular expression {pattern!r}: {exc}") from exc


@register("matches", 2)
def _matches(value: Any, pattern: Any) -> bool:
    """The whole value matches the regular expression."""
    return _compiled(str(pattern)).fullmatch(str(value)) is not None


@register("starts_with", 2)
def _starts_with(value: Any, prefix: Any) -> bool:
    return str(value).startswith(str(prefix))


@register("contains", 2)
def _contains(container: Any, value: Any) -> bool:
    """Substring of a string, or element of a list."""
    if isinstance(container, list):
        return value in container
    return str(value) in str(container)


@register("similar", 2, 3)
def _similar(a: Any, b: Any, threshold: Any = 0.8) -> bool:
    """Names alike: token overlap (Jaccard over alphanumeric words) >= threshold."""
    return name_similarity(str(a), str(b)) >= to_number(threshold)


def name_similarity(a: str, b: str) -> float:
    ta = set(re.findall(r"[a-z0-9]+", a.lower()))
    tb = set(re.findall(r"[a-z0-9]+", b.lower()))
    if not ta or not tb:
        return 0.0
    return len(ta & tb) / len(ta | tb)


# ── lists ────────────────────────────────────────────────────────────────────
@register("unique", 1)
def _unique(values: Any) -> bool:
    """True when no non-null element occurs twice."""
    if not isinstance(values, list):
        raise EvalError("unique() needs a list")
    present = [v for v in values if v is not None]
    return len(present) == len(set(map(str, present)))


@register("distinct", 1)
def _distinct(values: Any) -> list[Any]:
    """The list's distinct non-null elements, in order."""
    if not isinstance(values, list):
        raise EvalError("distinct() needs a list")
    return list(dict.fromkeys(v for v in values if v is not None))


# ── dates ────────────────────────────────────────────────────────────────────
@register("date", 1)
def _date(value: Any) -> dt.date:
    """An ISO date (YYYY-MM-DD) as a date."""
    return to_date(value)


@register("is_date", 1)
def _is_date(value: Any) -> bool:
    """True for a valid ISO 8601 calendar date YYYY-MM-DD."""
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


@register("days_between", 2)
def _days_between(start: Any, end: Any) -> int:
    """end - start in days (negative when end is earlier)."""
    return (to_date(end) - to_date(start)).days


@register("add_days", 2)
def _add_days(value: Any, days: Any) -> dt.date:
    return to_date(value) + dt.timedelta(days=int(to_number(days)))


@register("year", 1)
def _year(value: Any) -> int:
    return to_date(value).year


@register("month", 1)
def _month(value: Any) -> int:
    return to_date(value).month


# ``today()`` is supplied by the evaluator (it reads the context's date so tests are reproducible).


# ── identifiers ──────────────────────────────────────────────────────────────
@register("is_iban", 1)
def _is_iban(value: Any) -> bool:
    """ISO 13616: country format and mod-97 check digits."""
    return bool(std_iban.is_valid(str(value)))


@register("iban_country", 1)
def _iban_country(value: Any) -> str:
    return compact(value)[:2]


@register("iban_matches", 2)
def _iban_matches(iban: Any, known: Any) -> bool:
    """The IBAN (compacted) equals the known account or one of a list of them."""
    wanted = compact(iban)
    accounts = known if isinstance(known, list) else [known]
    return any(compact(a) == wanted for a in accounts if a is not None)


@register("is_bic", 1)
def _is_bic(value: Any) -> bool:
    """ISO 9362 BIC: 8 or 11 characters, valid country code."""
    return bool(std_bic.is_valid(str(value)))


def vat_valid(value: str) -> bool:
    number = compact(value)
    if len(number) < 4 or not number[:2].isalpha():
        return False
    country = number[:2].lower()
    country = {"el": "gr", "xi": "gb"}.get(country, country)
    try:
        module = get_cc_module(country, "vat")
    except (ImportError, AttributeError):
        module = None
    if module is None:
        return False
    try:
        if module.is_valid(number):
            return True
        if country == "ch":  # a Swiss VAT number is the UID (CHE + 9 digits) with or without MWST/TVA/IVA
            from stdnum.ch import uid

            return bool(uid.is_valid(re.sub(r"(MWST|TVA|IVA)$", "", number)))
        return False
    except StdnumValidationError:
        return False


@register("is_vat", 1)
def _is_vat(value: Any) -> bool:
    """VAT registration number with a country prefix and valid check digits (python-stdnum)."""
    return vat_valid(str(value))


@register("vat_country", 1)
def _vat_country(value: Any) -> str:
    return compact(value)[:2]


@register("vat_matches", 2)
def _vat_matches(vat: Any, known: Any) -> bool:
    """The VAT id (compacted) equals the known id or one of a list of them."""
    wanted = compact(vat)
    ids = known if isinstance(known, list) else [known]
    return any(compact(v) == wanted for v in ids if v is not None)


@lru_cache(maxsize=1)
def _currency_codes() -> frozenset[str]:
    import pycountry

    return frozenset(c.alpha_4 if hasattr(c, "alpha_4") else c.alpha_3 for c in pycountry.currencies)


@register("is_currency", 1)
def _is_currency(value: Any) -> bool:
    """An ISO 4217 currency code (upper case, three letters)."""
    return isinstance(value, str) and value in _currency_codes()


@lru_cache(maxsize=1)
def _country_codes() -> frozenset[str]:
    import pycountry

    return frozenset(c.alpha_2 for c in pycountry.countries)


@register("is_country", 1)
def _is_country(value: Any) -> bool:
    """An ISO 3166-1 alpha-2 country code."""
    return isinstance(value, str) and value in _country_codes()


@register("has_vat_checksum", 1)
def _has_vat_checksum(value: Any) -> bool:
    """True when python-stdnum knows the check-digit algorithm of this VAT id's country."""
    number = compact(value)
    if len(number) < 3 or not number[:2].isalpha():
        return False
    country = {"el": "gr", "xi": "gb"}.get(number[:2].lower(), number[:2].lower())
    try:
        return get_cc_module(country, "vat") is not None
    except (ImportError, AttributeError):
        return False


@register("is_ean", 1)
def _is_ean(value: Any) -> bool:
    """EAN-8/13 or GTIN-14 with a valid check digit."""
    from stdnum import ean

    return bool(ean.is_valid(str(value)))
