"""The two ways the harness runs documents: in-process (``--local``) and against a Triton server.

Both return the contract's result dicts (``ProcessResult.model_dump(mode="json")``
shape) and account the CPU of whatever did the work (see :mod:`sap_llm.evaluation.cpu`).
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from sap_llm.evaluation.cpu import own_cpu_seconds, server_cpu_seconds
from sap_llm.evaluation.runner import ProcessorOutput


class ProcessorUnavailable(RuntimeError):
    """The pipeline or the serving client this mode needs is not installed / not importable."""


def _as_dict(result: Any) -> dict[str, Any]:
    if isinstance(result, dict):
        return result
    if hasattr(result, "model_dump"):
        return result.model_dump(mode="json")
    raise TypeError(f"unexpected result type {type(result).__name__}")


class LocalProcessor:
    """The stage functions in this process, through :class:`sap_llm.pipeline.Pipeline`."""

    name = "local"
    cpu_source = "this process + its child processes (tesseract), resource.getrusage"

    def __init__(self, org_profile: Path | None = None, config: Path | None = None) -> None:
        try:
            pipeline_module = importlib.import_module("sap_llm.pipeline")
        except ImportError as exc:
            raise ProcessorUnavailable(f"sap_llm.pipeline is not available: {exc}") from exc
        from sap_llm.config import load_settings
        from sap_llm.profile import load_profile

        settings = load_settings(config)
        profile = load_profile(org_profile)
        self._pipeline = pipeline_module.Pipeline(settings, profile)

    def process(self, data: bytes, source: str) -> ProcessorOutput:
        results = [_as_dict(r) for r in self._pipeline.process_bytes(data, source)]
        return ProcessorOutput(results, _layout_text(self._pipeline))

    def cpu_seconds(self) -> float | None:
        return own_cpu_seconds()

    def close(self) -> None:
        close = getattr(self._pipeline, "close", None)
        if callable(close):
            close()


def _layout_text(pipeline: Any) -> str | None:
    """The words' text of the last processed document, where the pipeline keeps its layout."""
    layout = getattr(pipeline, "last_layout", None)
    text = getattr(layout, "text", None)
    return text if isinstance(text, str) else None


class ServerProcessor:
    """A running Triton server, through the serving issue's client (``sap_llm.serving.client``)."""

    name = "server"

    def __init__(self, url: str, protocol: str = "http", server_pids: list[int] | None = None) -> None:
        try:
            client_module = importlib.import_module("sap_llm.serving.client")
        except ImportError as exc:
            raise ProcessorUnavailable(f"sap_llm.serving.client is not available: {exc}") from exc
        self._client = _make_client(client_module, url, protocol)
        self._pids = server_pids
        local = url.split("://")[-1].split(":")[0] in ("localhost", "127.0.0.1", "0.0.0.0", "::1")  # noqa: S104
        self._measure_cpu = local
        self.cpu_source = (
            "the local Triton server's processes (tritonserver + Python stubs), /proc"
            if local
            else "not measured (remote server)"
        )

    def process(self, data: bytes, source: str) -> ProcessorOutput:
        results = _call_client(self._client, data, source)
        return ProcessorOutput([_as_dict(r) for r in results])

    def cpu_seconds(self) -> float | None:
        return server_cpu_seconds(self._pids) if self._measure_cpu else None

    def close(self) -> None:
        close = getattr(self._client, "close", None)
        if callable(close):
            close()


def _make_client(module: Any, url: str, protocol: str) -> Any:
    for name in ("SapLlmClient", "Client", "PipelineClient", "TritonPipelineClient"):
        cls = getattr(module, name, None)
        if cls is not None:
            try:
                return cls(url, protocol=protocol)
            except TypeError:
                return cls(url)
    if callable(getattr(module, "process_bytes", None)):
        return _FunctionClient(module, url, protocol)
    raise ProcessorUnavailable("sap_llm.serving.client has no client class or process_bytes function")


class _FunctionClient:
    def __init__(self, module: Any, url: str, protocol: str) -> None:
        self._module, self._url, self._protocol = module, url, protocol

    def process_bytes(self, data: bytes, source: str) -> list[Any]:
        return self._module.process_bytes(data, source, url=self._url, protocol=self._protocol)


def _call_client(client: Any, data: bytes, source: str) -> list[Any]:
    for method in ("process_bytes", "process", "infer"):
        fn = getattr(client, method, None)
        if callable(fn):
            out = fn(data, source)
            return out if isinstance(out, list) else [out]
    raise ProcessorUnavailable("the serving client has no process_bytes / process method")
