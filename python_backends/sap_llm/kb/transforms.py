"""Transformation registry: an ADC value (contract normal form) → the value an SAP OData property accepts.

A transform is a small pure function ``fn(value, prop, odata_version, **params)`` registered under a
name; ``apply_transform`` runs it and then ``to_odata``, which formats the value by the property's EDM
type and facets (JSON as the OData V2 / V4 request body wants it). Decisions:

* ``Edm.Decimal`` (and ``Edm.Int64``) are JSON *strings* in V2 (the V2 JSON format) and also in V4,
  where a V4 request must then say ``IEEE754Compatible=true`` (``V4_CONTENT_TYPE``): a string keeps
  every digit, a JSON number may not.
* ``None`` stays ``None``; whether a property may be empty is the caller's decision.
"""

from __future__ import annotations

import datetime as dt
import inspect
import re
import unicodedata
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from functools import lru_cache
from typing import Any

from sap_llm.kb.model import PropertySpec
from sap_llm.normalize.amounts import parse_number
from sap_llm.normalize.currency import normalize_currency
from sap_llm.normalize.dates import parse_date as _parse_date_text
from sap_llm.normalize.ids import normalize_iban, normalize_vat_id
from sap_llm.normalize.units import normalize_unit

V4_CONTENT_TYPE = "application/json;IEEE754Compatible=true"


class TransformError(ValueError):
    """A value cannot be converted; the message says which value and why."""


@dataclass(frozen=True)
class TransformResult:
    value: Any
    warnings: tuple[str, ...] = ()


TRANSFORMS: dict[str, Callable[..., Any]] = {}
_NONE_AWARE: set[str] = set()  # transforms that also run on None (constant)


