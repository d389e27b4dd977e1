"""Bank and tax identifiers: IBAN, BIC (schwifty), VAT ids (python-stdnum).

Each returns the compact upper-case normal form only for a value that passes
its check (IBAN mod-97, BIC structure and country, VAT check digits where the
country has them), else ``None``: a misread identifier is not silently kept.
An IBAN that fails is tried once more with OCR's usual confusions undone where
its country's format wants the other kind of character (``DEB9`` → ``DE89``,
``|T62…`` → ``IT62…``); it is kept only if that reading passes mod-97.
"""

from __future__ import annotations

import re

from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException
from schwifty.registry import get_iban_spec
from stdnum.eu import vat as eu_vat
from stdnum.exceptions import ValidationError

_NON_ALNUM = re.compile(r"[^0-9A-Za-z]")
_NOT_OCR_CHAR = re.compile(r"[^0-9A-Za-z|!\[\]]")  # alphanumerics and the strokes OCR reads for I / 1
_SPEC_PART = re.compile(r"(\d+)!([nace])")
_AS_DIGIT = str.maketrans("OQDIL|!SBZG", "00011115826")
_AS_LETTER = str.maketrans("01|!5826", "OIIISBZG")

# Non-EU VAT numbers python-stdnum validates by their own modules.
_OTHER_VAT = {"GB": "stdnum.gb.vat", "CH": "stdnum.ch.vat", "NO": "stdnum.no.mva"}


def normalize_iban(text: str) -> str | None:
    """``"DE89 3704 0044 0532 0130 00"`` → ``"DE89370400440532013000"`` if valid, else ``None``."""
    compact = _NON_ALNUM.sub("", text or "").upper()
    if compact.startswith("IBAN"):
        compact = compact[4:]
    if not 15 <= len(compact) <= 34:
        return _ocr_repaired_iban(text)
    try:
        return IBAN(compact).compact
    except (SchwiftyException, ValueError):
        return _ocr_repaired_iban(text)


def _ocr_repaired_iban(text: str) -> str | None:
    """The IBAN with OCR confusions undone by its country's format (digits where it wants digits, letters
    where it wants letters), if that passes mod-97; one deterministic reading, no search over candidates."""
    loose = _NOT_OCR_CHAR.sub("", text or "").upper().replace("[", "|").replace("]", "|")
    if loose.startswith("IBAN"):
        loose = loose[4:]
    country = loose[:2].translate(_AS_LETTER)
    try:
        spec = get_iban_spec(country).iban_spec
    except SchwiftyException:
        return None
    kinds = "aa" + "".join(kind * int(n) for n, kind in _SPEC_PART.findall(spec[2:]))
    if len(loose) != len(kinds):
        return None
    fixed = "".join(c.translate(_AS_DIGIT) if k == "n" else c.translate(_AS_LETTER) if k == "a" else c
                    for c, k in zip(loose, kinds, strict=True))
    if not fixed.isalnum():
        return None
    try:
        return IBAN(fixed).compact
    except (SchwiftyException, ValueError):
        return None


def normalize_bic(text: str) -> str | None:
    """A BIC / SWIFT code, 8 or 11 characters with a real country → upper case, else ``None``."""
    compact = _NON_ALNUM.sub("", text or "").upper()
    for prefix in ("BIC", "SWIFT"):
        if compact.startswith(prefix) and len(compact) - len(prefix) in (8, 11):
            compact = compact[len(prefix):]
    if len(compact) not in (8, 11):
        return None
    try:
        return BIC(compact).compact
    except (SchwiftyException, ValueError):
        return None


def _other_vat(compact: str) -> str | None:
    import importlib

    module_name = _OTHER_VAT.get(compact[:2])
    if not module_name:
        return None
    module = importlib.import_module(module_name)
    number = compact if compact[:2] != "NO" else compact[2:]
    try:
        module.validate(number)
    except ValidationError:
        return None
    return compact


def normalize_vat_id(text: str, *, check: bool = True) -> str | None:
    """A VAT registration number → compact, upper case, country prefix kept (``DE123456789``).

    With ``check`` the number must pass its country's check digits; a number with
    no country prefix is returned compact only when ``check`` is off.
    """
    compact = _NON_ALNUM.sub("", text or "").upper()
    for prefix in ("VAT", "USTIDNR", "UST", "TVA", "IVA", "NIF", "CIF", "PIVA"):
        if compact.startswith(prefix) and len(compact) > len(prefix) + 4 and compact[len(prefix):][:2].isalpha():
            compact = compact[len(prefix):]
            break
    if len(compact) < 4 or len(compact) > 16:
        return None
    if not check:
        return compact
    if compact[:2].isalpha():
        try:
            return eu_vat.validate(compact)
        except ValidationError:
            return _other_vat(compact)
    return None
