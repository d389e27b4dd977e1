"""The real tritonserver on the real model repository: HTTP and gRPC give the same ADC as --local,
malformed requests get a clear error or a rejection and the server keeps serving, custom metrics show up,
and a model that fails to load is named with its reason."""

from __future__ import annotations

import json
import os
import urllib.request
from pathlib import Path

import numpy as np
import pytest

from sap_llm import paths
from sap_llm.serving.launcher import EmbeddedServer, LaunchError, ServerConfig, free_port

pytestmark = pytest.mark.integration

OPTIONS = {"record_history": False, "today": "2024-12-01"}
ONNX_MODELS = ("doc_classifier", "field_tagger")


def _loadable_models(repository: Path) -> list[str]:
    """What `serve` loads, minus trained models whose model.onnx is not there (yet)."""
    from sap_llm.serving.launcher import models_needed

    names = models_needed(repository) or sorted(p.name for p in repository.iterdir() if (p / "config.pbtxt").is_file())
    return [n for n in names if n not in ONNX_MODELS or (repository / n / "1" / "model.onnx").is_file()]


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory):
    state = tmp_path_factory.mktemp("serving-state")
    repository = paths.model_repository()
    cfg = ServerConfig(
        model_repository=repository,
        http_port=free_port(), grpc_port=free_port(), metrics_port=free_port(),
        models=_loadable_models(repository),
        env={"SAP_LLM__STORAGE__HISTORY_PATH": str(state / "history.sqlite3")},
    )
    with EmbeddedServer(cfg) as running:
        yield running


@pytest.fixture(scope="session")
def local_pipeline(tmp_path_factory: pytest.TempPathFactory):
    from sap_llm.config import load_settings
    from sap_llm.pipeline import Pipeline
    from sap_llm.runtime import Runtime

    settings = load_settings()
    storage = settings.storage.model_copy(update={"history_path": tmp_path_factory.mktemp("local") / "h.sqlite3"})
    return Pipeline(runtime=Runtime(settings.model_copy(update={"storage": storage})))


