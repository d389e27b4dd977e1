"""Serving: start the Triton server bundled in nvidia-pytriton, talk to it, adapt stages to Triton models.

- ``launcher``: ``EmbeddedServer`` / ``ServerConfig`` (assemble the Python backend, environment,
  ports, readiness, plain errors when it cannot start).
- ``client``: ``TritonDocumentClient`` (HTTP or gRPC) sending one document per request to
  ``sap_llm_pipeline`` and returning contract JSON.
- ``adapters``: the pb_utils-free halves of the Triton models (JSON ↔ records ↔ stage functions).
- ``triton_support``: helpers used only inside Triton's Python backend (metrics, BLS sessions).
"""

PIPELINE_MODEL = "sap_llm_pipeline"