def register(name: str, *, none_aware: bool = False) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Decorator: put ``fn`` in ``TRANSFORMS`` under ``name``."""

    def deco(fn: Callable[..., Any]) -> Callable[..., Any]:
        if name in TRANSFORMS:
            raise ValueError(f"transform {name!r} registered twice")
        TRANSFORMS[name] = fn
        if none_aware:
            _NONE_AWARE.add(name)
        return fn

    return deco


def transform_names() -> list[str]:
    return sorted(TRANSFORMS)


_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
_TRUE = {"true", "yes", "x", "1", "y", "ja", "j", "oui", "si", "sí", "on"}
_FALSE = {"false", "no", "0", "n", "nein", "non", "off"}
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
_SAP_DATE = re.compile(r"^/Date\((-?\d+)([+-]\d{4})?\)/$")
_PT_TIME = re.compile(r"^PT(\d{1,2})H(\d{1,2})M(\d{1,2})(?:\.\d+)?S$")
_INT_RANGES = {"Edm.Byte": (0, 255), "Edm.SByte": (-128, 127), "Edm.Int16": (-(2**15), 2**15 - 1),
               "Edm.Int32": (-(2**31), 2**31 - 1), "Edm.Int64": (-(2**63), 2**63 - 1)}  # fmt: skip


def _to_decimal(value: Any) -> Decimal:
    if isinstance(value, bool) or value is None:
        raise TransformError(f"{value!r} is not a number")
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
    elif isinstance(value, str):
        text = value.strip()
        parsed = Decimal(text) if _PLAIN_NUMBER.match(text) else parse_number(text)
        if parsed is None:
            raise TransformError(f"{value!r} is not a number")
        number = parsed
    else:
        raise TransformError(f"{value!r} ({type(value).__name__}) is not a number")
    if not number.is_finite() or (number and abs(number.adjusted()) > 60):
        raise TransformError(f"{value!r} is not a finite number of a sensible size")
    return number


def _quantize(number: Decimal, scale: int) -> Decimal:
    try:
        with localcontext() as ctx:
            ctx.prec = 200
            out = number.quantize(Decimal(1).scaleb(-scale), rounding=ROUND_HALF_UP)
    except InvalidOperation as exc:
        raise TransformError(f"{number} cannot be rounded to {scale} decimal places") from exc
    return abs(out) if out == 0 else out  # no "-0.00"


def _to_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    raise TransformError(f"{value!r} is not a boolean (true/false, yes/no, X, 1/0)")


def _to_date_or_datetime(value: Any, *, month_first: bool = False) -> dt.date:
    if isinstance(value, dt.date):  # also datetime
        return value
    if isinstance(value, str):
        text = value.strip()
        match = _SAP_DATE.match(text)
        if match:
            return _EPOCH + dt.timedelta(milliseconds=int(match[1]))
        try:
            return dt.datetime.fromisoformat(text.replace("Z", "+00:00")) if "T" in text else dt.date.fromisoformat(text)
        except ValueError:
            iso = _parse_date_text(text, month_first=month_first)
            if iso:
                return dt.date.fromisoformat(iso)
    raise TransformError(f"{value!r} is not a date")


def _utc(value: dt.date) -> dt.datetime:
    if not isinstance(value, dt.datetime):
        return dt.datetime(value.year, value.month, value.day, tzinfo=dt.timezone.utc)
    return value.replace(tzinfo=dt.timezone.utc) if value.tzinfo is None else value.astimezone(dt.timezone.utc)


def _to_time(value: Any) -> dt.time:
    if isinstance(value, dt.time | dt.datetime):
        return value.time() if isinstance(value, dt.datetime) else value
    match = _PT_TIME.match(value.strip().upper()) if isinstance(value, str) else None
    try:
        if match:
            return dt.time(int(match[1]), int(match[2]), int(match[3]))
        if isinstance(value, str):
            return dt.time.fromisoformat(value.strip())
    except ValueError:
        pass
    raise TransformError(f"{value!r} is not a time of day")


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).replace(".", " ").split())


def to_odata(value: Any, prop: PropertySpec, *, odata_version: str = "V2") -> TransformResult:
    """Format ``value`` for ``prop`` by its EDM type and facets (max_length, precision, scale)."""
    if odata_version not in ("V2", "V4"):
        raise TransformError(f"unknown OData version {odata_version!r} (V2 or V4)")
    if value is None:
        return TransformResult(None)
    kind, v4 = prop.type, odata_version == "V4"
    try:
        if kind == "Edm.String":
            return _format_string(value, prop)
        if kind == "Edm.Decimal":
            return _format_decimal(value, prop)
        if kind in ("Edm.DateTime", "Edm.DateTimeOffset", "Edm.Date"):
            moment = _utc(_to_date_or_datetime(value))
            if kind == "Edm.Date":
                return TransformResult(moment.date().isoformat())
            if v4:
                frac = f".{moment.microsecond // 1000:03d}" if moment.microsecond else ""
                return TransformResult(moment.strftime("%Y-%m-%dT%H:%M:%S") + frac + "Z")
            ms = (moment - _EPOCH) // dt.timedelta(milliseconds=1)
            return TransformResult(f"/Date({ms}+0000)/" if kind == "Edm.DateTimeOffset" else f"/Date({ms})/")
        if kind == "Edm.Boolean":
            return TransformResult(_to_bool(value))
        if kind in _INT_RANGES:
            return _format_int(value, prop)
        if kind in ("Edm.Double", "Edm.Single"):
            number = float(_to_decimal(value))
            if number in (float("inf"), float("-inf")):
                raise TransformError(f"{value!r} is too large for {kind}")
            return TransformResult(number)
        if kind == "Edm.Guid":
            return TransformResult(str(value if isinstance(value, uuid.UUID) else uuid.UUID(str(value).strip())))
        if kind in ("Edm.Time", "Edm.TimeOfDay"):
            t = _to_time(value)
            if kind == "Edm.Time":
                return TransformResult(f"PT{t.hour:02d}H{t.minute:02d}M{t.second:02d}S")
            return TransformResult(f"{t.hour:02d}:{t.minute:02d}:{t.second:02d}")
    except TransformError as exc:
        raise TransformError(f"{prop.name} ({kind}): {exc}") from exc
    except (ValueError, TypeError, OverflowError) as exc:
        raise TransformError(f"{prop.name} ({kind}): cannot convert {value!r}: {exc}") from exc
    return TransformResult(value, (f"{prop.name}: no formatting rule for type {kind}; value passed unchanged",))


def _format_string(value: Any, prop: PropertySpec) -> TransformResult:
    if isinstance(value, bool):
        text = "X" if value else ""  # ABAP flag convention
    elif isinstance(value, Decimal | float):
        text = format(_to_decimal(value), "f")
    elif isinstance(value, dt.date):
        text = value.isoformat()
    elif isinstance(value, dict | list | tuple | set):
        raise TransformError(f"a {type(value).__name__} is not a string value")
    else:
        text = str(value)
    if prop.display_format == "UpperCase":
        text = text.upper()
    if prop.max_length and len(text) > prop.max_length:
        warning = f"{prop.name}: value of length {len(text)} truncated to max_length {prop.max_length}"
        return TransformResult(text[: prop.max_length], (warning,))
    return TransformResult(text)


def _format_decimal(value: Any, prop: PropertySpec) -> TransformResult:
    number = _to_decimal(value)
    warnings: tuple[str, ...] = ()
    if prop.scale is not None:
        rounded = _quantize(number, prop.scale)
        if rounded != number:
            warnings = (f"{prop.name}: {number} rounded to {rounded} (scale {prop.scale})",)
        number = rounded
    if prop.precision is not None:
        digits, exponent = number.as_tuple().digits, int(number.as_tuple().exponent)
        total = len(digits) + exponent if exponent >= 0 else max(len(digits) + exponent, 0) - exponent
        if total > prop.precision:
            raise TransformError(f"{number} has {total} digits, more than precision {prop.precision}")
    return TransformResult(format(number, "f"), warnings)


def _format_int(value: Any, prop: PropertySpec) -> TransformResult:
    number = _to_decimal(value)
    if number != number.to_integral_value():
        raise TransformError(f"{value!r} is not a whole number")
    low, high = _INT_RANGES[prop.type]
    if not low <= number <= high:
        raise TransformError(f"{value!r} is outside {prop.type}'s range {low}..{high}")
    return TransformResult(str(int(number)) if prop.type == "Edm.Int64" else int(number))


def apply_transform(
    name: str, value: Any, prop: PropertySpec, *, odata_version: str = "V2", params: Mapping[str, Any] | None = None
) -> TransformResult:
    """Run transform ``name`` on ``value`` (with ``params``), then ``to_odata`` for ``prop``."""
    fn = TRANSFORMS.get(name)
    if fn is None:
        raise TransformError(f"unknown transform {name!r}; known: {', '.join(transform_names())}")
    kwargs = dict(params or {})
    try:
        inspect.signature(fn).bind(value, prop, odata_version, **kwargs)
    except TypeError as exc:
        raise TransformError(f"transform {name!r}: bad parameters {kwargs}: {exc}") from exc
    warnings: tuple[str, ...] = ()
    out = None
    if value is not None or name in _NONE_AWARE:
        try:
            out = fn(value, prop, odata_version, **kwargs)
        except (ValueError, ArithmeticError) as exc:  # TransformError is a ValueError
            raise TransformError(f"{name} for {prop.name}: {exc}") from exc
        if isinstance(out, TransformResult):
            out, warnings = out.value, out.warnings
    final = to_odata(out, prop, odata_version=odata_version)
    return TransformResult(final.value, warnings + final.warnings)


@register("identity")
def identity(value: Any, prop: PropertySpec, odata_version: str) -> Any:
    return value


@register("strip")
def strip(value: Any, prop: PropertySpec, odata_version: str) -> Any:
    return value.strip() if isinstance(value, str) else value


@register("upper")
def upper(value: Any, prop: PropertySpec, odata_version: str) -> str:
    return str(value).upper()


@register("pad_left_zeros")
def pad_left_zeros(value: Any, prop: PropertySpec, odata_version: str, n: int | None = None) -> str:
    """SAP ALPHA conversion: a pure digit string is left-padded with zeros to ``n``; others stay."""
    width = n if n is not None else prop.max_length
    if width is None:
        raise TransformError("pad_left_zeros needs n or a property max_length")
    text = str(value).strip()
    if len(text) > width:
        raise TransformError(f"{value!r} is longer than {width} characters")
    return text.zfill(width) if text.isascii() and text.isdigit() else text


@register("parse_date")
def parse_date(value: Any, prop: PropertySpec, odata_version: str, month_first: bool = False) -> dt.date:
    """An ADC ISO date (or a printed / ISO date-time / ``/Date(ms)/``) → ``datetime.date``."""
    moment = _to_date_or_datetime(value, month_first=month_first)
    return moment.date() if isinstance(moment, dt.datetime) else moment


@register("clean_iban")
def clean_iban(value: Any, prop: PropertySpec, odata_version: str) -> str:
    """Compact upper-case IBAN; raises unless the country format and mod-97 check digits hold."""
    iban = normalize_iban(str(value))
    if iban is None:
        raise TransformError(f"{value!r} is not a valid IBAN (length, country format or check digits)")
    return iban


@register("normalize_vat")
def normalize_vat(
    value: Any, prop: PropertySpec, odata_version: str, country: str | None = None, check: bool = False
) -> str:
    """VAT id compact upper case with its country prefix (``country`` adds a missing one)."""
    compact = normalize_vat_id(str(value), check=False)
    if compact and not compact[:2].isalpha() and country:
        compact = country.strip().upper() + compact
    if not compact or not compact[:2].isalpha():
        raise TransformError(f"{value!r} is not a VAT id with a country prefix")
    if check and normalize_vat_id(compact, check=True) is None:
        raise TransformError(f"{value!r} fails its country's VAT check digits")
    return compact


@lru_cache(maxsize=1)
def iso_currencies() -> frozenset[str]:
    import pycountry

    return frozenset(c.alpha_3 for c in pycountry.currencies)


@register("currency_code")
def currency_code(value: Any, prop: PropertySpec, odata_version: str) -> str:
    """ISO 4217 code from a code or symbol (``€`` → ``EUR``)."""
    text = str(value).strip()
    code = normalize_currency(text) or text.upper()
    if code not in iso_currencies():
        raise TransformError(f"{value!r} is not an ISO 4217 currency")
    return code


# (SAP internal unit, ISO / UN-ECE Rec. 20 code); both columns unique.
UNIT_TABLE: tuple[tuple[str, str], ...] = (
    ("ST", "PCE"), ("EA", "EA"), ("KG", "KGM"), ("G", "GRM"), ("MG", "MGM"), ("TO", "TNE"), ("L", "LTR"),
    ("ML", "MLT"), ("M", "MTR"), ("CM", "CMT"), ("MM", "MMT"), ("KM", "KMT"), ("M2", "MTK"), ("M3", "MTQ"),
    ("H", "HUR"), ("MIN", "MIN"), ("S", "SEC"), ("TAG", "DAY"), ("WCH", "WEE"), ("MON", "MON"), ("JHR", "ANN"),
    ("PAA", "PR"), ("PAK", "PK"), ("KAR", "CT"), ("PAL", "PF"), ("ROL", "RO"), ("LE", "C62"), ("KWH", "KWH"),
)  # fmt: skip
SAP_TO_ISO = dict(UNIT_TABLE)
ISO_TO_SAP = {iso: sap for sap, iso in UNIT_TABLE}
_UNIT_ALIASES = {"PC": "ST", "H87": "ST", "CAR": "KAR", "AU": "LE", "HR": "H", "D": "TAG"}  # → SAP
_UNIT_CODE = re.compile(r"^[A-Z0-9]{1,3}$")


def _unit(value: Any, to_iso: bool) -> TransformResult:
    text = str(value).strip()
    code = text.upper()
    here, there = (SAP_TO_ISO, ISO_TO_SAP) if to_iso else (ISO_TO_SAP, SAP_TO_ISO)
    if code in here:
        return TransformResult(here[code])
    if code in there:
        return TransformResult(code)  # already in the wanted code system
    word = _UNIT_ALIASES.get(code) or normalize_unit(text)  # SAP commercial code or a printed unit word
    word = _UNIT_ALIASES.get(word, word) if word else None
    sap = word if word in SAP_TO_ISO else ISO_TO_SAP.get(word or "")
    if sap:
        return TransformResult(SAP_TO_ISO[sap] if to_iso else sap)
    guess = word or code
    if _UNIT_CODE.match(guess):
        return TransformResult(guess, (f"unit {value!r} not in the unit table; passed through as {guess!r}",))
    raise TransformError(f"{value!r} is not a known unit of measure")


@register("unit_iso_to_sap")
def unit_iso_to_sap(value: Any, prop: PropertySpec, odata_version: str) -> TransformResult:
    """ISO / ADC unit (``KGM``, ``DAY``, ``EA``, ``pcs``) → SAP internal unit (``KG``, ``TAG``, ``EA``, ``ST``)."""
    return _unit(value, to_iso=False)


@register("unit_sap_to_iso")
def unit_sap_to_iso(value: Any, prop: PropertySpec, odata_version: str) -> TransformResult:
    """SAP internal / ADC unit (``KG``, ``TAG``, ``H``) → ISO code (``KGM``, ``DAY``, ``HUR``)."""
    return _unit(value, to_iso=True)


@register("decimal")
def decimal(value: Any, prop: PropertySpec, odata_version: str, scale: int | None = None) -> Decimal:
    """A number rounded half-up to ``scale`` places (default: the property's scale)."""
    places = scale if scale is not None else prop.scale
    number = _to_decimal(value)
    return number if places is None else _quantize(number, places)


@register("truncate")
def truncate(value: Any, prop: PropertySpec, odata_version: str, n: int | None = None) -> TransformResult:
    width = n if n is not None else prop.max_length
    text = str(value)
    if width is None or len(text) <= width:
        return TransformResult(text)
    return TransformResult(text[:width], (f"{prop.name}: value of length {len(text)} truncated to {width}",))


_COUNTRY_ALIASES = {
    "uk": "GB", "el": "GR", "england": "GB", "great britain": "GB", "britain": "GB", "usa": "US",
    "u s a": "US", "u s": "US", "america": "US", "deutschland": "DE", "allemagne": "DE", "alemania": "DE",
    "germania": "DE", "osterreich": "AT", "autriche": "AT", "schweiz": "CH", "suisse": "CH",
    "svizzera": "CH", "suiza": "CH", "frankreich": "FR", "francia": "FR", "italien": "IT", "italie": "IT",
    "italia": "IT", "spanien": "ES", "espagne": "ES", "espana": "ES", "spagna": "ES", "niederlande": "NL",
    "pays-bas": "NL", "paises bajos": "NL", "paesi bassi": "NL", "holland": "NL", "belgien": "BE",
    "belgique": "BE", "belgica": "BE", "belgio": "BE", "vereinigtes konigreich": "GB", "royaume-uni": "GB",
    "reino unido": "GB", "regno unito": "GB", "vereinigte staaten": "US", "etats-unis": "US",
    "estados unidos": "US", "stati uniti": "US", "polen": "PL", "pologne": "PL", "tschechien": "CZ",
    "danemark": "DK", "schweden": "SE", "suede": "SE", "norwegen": "NO", "luxemburg": "LU", "irland": "IE",
    "turkei": "TR", "turkey": "TR", "russia": "RU",
}  # fmt: skip


@register("country_code")
def country_code(value: Any, prop: PropertySpec, odata_version: str) -> str:
    """ISO 3166 alpha-2 from alpha-2, alpha-3 or a common (EN / DE / FR / ES / IT) name."""
    import pycountry

    key = _fold(str(value))
    if key in _COUNTRY_ALIASES:
        return _COUNTRY_ALIASES[key]
    try:
        return str(pycountry.countries.lookup(str(value).strip()).alpha_2)
    except LookupError:
        raise TransformError(f"{value!r} is not a known country") from None


# ISO 639-1 → SAP one-character language key (table T002).
SAP_LANGUAGE = {
    "EN": "E", "DE": "D", "FR": "F", "ES": "S", "IT": "I", "PT": "P", "NL": "N", "DA": "K", "SV": "V",
    "FI": "U", "NO": "O", "PL": "L", "CS": "C", "SK": "Q", "HU": "H", "RU": "R", "TR": "T", "JA": "J",
    "ZH": "1", "TH": "2", "KO": "3", "RO": "4", "SL": "5", "HR": "6", "MS": "7", "UK": "8", "ET": "9",
    "AR": "A", "HE": "B", "EL": "G", "BG": "W", "LT": "X", "LV": "Y", "AF": "a", "IS": "b", "CA": "c",
    "ID": "i", "SR": "0",
}  # fmt: skip
_LANGUAGE_NAMES = {"english": "EN", "german": "DE", "deutsch": "DE", "french": "FR", "francais": "FR",
                   "spanish": "ES", "espanol": "ES", "italian": "IT", "italiano": "IT", "dutch": "NL",
                   "portuguese": "PT", "polish": "PL"}  # fmt: skip


@register("language_code")
def language_code(value: Any, prop: PropertySpec, odata_version: str) -> str:
    """ISO 639-1 (``EN``, ``de-DE``, ``German``) → SAP key (``E``, ``D``); a 1-char SAP key passes."""
    text = str(value).strip()
    if len(text) == 1 and text in SAP_LANGUAGE.values():
        return text
    if len(text) == 1 and text.upper() in SAP_LANGUAGE.values():
        return text.upper()
    code = _LANGUAGE_NAMES.get(_fold(text)) or re.split(r"[-_]", text)[0].upper()
    if code not in SAP_LANGUAGE:
        raise TransformError(f"{value!r} is not a known language")
    return SAP_LANGUAGE[code]


_CREDIT = {"h", "credit", "cr", "haben", "credit memo", "credit_memo", "credit note", "gutschrift",
           "avoir", "nota di credito", "nota de credito", "supplier_credit_memo"}  # fmt: skip
_DEBIT = {"s", "debit", "dr", "soll", "debit memo", "debit_memo", "invoice", "rechnung", "standard_invoice",
          "supplier_invoice", "facture", "factura", "fattura"}  # fmt: skip


@register("debit_credit")
def debit_credit(value: Any, prop: PropertySpec, odata_version: str) -> str:
    """Credit (memo) → ``H``, debit / invoice → ``S``; a number by its sign (negative = credit)."""
    key = _fold(value) if isinstance(value, str) else None
    if key in _CREDIT or key in _DEBIT:
        return "H" if key in _CREDIT else "S"
    try:
        number = _to_decimal(value)
    except TransformError:
        raise TransformError(f"{value!r} is neither a debit nor a credit indicator") from None
    if number == 0:
        raise TransformError(f"{value!r}: zero is neither debit nor credit")
    return "H" if number < 0 else "S"


@register("boolean")
def boolean(value: Any, prop: PropertySpec, odata_version: str) -> bool:
    return _to_bool(value)


@register("abs_amount")
def abs_amount(value: Any, prop: PropertySpec, odata_version: str) -> Decimal:
    return abs(_to_decimal(value))


@register("negate")
def negate(value: Any, prop: PropertySpec, odata_version: str) -> Decimal:
    number = -_to_decimal(value)
    return abs(number) if number == 0 else number


@register("movement_type")
def movement_type(value: Any, prop: PropertySpec, odata_version: str) -> str:
    """Goods movement type, 3 characters: ``101`` / ``"1"`` → ``"101"`` / ``"001"``; ``"z01"`` → ``"Z01"``."""
    text = str(value).strip().upper()
    if text.isascii() and text.isdigit() and len(text) <= 3:
        return text.zfill(3)
    if re.fullmatch(r"[A-Z0-9]{3}", text):
        return text
    raise TransformError(f"{value!r} is not a movement type (3 characters)")


@register("constant", none_aware=True)
def constant(value: Any, prop: PropertySpec, odata_version: str, /, **params: Any) -> Any:
    """A fixed value (``params={"value": "RE"}``), whatever the input."""
    if "value" not in params:
        raise TransformError("constant needs the parameter 'value'")
    return params["value"]
