"""The two ways the harness runs documents: in-process (``--local``) and against a Triton server.

Both return the contract's result dicts (``ProcessResult.model_dump(mode="json")``
shape) and account the CPU of whatever did the work (see :mod:`sap_llm.evaluation.cpu`).
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from sap_llm.evaluation.cpu import own_cpu_seconds, server_cpu_seconds, server_pids_for_port
from sap_llm.evaluation.layout_cache import LayoutCache
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
    """The stage functions in this process, exactly as :class:`sap_llm.pipeline.Pipeline` runs them.

    Differences from ``sap-llm process --local``, both for a fair measurement:

    * the document history (duplicates, three-way match) is a fresh store inside the
      evaluation's output folder, one per variant: a scan of a corpus document must
      not be flagged as a duplicate of its own born-digital original; the seen-bytes
      registry beside it is fresh too (a rerun is not a duplicate of the last run);
    * the run keeps each document's layout text so the error analysis can tell OCR
      errors (value not in the words at all) from extraction errors: it calls the
      pipeline's own ``run_flow`` with the same ``run_stage`` / ``run_intake`` /
      ``record_history`` as ``Pipeline.process_bytes``, only wrapping ``run_stage``
      to read the layout; ``tests/test_eval_pipeline.py`` checks the results are identical.
    """

    name = "local"
    cpu_source = "this process + its child processes (tesseract), resource.getrusage"

    def __init__(
        self,
        org_profile: Path | None = None,
        config: Path | None = None,
        *,
        state_dir: Path | None = None,
        fresh: bool = False,
        layout_cache: LayoutCache | None = None,
        stages: tuple[str, ...] | None = None,
    ) -> None:
        try:
            self._pl = importlib.import_module("sap_llm.pipeline")
        except ImportError as exc:
            raise ProcessorUnavailable(f"sap_llm.pipeline is not available: {exc}") from exc
        from sap_llm.config import load_settings
        from sap_llm.profile import load_profile

        self._settings = load_settings(config)
        self._profile = load_profile(org_profile)
        self._state_dir = state_dir
        self._pipelines: dict[str, Any] = {}
        self._cache = layout_cache
        self._stages = stages
        self._credited_cpu = 0.0  # CPU of cached preprocess runs, booked to the documents that use them
        if state_dir is not None and fresh:
            for pattern in ("history-*.sqlite3*", "seen_documents.sqlite3*"):
                for old in state_dir.glob(pattern):
                    old.unlink()

    def _pipeline(self, variant: str) -> Any:
        """One pipeline per variant, each with its own history; models and KB are shared once loaded."""
        if variant in self._pipelines:
            return self._pipelines[variant]
        settings = self._settings
        if self._state_dir is not None:
            storage = settings.storage.model_copy(
                update={"history_path": self._state_dir / f"history-{variant}.sqlite3"}
            )
            settings = settings.model_copy(update={"storage": storage})
        shared: dict[str, Any] = {}
        if self._pipelines:
            first = next(iter(self._pipelines.values())).runtime
            shared = {"kb": first._kb, "models": first._models}  # already loaded (or None: load again)
        from sap_llm.runtime import Runtime

        runtime = Runtime(settings, self._profile, **shared)
        # load models / KB / history now, so their start-up time is not booked to the first document
        # (a resource that cannot load is left to the stage that needs it, which rejects with the reason)
        runtime.warm_up()
        stages = {"stages": self._stages} if self._stages else {}
        self._pipelines[variant] = self._pl.Pipeline(runtime=runtime, **stages)
        return self._pipelines[variant]

    def process(
        self, data: bytes, source: str, variant: str = "digital", today: str | None = None
    ) -> ProcessorOutput:
        pipeline = self._pipeline(variant)
        pl, runtime = self._pl, pipeline.runtime
        texts: list[str] = []
        cached_ms: list[float] = []

        def run(name: str, state: Any) -> Any:
            if name == "preprocess" and self._cache is not None:
                state = self._cached_preprocess(state, runtime, cached_ms)
            else:
                state = pl.run_stage(name, state, runtime)
            if name == "preprocess" and state.layout is not None:
                texts.append(state.layout.text)
            return state

        results = pl.run_flow(
            data,
            source,
            {"today": today} if today else None,
            intake=lambda d, s: pl.run_intake(d, s, runtime),
            run=run,
            record=lambda state, result: pl.record_history(state, result, runtime),
            stages=pipeline.stages,
        )
        dicts = [_as_dict(r) for r in results]
        if cached_ms:  # the pipeline's own total did not include the OCR done ahead: add it back
            for result in dicts:
                timings = result.get("timings_ms") or {}
                if "total" in timings:
                    timings["total"] = round(timings["total"] + sum(cached_ms), 3)
        return ProcessorOutput(dicts, "\n".join(texts) if texts else None, extra_wall_ms=sum(cached_ms))

    def _cached_preprocess(self, state: Any, runtime: Any, cached_ms: list[float]) -> Any:
        """The preprocess stage from the layout cache, or run (and cached) when not there yet."""
        assert self._cache is not None
        document_id = state.document.document_id
        hit = self._cache.get(document_id, measured_only=True)
        if hit is not None:
            state.layout = hit.layout
            state.document.data = b""  # as the stage does: no later stage reads the bytes
            state.data_b64 = None
            state.timings_ms["preprocess"] = hit.preprocess_ms
            self._credited_cpu += hit.cpu_s
            cached_ms.append(hit.preprocess_ms)
            return state
        cpu_before = own_cpu_seconds()
        state = self._pl.run_stage("preprocess", state, runtime)
        if state.layout is not None and state.error is None:
            self._cache.put(document_id, state.layout, state.timings_ms["preprocess"], own_cpu_seconds() - cpu_before)
        return state

    def cpu_seconds(self) -> float | None:
        return own_cpu_seconds() + self._credited_cpu

    def close(self) -> None:
        for pipeline in self._pipelines.values():
            pipeline.runtime.close()


class ServerProcessor:
    """A running Triton server, through the serving issue's client (``sap_llm.serving.client``)."""

    name = "server"

    def __init__(self, url: str, protocol: str = "http", server_pids: list[int] | None = None) -> None:
        try:
            client_module = importlib.import_module("sap_llm.serving.client")
        except ImportError as exc:
            raise ProcessorUnavailable(f"sap_llm.serving.client is not available: {exc}") from exc
        self._client = _make_client(client_module, url, protocol)
        ready = getattr(self._client, "ready", None)
        if callable(ready) and not ready():
            raise ProcessorUnavailable(f"no ready SAP_LLM pipeline at {url} ({protocol}); start it with `sap-llm serve`")
        host_port = url.split("://")[-1]
        local = host_port.split(":")[0] in ("localhost", "127.0.0.1", "0.0.0.0", "::1")  # noqa: S104
        port = host_port.rsplit(":", 1)[1] if ":" in host_port else ""
        if server_pids is None and local and port.isdigit():
            # the server listening on this port and its children; by name only if that cannot be seen
            server_pids = server_pids_for_port(int(port)) or None
        self._pids = server_pids
        self._measure_cpu = local
        self.cpu_source = (
            ("the Triton server on this port and its child processes (Python stubs, tesseract), /proc"
             if server_pids else "every local tritonserver / Python-stub process (found by name), /proc")
            if local
            else "not measured (remote server)"
        )  # fmt: skip

    def process(
        self, data: bytes, source: str, variant: str = "digital", today: str | None = None
    ) -> ProcessorOutput:
        results = _call_client(self._client, data, source, {"today": today} if today else None)
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

    def process_bytes(self, data: bytes, source: str, options: dict[str, Any] | None = None) -> list[Any]:
        return self._module.process_bytes(data, source, url=self._url, protocol=self._protocol)


def _call_client(client: Any, data: bytes, source: str, options: dict[str, Any] | None) -> list[Any]:
    for method in ("process_bytes", "process", "infer"):
        fn = getattr(client, method, None)
        if callable(fn):
            out = fn(data, source, options) if options else fn(data, source)
            return out if isinstance(out, list) else [out]
    raise ProcessorUnavailable("the serving client has no process_bytes / process method")
