"""Which language a page is written in: py3langid over the text, limited to the languages we OCR.

For text layers the text is free. For scans a quick first OCR pass (``eng``
on a band of the page at reduced resolution, a fraction of a full pass) gives
enough words; the page is then read in full with the detected language only,
which is both faster and more accurate than running all five models at once.
"""

from __future__ import annotations

import threading
from functools import lru_cache

# ISO 639-1 (as in Layout.language, upper case) ↔ tesseract traineddata names.
TESSERACT_CODES = {"EN": "eng", "DE": "deu", "FR": "fra", "ES": "spa", "IT": "ita"}
ISO_FROM_TESSERACT = {v: k for k, v in TESSERACT_CODES.items()}
MIN_LETTERS = 20

_lock = threading.Lock()


@lru_cache(maxsize=8)
def _identifier(languages: tuple[str, ...]):  # type: ignore[no-untyped-def]
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_pickled_model(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(languages))
    return identifier


def detect_language(text: str, allowed: tuple[str, ...] = tuple(TESSERACT_CODES)) -> tuple[str | None, float]:
    """(upper-case ISO code, probability) of ``text``; (None, 0.0) when there is too little text."""
    letters = sum(ch.isalpha() for ch in text)
    if letters < MIN_LETTERS:
        return None, 0.0
    with _lock:
        identifier = _identifier(tuple(code.lower() for code in allowed))
        code, probability = identifier.classify(text)
    return str(code).upper(), float(probability)


def allowed_languages(tesseract_languages: list[str]) -> tuple[str, ...]:
    """The configured OCR languages (tesseract names) as ISO codes, unknown names dropped."""
    codes = tuple(ISO_FROM_TESSERACT[name] for name in tesseract_languages if name in ISO_FROM_TESSERACT)
    return codes or tuple(TESSERACT_CODES)
