"""Serving pieces that need no running server: configs from one source, batching, JSON adapters, launcher checks."""

from __future__ import annotations

import json
import socket
import sys
from pathlib import Path

import numpy as np
import pytest

from sap_llm import paths
from sap_llm.errors import StageError
from sap_llm.serving import adapters
from sap_llm.serving.launcher import (
    EmbeddedServer,
    LaunchError,
    ServerConfig,
    assemble_backend_dir,
    explain_failure,
    free_port,
    model_failures,
    server_environment,
)

sys.path.insert(0, str(paths.repo_path("build_engines")))
import make_configs  # noqa: E402


def test_cpu_configs_are_what_the_repository_commits() -> None:
    models = make_configs.load_source()
    assert {"sap_llm_pipeline", "inbox", "preprocess", "classify", "extract", "quality", "validate", "route",
            "doc_classifier", "field_tagger"} <= set(models)
    for name, spec in models.items():
        committed = (paths.model_repository() / name / "config.pbtxt").read_text(encoding="utf-8")
        assert committed == make_configs.render(name, spec, "cpu"), f"{name}: regenerate with make_configs.py"


def test_gpu_variant_puts_onnx_models_on_native_backend_on_gpu() -> None:
    models = make_configs.load_source()
    tagger = make_configs.render("field_tagger", models["field_tagger"], "gpu")
    assert 'backend: "onnxruntime"' in tagger and "KIND_GPU" in tagger and "tensorrt" in tagger
    assert "dynamic_batching" in tagger
    stage = make_configs.render("preprocess", models["preprocess"], "gpu")
    assert 'backend: "python"' in stage and "KIND_CPU" in stage
    with pytest.raises(ValueError):
        make_configs.render("preprocess", models["preprocess"], "tpu")


def test_make_configs_writes_a_complete_gpu_repository(tmp_path: Path) -> None:
    assert make_configs.main(["--target", "gpu", "--out", str(tmp_path / "repo")]) == 0
    assert (tmp_path / "repo" / "sap_llm_pipeline" / "1" / "model.py").is_file()
    assert not (tmp_path / "repo" / "field_tagger" / "1" / "model.py").exists()  # native backend, no Python
    assert "KIND_GPU" in (tmp_path / "repo" / "doc_classifier" / "config.pbtxt").read_text()


def test_pad_and_stack_round_trips_requests_of_different_lengths() -> None:
    a = {"input_ids": np.ones((1, 5), np.int64), "bbox": np.ones((1, 5, 4), np.int64)}
    b = {"input_ids": np.full((2, 3), 2, np.int64), "bbox": np.full((2, 3, 4), 2, np.int64)}
    batched, sizes, lengths = adapters.pad_and_stack([a, b])
    assert batched["input_ids"].shape == (3, 5) and batched["bbox"].shape == (3, 5, 4)
    assert sizes == [1, 2] and lengths == [5, 3]
    assert (batched["input_ids"][1:, 3:] == 0).all()  # zero padding = pad id / empty box / masked
    logits = np.arange(3 * 5 * 7, dtype=np.float32).reshape(3, 5, 7)
    pooled = np.arange(3 * 2, dtype=np.float32).reshape(3, 2)
    split = adapters.split_outputs({"logits": logits, "pooled": pooled}, sizes, lengths)
    assert split[0]["logits"].shape == (1, 5, 7) and split[1]["logits"].shape == (2, 3, 7)
    assert np.array_equal(split[1]["logits"], logits[1:, :3])
    assert np.array_equal(split[1]["pooled"], pooled[1:])


def test_options_and_results_json() -> None:
    assert adapters.parse_options(None).record_history is True
    assert adapters.parse_options(b'{"record_history": false}').record_history is False
    for bad in (b"{not json", b"[1, 2]", b'{"record_history": "perhaps"}'):
        with pytest.raises(StageError) as info:
            adapters.parse_options(bad)
        assert info.value.code == "bad_request"
    one = adapters.error_result("a.pdf", "server_error", "boom")
    assert json.loads(adapters.results_to_json([one]))["source"] == "a.pdf"
    assert isinstance(json.loads(adapters.results_to_json([one, one])), list)
    assert adapters.first_bytes(np.array([b"abc"], dtype=object)) == b"abc"
    assert adapters.first_bytes(np.array([], dtype=object)) is None


