"""Training / evaluation corpus: the unified record format, converters of real data sets,
the corpus builder (dedup, quality checks, splits, statistics) and the synthetic
generator (``sap_llm.corpus.synth``)."""
