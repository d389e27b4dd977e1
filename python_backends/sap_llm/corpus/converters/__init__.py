"""Converters of real data sets into corpus records (``CorpusRecord``).

Each module exposes ``convert(root, *, limit=None, ...) -> Iterator[Converted]``;
a document that cannot be converted comes back with ``error`` set instead of
stopping the run.
"""

from sap_llm.corpus.converters.base import Converted

__all__ = ["Converted"]