def test_intake_json_round_trip_keeps_rejections_and_documents(tmp_path: Path) -> None:
    from test_pipeline_flow import invoice_pdf

    from sap_llm.config import Settings, Storage
    from sap_llm.records import Document, Rejection
    from sap_llm.runtime import Runtime

    rt = Runtime(Settings(storage=Storage(history_path=tmp_path / "h.sqlite3")))
    payload = adapters.intake_to_json(invoice_pdf(), "inv.pdf", rt)
    [doc], _ = adapters.items_from_json(payload, "inv.pdf")
    assert isinstance(doc, Document) and doc.data.startswith(b"%PDF") and doc.source == "inv.pdf"
    [rejection], _ = adapters.items_from_json(adapters.intake_to_json(b"", "empty.pdf", rt), "empty.pdf")
    assert isinstance(rejection, Rejection) and rejection.code == "empty"


def test_backend_directory_and_environment(tmp_path: Path) -> None:
    backend = assemble_backend_dir(tmp_path / "b")
    names = {p.name for p in (backend / "python").iterdir()}
    assert names == {"libtriton_python.so", "triton_python_backend_utils.py", "triton_python_backend_stub"}
    assert all((backend / "python" / n).resolve().exists() for n in names)
    env = server_environment()
    import sysconfig

    assert env["LD_LIBRARY_PATH"].split(":")[0] == sysconfig.get_config_var("LIBDIR")
    assert "nvidia_pytriton.libs" in env["LD_LIBRARY_PATH"]
    assert env["PATH"].split(":")[0] == str(Path(sys.executable).parent)


def test_port_taken_is_said_plainly() -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        taken = holder.getsockname()[1]
        cfg = ServerConfig(http_port=taken, grpc_port=free_port(), metrics_port=free_port())
        with pytest.raises(LaunchError, match=f"port {taken} on 127.0.0.1 is already in use"):
            EmbeddedServer(cfg).start()


def test_missing_repository_is_said_plainly(tmp_path: Path) -> None:
    with pytest.raises(LaunchError, match="does not exist"):
        EmbeddedServer(ServerConfig(model_repository=tmp_path / "nowhere")).start()


def test_model_failures_are_read_from_the_server_log() -> None:
    log = (
        "E1122 09:20:01.1 123 model_lifecycle.cc:654] \"failed to load 'doc_classifier' version 1: "
        "Internal: TritonModelException: model.onnx not found\\n\\nAt:\\n  model.py(16)\"\n"
        "| field_tagger | 1 | UNAVAILABLE: Internal: ImportError: no module named onnx |\n"
    )
    failures = model_failures(log)
    assert failures == {"doc_classifier": "model.onnx not found", "field_tagger": "ImportError: no module named onnx"}
    assert "doc_classifier: model.onnx not found" in explain_failure(log, ServerConfig())


def test_inline_pipeline_needs_only_itself_and_the_trained_models(tmp_path: Path) -> None:
    from sap_llm.serving.launcher import models_needed, stage_execution

    for mode, expected in (("inline", ["sap_llm_pipeline", "doc_classifier", "field_tagger"]), ("bls", None)):
        repo = tmp_path / mode
        (repo / "sap_llm_pipeline").mkdir(parents=True)
        spec = make_configs.load_source()["sap_llm_pipeline"]
        spec = {**spec, "parameters": {**spec["parameters"], "stage_execution": mode}}
        (repo / "sap_llm_pipeline" / "config.pbtxt").write_text(make_configs.render("sap_llm_pipeline", spec, "cpu"))
        assert stage_execution(repo) == mode
        assert models_needed(repo) == expected
    assert stage_execution(tmp_path / "none") is None