@pytest.fixture(scope="session")
def documents(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    from test_pipeline_flow import bad_input_folder, invoice_pdf

    folder = tmp_path_factory.mktemp("bad")
    bad_input_folder(folder)
    docs = {p.name: p.read_bytes() for p in sorted(folder.iterdir())}
    docs["invoice.pdf"] = invoice_pdf()
    from sap_llm.corpus.synth import generate_corpus

    generated = tmp_path_factory.mktemp("generated")
    for record_path in generate_corpus(generated, n=2, seed=3, types=["SUPPLIER_INVOICE", "PURCHASE_ORDER"],
                                       scan_ratio=0.0, defect_ratio=0.0, workers=1):
        record = json.loads(Path(record_path).read_text(encoding="utf-8"))
        pdf = Path(record_path).parent / record["pdf_path"]
        docs[pdf.name] = pdf.read_bytes()
    return docs


def _adc(result: dict) -> dict:
    """What must not differ between Triton and in-process: the ADC, type, status and error."""
    error = result.get("error") or {}
    return {
        "document_id": result.get("document_id"),
        "document_type": result.get("document_type"),
        "subtype": result.get("subtype"),
        "fields": result.get("fields"),
        "line_items": result.get("line_items"),
        "status": result.get("status"),
        "error": (error.get("code"), error.get("stage")),
        "routing": (result.get("routing") or {}).get("payload"),
    }


@pytest.mark.parametrize("protocol", ["http", "grpc"])
def test_server_gives_the_same_adc_as_local(server, local_pipeline, documents, protocol) -> None:
    from sap_llm.serving.client import SapLlmClient

    url = server.config.http_url if protocol == "http" else server.config.grpc_url
    with SapLlmClient(url, protocol) as client:
        for name, data in documents.items():
            remote = client.process_bytes(data, name, OPTIONS)
            local = [json.loads(r.model_dump_json()) for r in local_pipeline.process_bytes(data, name, OPTIONS)]
            assert [_adc(r) for r in remote] == [_adc(r) for r in local], name
            assert all(r["source"] == name for r in remote)


def test_malformed_requests_get_clear_errors_and_the_server_keeps_serving(server, documents) -> None:
    import tritonclient.http as http
    from tritonclient.utils import InferenceServerException

    from sap_llm.serving.client import SapLlmClient

    client = http.InferenceServerClient(server.config.http_url)
    only_name = http.InferInput("FILENAME", [1], "BYTES")
    only_name.set_data_from_numpy(np.array([b"x.pdf"], dtype=object))
    with pytest.raises(InferenceServerException, match="DOCUMENT"):
        client.infer("sap_llm_pipeline", [only_name])
    with SapLlmClient(server.config.http_url) as sap:
        # OPTIONS that are not JSON: a clear error for that request
        doc = http.InferInput("DOCUMENT", [1], "BYTES")
        doc.set_data_from_numpy(np.array([documents["invoice.pdf"]], dtype=object))
        opts = http.InferInput("OPTIONS", [1], "BYTES")
        opts.set_data_from_numpy(np.array([b"{not json"], dtype=object))
        with pytest.raises(InferenceServerException, match="OPTIONS is not valid JSON"):
            client.infer("sap_llm_pipeline", [doc, opts])
        [noise] = sap.process_bytes(os.urandom(2048), "noise.bin", OPTIONS)
        assert noise["status"] == "rejected" and noise["error"]["code"] == "unsupported_type"
        huge = b"%PDF-1.4\n" + b"0" * (51 * 1024 * 1024)
        [big] = sap.process_bytes(huge, "huge.pdf", OPTIONS)
        assert big["status"] == "rejected" and big["error"]["code"] == "too_large"
        # still serving
        [empty] = sap.process_bytes(b"", "empty.pdf", OPTIONS)
        assert empty["error"]["code"] == "empty"
    assert client.is_server_ready() and client.is_model_ready("sap_llm_pipeline")


def test_metrics_endpoint_shows_the_pipeline_counters(server, documents) -> None:
    from sap_llm.serving.client import SapLlmClient

    with SapLlmClient(server.config.http_url) as sap:
        sap.process_bytes(documents["empty.pdf"], "empty.pdf", OPTIONS)
    with urllib.request.urlopen(server.config.metrics_url, timeout=5) as response:
        text = response.read().decode()
    assert "# TYPE sap_llm_documents_total counter" in text
    assert 'sap_llm_documents_total{document_type="NONE",status="rejected"}' in text
    assert 'sap_llm_stage_latency_ms_total{stage="inbox"}' in text
    assert 'sap_llm_stage_errors_total{code="empty",stage="inbox"}' in text


def test_a_model_that_fails_to_load_is_named_with_its_reason(tmp_path: Path) -> None:
    model = tmp_path / "repo" / "broken_stage"
    (model / "1").mkdir(parents=True)
    (model / "config.pbtxt").write_text(
        'name: "broken_stage"\nbackend: "python"\nmax_batch_size: 0\n'
        'input [ { name: "STATE" data_type: TYPE_STRING dims: [ 1 ] } ]\n'
        'output [ { name: "STATE" data_type: TYPE_STRING dims: [ 1 ] } ]\n'
        "instance_group [ { count: 1 kind: KIND_CPU } ]\n"
    )
    (model / "1" / "model.py").write_text(
        "class TritonPythonModel:\n"
        "    def initialize(self, args):\n"
        "        raise RuntimeError('knowledge base file kb.json is corrupt')\n"
        "    def execute(self, requests):\n"
        "        return []\n"
    )
    cfg = ServerConfig(model_repository=tmp_path / "repo", http_port=free_port(), grpc_port=free_port(),
                       metrics_port=free_port(), startup_timeout_s=60)
    with pytest.raises(LaunchError) as info:
        EmbeddedServer(cfg).start()
    message = str(info.value)
    assert "broken_stage" in message and "knowledge base file kb.json is corrupt" in message


@pytest.mark.slow
def test_bls_mode_runs_every_stage_as_its_own_model_with_the_same_adc(tmp_path, local_pipeline, documents) -> None:
    """The pipeline with stage_execution=bls: each stage is a BLS call to its own Triton model."""

    from sap_llm.serving.client import SapLlmClient

    source = paths.model_repository()
    repo = tmp_path / "repo"
    for model in source.iterdir():
        if not (model / "config.pbtxt").is_file():
            continue
        if model.name in ONNX_MODELS and not (model / "1" / "model.onnx").is_file():
            continue
        (repo / model.name).mkdir(parents=True)
        (repo / model.name / "1").symlink_to(model / "1", target_is_directory=True)
        text = (model / "config.pbtxt").read_text()
        if model.name == "sap_llm_pipeline":
            text = text.replace('string_value: "inline"', 'string_value: "bls"')
        (repo / model.name / "config.pbtxt").write_text(text)
    assert 'string_value: "bls"' in (repo / "sap_llm_pipeline" / "config.pbtxt").read_text()
    cfg = ServerConfig(
        model_repository=repo, http_port=free_port(), grpc_port=free_port(), metrics_port=free_port(),
        env={"SAP_LLM__STORAGE__HISTORY_PATH": str(tmp_path / "h.sqlite3"),
             "SAP_LLM__MODELS__MODEL_DIR": str(source)},
    )
    with EmbeddedServer(cfg) as server, SapLlmClient(server.config.http_url) as client:
        for name, data in documents.items():
            remote = client.process_bytes(data, name, OPTIONS)
            local = [json.loads(r.model_dump_json()) for r in local_pipeline.process_bytes(data, name, OPTIONS)]
            assert [_adc(r) for r in remote] == [_adc(r) for r in local], name
