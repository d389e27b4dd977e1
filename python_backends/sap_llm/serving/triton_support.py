"""Helpers used only inside Triton's Python backend (they import ``triton_python_backend_utils``).

- ``PipelineMetrics``: the pipeline's Prometheus counters on Triton's metrics endpoint
  (documents by status and type, stage latency sums and counts, stage errors by code).
- ``bls_infer``: one BLS call (``pb_utils.InferenceRequest.exec``) with a plain error on failure.
- ``TritonSession``: an onnxruntime-session look-alike whose ``run`` is a BLS call to a Triton model,
  so the classify / extract stage functions reach ``doc_classifier`` / ``field_tagger`` through
  Triton (dynamic batching across documents) without knowing it.
- ``model_parameters``: the ``parameters`` of a model's config as a plain dict.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import triton_python_backend_utils as pb_utils

from sap_llm.errors import StageError


def model_parameters(args: dict[str, str]) -> dict[str, str]:
    config = json.loads(args["model_config"])
    return {k: v.get("string_value", "") for k, v in config.get("parameters", {}).items()}


def input_bytes(request: Any, name: str) -> bytes | None:
    from sap_llm.serving.adapters import first_bytes

    tensor = pb_utils.get_input_tensor_by_name(request, name)
    return None if tensor is None else first_bytes(tensor.as_numpy())


def bytes_tensor(name: str, value: bytes | str) -> Any:
    from sap_llm.serving.adapters import bytes_array

    return pb_utils.Tensor(name, bytes_array(value))


def error_response(message: str) -> Any:
    return pb_utils.InferenceResponse(output_tensors=[], error=pb_utils.TritonError(message))


# ── BLS ─────────────────────────────────────────────────────────────────────
def bls_infer(model: str, inputs: dict[str, np.ndarray], outputs: Sequence[str]) -> dict[str, np.ndarray]:
    """Call another model of this server; a failed call raises ``StageError`` naming the model."""
    request = pb_utils.InferenceRequest(
        model_name=model,
        requested_output_names=list(outputs),
        inputs=[pb_utils.Tensor(name, value) for name, value in inputs.items()],
    )
    response = request.exec()
    if response.has_error():
        raise StageError("model_call_failed", f"model {model} failed: {response.error().message()}", model)
    out: dict[str, np.ndarray] = {}
    for name in outputs:
        tensor = pb_utils.get_output_tensor_by_name(response, name)
        if tensor is None:
            raise StageError("model_call_failed", f"model {model} returned no {name}", model)
        out[name] = tensor.as_numpy()
    return out


class _Meta:
    def __init__(self, name: str) -> None:
        self.name = name


class TritonSession:
    """Looks like ``onnxruntime.InferenceSession`` to the model runtimes; runs on a Triton model via BLS."""

    def __init__(self, model: str, onnx_path: Path) -> None:
        import onnx

        graph = onnx.load(str(onnx_path), load_external_data=False).graph
        initializers = {i.name for i in graph.initializer}
        self.model = model
        self._inputs = [i.name for i in graph.input if i.name not in initializers]
        self._outputs = [o.name for o in graph.output]

    def get_inputs(self) -> list[_Meta]:
        return [_Meta(n) for n in self._inputs]

    def get_outputs(self) -> list[_Meta]:
        return [_Meta(n) for n in self._outputs]

    def run(self, output_names: Sequence[str] | None, feed: dict[str, np.ndarray], *_: Any) -> list[np.ndarray]:
        names = list(output_names) if output_names else self._outputs
        result = bls_infer(self.model, feed, names)
        return [result[n] for n in names]


def route_models_through_triton(bundle: Any) -> Any:
    """Swap the bundle's onnxruntime sessions for BLS sessions on ``doc_classifier`` / ``field_tagger``."""
    root = Path(bundle.model_dir)
    if getattr(bundle, "classifier", None) is not None:
        bundle.classifier.session = TritonSession("doc_classifier", root / "doc_classifier" / "1" / "model.onnx")
    if getattr(bundle, "tagger", None) is not None:
        bundle.tagger.session = TritonSession("field_tagger", root / "field_tagger" / "1" / "model.onnx")
    return bundle


