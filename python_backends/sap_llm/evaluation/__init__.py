"""End-to-end evaluation: ground-truth loaders, pure metrics, the resumable harness and the report.

``sap-llm eval`` (``sap_llm.cli.eval_cmd``) drives it; the pieces:

* :mod:`~sap_llm.evaluation.datasets` — corpus / SROIE / invoice2data items with contract-shaped truth;
* :mod:`~sap_llm.evaluation.normalize` — normal forms for comparing values;
* :mod:`~sap_llm.evaluation.metrics` — pure metrics (P/R/F1, confusion, ECE, line-item alignment, SROIE);
* :mod:`~sap_llm.evaluation.runner` / :mod:`~sap_llm.evaluation.processors` — checkpointed runs, local or server;
* :mod:`~sap_llm.evaluation.judge` / :mod:`~sap_llm.evaluation.aggregate` / :mod:`~sap_llm.evaluation.analysis`
  — per-document verdicts, the metrics dict, failure modes;
* :mod:`~sap_llm.evaluation.report` / :mod:`~sap_llm.evaluation.plots` — metrics.json, report.md, PNGs.
"""
