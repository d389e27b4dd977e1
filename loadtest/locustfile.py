"""Locust load test: real documents to Triton's HTTP infer endpoint of ``sap_llm_pipeline``.

Requests use the KServe v2 binary tensor extension (a JSON header, then the BYTES tensors as raw
length-prefixed data), exactly what ``tritonclient.http`` sends. The mix is realistic: born-digital
PDFs and scanned images in the proportion of ``SAP_LLM_SCANNED_SHARE`` (default 0.3).

Locust is not in the product's environment (it would upgrade ``requests`` and pull Flask / gevent into
it); ``loadtest/run_locust.sh`` installs the pinned ``loadtest/requirements.txt`` into its own venv.
Only 127.0.0.1 is allowed as the target, and the run is bounded:

    loadtest/run_locust.sh FILES.txt --users 4 --spawn-rate 4 --run-time 60s

FILES.txt lists one document path per line (``loadtest/make_inputs.py`` writes one).
"""

from __future__ import annotations

import json
import os
import random
import struct
from pathlib import Path
from urllib.parse import urlparse

from locust import HttpUser, between, events, task

MODEL = "sap_llm_pipeline"
_DOCS: dict[str, list[tuple[str, bytes]]] = {"digital": [], "scanned": []}


@events.init_command_line_parser.add_listener
def _options(parser) -> None:
    parser.add_argument("--documents", default=os.environ.get("SAP_LLM_DOCUMENTS", ""),
                        help="file listing document paths, one per line")


@events.test_start.add_listener
def _load(environment, **_: object) -> None:
    host = urlparse(environment.host or "http://127.0.0.1:8000").hostname
    if host not in ("127.0.0.1", "localhost"):
        raise SystemExit(f"this load test only targets 127.0.0.1, not {host}")
    listing = Path(environment.parsed_options.documents)
    for line in listing.read_text(encoding="utf-8").splitlines():
        path = Path(line.strip())
        if path.is_file():
            _DOCS["digital" if path.suffix.lower() == ".pdf" else "scanned"].append((path.name, path.read_bytes()))
    if not any(_DOCS.values()):
        raise SystemExit(f"no documents listed in {listing}")


def _bytes_element(value: bytes) -> bytes:
    return struct.pack("<I", len(value)) + value


def infer_body(data: bytes, filename: str) -> tuple[bytes, dict[str, str]]:
    """A v2 binary-extension request with DOCUMENT and FILENAME, asking RESULT back as binary."""
    document, name = _bytes_element(data), _bytes_element(filename.encode("utf-8"))
    header = json.dumps({
        "inputs": [
            {"name": "DOCUMENT", "shape": [1], "datatype": "BYTES", "parameters": {"binary_data_size": len(document)}},
            {"name": "FILENAME", "shape": [1], "datatype": "BYTES", "parameters": {"binary_data_size": len(name)}},
        ],
        "outputs": [{"name": "RESULT", "parameters": {"binary_data": False}}],
    }).encode("utf-8")
    return header + document + name, {
        "Inference-Header-Content-Length": str(len(header)),
        "Content-Type": "application/octet-stream",
    }


class DocumentSender(HttpUser):
    wait_time = between(0.0, 0.1)
    scanned_share = float(os.environ.get("SAP_LLM_SCANNED_SHARE", "0.3"))

    @task
    def send_document(self) -> None:
        kind = "scanned" if (_DOCS["scanned"] and random.random() < self.scanned_share) or not _DOCS["digital"] \
            else "digital"
        filename, data = random.choice(_DOCS[kind])
        body, headers = infer_body(data, filename)
        with self.client.post(f"/v2/models/{MODEL}/infer", data=body, headers=headers, name=f"infer {kind}",
                              catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}: {response.text[:200]}")
                return
            try:
                outputs = response.json()["outputs"]
                result = json.loads(outputs[0]["data"][0])
            except (KeyError, IndexError, ValueError) as exc:
                response.failure(f"unexpected response: {exc}")
                return
            results = result if isinstance(result, list) else [result]
            if any(r.get("error", {}) and r["error"].get("code") == "internal_error" for r in results):
                response.failure(f"internal error: {results[0]['error']['message'][:200]}")