# ── metrics ─────────────────────────────────────────────────────────────────
def _kind(name: str) -> Any:
    family = pb_utils.MetricFamily
    return getattr(family, name, None) or getattr(pb_utils, name)


class PipelineMetrics:
    """Counters on Triton's /metrics: ``sap_llm_documents_total{status,document_type}``,
    ``sap_llm_stage_latency_ms_total{stage}`` + ``sap_llm_stage_runs_total{stage}`` (mean latency =
    ratio of the two), ``sap_llm_stage_errors_total{stage,code}``.

    Families are kept referenced for the model's life (a Metric outlives its family = error).
    """

    def __init__(self) -> None:
        counter = _kind("COUNTER")
        self._families = {
            "documents": pb_utils.MetricFamily(
                name="sap_llm_documents_total",
                description="Documents processed by the pipeline, by final status and document type",
                kind=counter,
            ),
            "latency": pb_utils.MetricFamily(
                name="sap_llm_stage_latency_ms_total",
                description="Cumulative milliseconds spent in each pipeline stage",
                kind=counter,
            ),
            "runs": pb_utils.MetricFamily(
                name="sap_llm_stage_runs_total", description="Times each pipeline stage ran", kind=counter
            ),
            "errors": pb_utils.MetricFamily(
                name="sap_llm_stage_errors_total",
                description="Documents rejected by a stage, by stage and reason code",
                kind=counter,
            ),
        }
        self._metrics: dict[tuple[str, tuple[tuple[str, str], ...]], Any] = {}
        self._lock = threading.Lock()

    def _metric(self, family: str, **labels: str) -> Any:
        key = (family, tuple(sorted(labels.items())))
        with self._lock:
            metric = self._metrics.get(key)
            if metric is None:
                metric = self._families[family].Metric(labels=labels)
                self._metrics[key] = metric
            return metric

    def observe_result(self, result: dict[str, Any]) -> None:
        self._metric(
            "documents", status=str(result.get("status")), document_type=str(result.get("document_type") or "NONE")
        ).increment(1)
        for stage, ms in (result.get("timings_ms") or {}).items():
            self._metric("latency", stage=stage).increment(float(ms))
            self._metric("runs", stage=stage).increment(1)
        error = result.get("error")
        if error:
            self._metric("errors", stage=str(error.get("stage")), code=str(error.get("code"))).increment(1)


# ── runtimes of the Python models ───────────────────────────────────────────
def _model_factory(params: dict[str, str]) -> Any:
    """Load the trained models; with ``onnx_via_triton`` their sessions become BLS calls."""
    via_triton = params.get("onnx_via_triton", "false").lower() == "true"

    def factory() -> Any:
        from sap_llm.config import settings
        from sap_llm.models import load_models

        bundle = load_models(settings().models.model_dir, threads=1)
        return route_models_through_triton(bundle) if via_triton else bundle

    return factory


_STAGE_MODULES = ("inbox", "preprocess", "classify", "extract", "quality", "validate", "route")


def warm_stage_code(stages: tuple[str, ...], runtime: Any) -> dict[str, str]:
    """Import the stages' code and run intake + preprocess once on a tiny PDF made here, so that the
    first real request does not pay for imports, pdfium's start-up and the first tesseract call."""
    import importlib
    import io

    problems: dict[str, str] = {}
    for stage in stages:
        if stage not in _STAGE_MODULES:
            continue
        try:
            importlib.import_module(f"sap_llm.{stage}")
        except ImportError as exc:
            problems[stage] = f"stage code not importable: {exc}"
    if "preprocess" in stages and "preprocess" not in problems:
        try:
            from reportlab.pdfgen import canvas

            from sap_llm.pipeline import DocumentState, run_intake, run_stage
            from sap_llm.records import Document

            buffer = io.BytesIO()
            page = canvas.Canvas(buffer)
            page.drawString(72, 720, "Invoice 0001 warm-up page, total 1.00 EUR")
            page.save()
            items, _ = run_intake(buffer.getvalue(), "warm-up.pdf", runtime)
            for item in items:
                if isinstance(item, Document):
                    state = run_stage("preprocess", DocumentState.start(item), runtime)
                    if state.error:
                        problems["preprocess"] = f"warm-up failed: {state.error['message']}"
        except Exception as exc:  # a warm-up problem is reported, never fatal
            problems["preprocess"] = f"warm-up failed: {type(exc).__name__}: {exc}"
    return problems


