"""Knowledge-base compiler: parses SAP OData metadata (EDMX) and compiles the KB artifact.

Compile-time only; the pipeline reads the compiled artifact through ``sap_llm.kb``.
"""
