"""SAP_LLM: business documents in, validated SAP S/4HANA OData transactions out.

Stage logic lives here as plain Python (testable without a server); the Triton
models in ``model_repository/`` are thin adapters around these functions.
"""

__version__ = "0.1.0"