def stage_runtime(
    args: dict[str, str], logger: Any = None, *, warm_up: str | None = None, stages: tuple[str, ...] | None = None
) -> Any:
    """A ``Runtime`` for a Python model, warming up the resources its ``warm_up`` parameter names.

    A resource that fails to load is logged, not raised: the server starts, and each document that
    needs the resource is ``rejected`` with the reason (the same message the log shows).
    """
    from sap_llm.runtime import Runtime

    params = model_parameters(args)
    runtime = Runtime(model_factory=_model_factory(params))
    names = params.get("warm_up", "") if warm_up is None else warm_up
    problems = runtime.warm_up(tuple(p.strip() for p in names.split(",") if p.strip()))
    problems.update(warm_stage_code((args.get("model_name", ""),) if stages is None else stages, runtime))
    if logger is not None:
        for part, problem in problems.items():
            logger.log_warn(f"{args.get('model_name')}: {part} not loaded: {problem}")
    return runtime


class PipelineRunner:
    """The flow of ``sap_llm.pipeline.run_flow`` bound to BLS stage calls or to in-process stage functions."""

    def __init__(self, args: dict[str, str], logger: Any = None) -> None:
        params = model_parameters(args)
        self.mode = params.get("stage_execution", "bls").lower()
        if self.mode not in ("bls", "inline"):
            raise ValueError(f"stage_execution must be bls or inline, not {self.mode!r}")
        self.runtime = stage_runtime(
            args,
            logger,
            warm_up="kb,history,seen,models" if self.mode == "inline" else "history",
            stages=_STAGE_MODULES if self.mode == "inline" else (),
        )

    # the steps ------------------------------------------------------------
    def _intake_bls(self, data: bytes, source: str) -> tuple[list[Any], float]:
        from sap_llm.serving.adapters import bytes_array, first_bytes, items_from_json

        out = bls_infer("inbox", {"DOCUMENT": bytes_array(data), "FILENAME": bytes_array(source)}, ["ITEMS"])
        return items_from_json(first_bytes(out["ITEMS"]) or b"{}", source)

    def _run_bls(self, name: str, state: Any) -> Any:
        import time

        from sap_llm.serving.adapters import bytes_array, first_bytes, state_from_json, state_to_json

        started = time.perf_counter()
        try:
            out = bls_infer(name, {"STATE": bytes_array(state_to_json(state))}, ["STATE"])
            return state_from_json(first_bytes(out["STATE"]) or b"")
        except StageError as exc:
            state.error = {"code": exc.code, "message": exc.message, "stage": name}
        except Exception as exc:
            state.error = {"code": "internal_error", "message": f"{type(exc).__name__}: {exc}", "stage": name}
        state.timings_ms[name] = round((time.perf_counter() - started) * 1000.0, 3)
        return state

    def process(self, data: bytes, source: str, options: Any) -> list[Any]:
        from sap_llm.pipeline import record_history, run_flow, run_intake, run_stage

        rt = self.runtime
        if self.mode == "bls":
            intake, run = self._intake_bls, self._run_bls
        else:
            def intake(d: bytes, s: str) -> tuple[list[Any], float]:
                return run_intake(d, s, rt)

            def run(name: str, state: Any) -> Any:
                return run_stage(name, state, rt)

        try:
            return run_flow(data, source, options, intake=intake, run=run,
                            record=lambda state, result: record_history(state, result, rt))
        except StageError as exc:  # the inbox model itself failed (BLS): answer, do not crash
            from sap_llm.serving.adapters import error_result

            return [error_result(source, exc.code, exc.message, exc.stage or "inbox")]

    def close(self) -> None:
        self.runtime.close()


