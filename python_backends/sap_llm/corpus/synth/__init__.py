"""The synthetic document generator: ``generate_corpus(out_dir, n, seed, ...)``.

Layers, each a small module with one job:

* ``locales``, ``catalog``, ``vocab``, ``formats`` - word lists, goods, label synonyms, number / date styles;
* ``parties``, ``values`` - partners with valid VAT ids and IBANs, transactions with consistent arithmetic;
* ``content``, ``kinds`` - what each document type prints, tagged with contract fields (``spec.DocSpec``);
* ``style``, ``layout``, ``ink`` - layout families and the composable renderer that records every word;
* ``record_builder``, ``scan``, ``generator`` - PDF + record, scanned PNGs, planning and parallel generation.
"""

from sap_llm.corpus.synth.generator import generate_corpus, plan

__all__ = ["generate_corpus", "plan"]
