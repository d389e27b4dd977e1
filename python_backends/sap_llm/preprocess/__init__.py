"""Stage 2, preprocess: a ``Document`` in, a ``Layout`` (words with boxes, lines, language) out.

    preprocess(document, *, settings=None) -> Layout

Modules: ``textlayer`` (born-digital pages and the verdict on their text
layer), ``render`` (page images), ``orient`` (orientation and skew), ``ocr``
(tesseract), ``language`` (language id), ``scan`` (one scanned page end to
end), ``layout`` (lines, reading order, the record), ``core`` (the stage).
"""

from __future__ import annotations

from sap_llm.preprocess.core import preprocess

__all__ = ["preprocess"]