# ── the ONNX models ─────────────────────────────────────────────────────────
_ONNX_TO_TRITON = {
    1: "TYPE_FP32", 2: "TYPE_UINT8", 3: "TYPE_INT8", 5: "TYPE_INT16", 6: "TYPE_INT32", 7: "TYPE_INT64",
    9: "TYPE_BOOL", 10: "TYPE_FP16", 11: "TYPE_FP64",
}


def _onnx_signature(onnx_path: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    import onnx

    graph = onnx.load(str(onnx_path), load_external_data=False).graph
    initializers = {i.name for i in graph.initializer}

    def describe(value_info: Any) -> dict[str, Any]:
        tensor = value_info.type.tensor_type
        dims = [d.dim_value if d.HasField("dim_value") else -1 for d in tensor.shape.dim]
        return {"name": value_info.name, "data_type": _ONNX_TO_TRITON[tensor.elem_type], "dims": dims[1:] or [1]}

    inputs = [describe(v) for v in graph.input if v.name not in initializers]
    outputs = [describe(v) for v in graph.output]
    return inputs, outputs


def complete_config_from_onnx(config: Any, onnx_path: Path) -> Any:
    """Fill a Python model's config with the inputs / outputs of ``model.onnx`` (first axis = batch)."""
    if not onnx_path.is_file():
        raise pb_utils.TritonModelException(
            f"{onnx_path} not found: the trained model is not in the repository "
            "(train it with `sap-llm train` or restore the shipped model.onnx)"
        )
    inputs, outputs = _onnx_signature(onnx_path)
    existing = config.as_dict()
    have_in = {i["name"] for i in existing.get("input", [])}
    have_out = {o["name"] for o in existing.get("output", [])}
    for spec in inputs:
        if spec["name"] not in have_in:
            config.add_input(spec)
    for spec in outputs:
        if spec["name"] not in have_out:
            config.add_output(spec)
    return config


class OnnxBatchModel:
    """Runs ``model.onnx`` with onnxruntime on all requests of one ``execute`` call as one batch."""

    def initialize(self, args: dict[str, str]) -> None:
        import onnxruntime as ort

        params = model_parameters(args)
        model_dir = Path(args["model_repository"]) / args["model_version"]
        options = ort.SessionOptions()
        options.intra_op_num_threads = int(params.get("intra_op_threads", "1"))
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self.session = ort.InferenceSession(str(model_dir / "model.onnx"), options, providers=["CPUExecutionProvider"])
        self.input_names = [i.name for i in self.session.get_inputs()]
        self.output_names = [o.name for o in self.session.get_outputs()]

    def execute(self, requests: list[Any]) -> list[Any]:
        from sap_llm.serving.adapters import pad_and_stack, split_outputs

        responses: list[Any] = [None] * len(requests)
        feeds: list[dict[str, np.ndarray]] = []
        positions: list[int] = []
        for index, request in enumerate(requests):
            feed: dict[str, np.ndarray] = {}
            for name in self.input_names:
                tensor = pb_utils.get_input_tensor_by_name(request, name)
                if tensor is None:
                    break
                feed[name] = tensor.as_numpy()
            if len(feed) != len(self.input_names):
                missing = [n for n in self.input_names if n not in feed]
                responses[index] = error_response(f"missing input(s): {', '.join(missing)}")
                continue
            feeds.append(feed)
            positions.append(index)
        if feeds:
            try:
                batched, sizes, lengths = pad_and_stack(feeds)
                values = self.session.run(self.output_names, batched)
                per_request = split_outputs(dict(zip(self.output_names, values, strict=True)), sizes, lengths)
                for index, outputs in zip(positions, per_request, strict=True):
                    responses[index] = pb_utils.InferenceResponse(
                        output_tensors=[pb_utils.Tensor(n, outputs[n]) for n in self.output_names]
                    )
            except Exception as exc:  # one bad batch answers each request with the reason, the model stays up
                for index in positions:
                    responses[index] = error_response(f"onnxruntime failed: {type(exc).__name__}: {exc}")
        return responses
