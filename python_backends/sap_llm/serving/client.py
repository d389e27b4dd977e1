"""Send documents to the ``sap_llm_pipeline`` model of a Triton server (HTTP or gRPC) and read the contract JSON.

    client = SapLlmClient("127.0.0.1:8000")                 # HTTP
    client = SapLlmClient("127.0.0.1:8001", protocol="grpc")
    results = client.process_bytes(pdf_bytes, "invoice.pdf")  # list of result dicts (an .eml: several)

A request the server refuses (a Triton error) is turned into a ``rejected`` result for that document
with ``error.stage = "server"``, so a batch never stops on one document. A server that cannot be
reached raises ``ServerUnavailable``: that is the run's failure, not the document's.
"""

from __future__ import annotations

import json
import threading
from typing import Any

import numpy as np

from sap_llm.serving import PIPELINE_MODEL

DEFAULT_HTTP_URL = "127.0.0.1:8000"
DEFAULT_GRPC_URL = "127.0.0.1:8001"


class ServerUnavailable(RuntimeError):
    """The server is not reachable or not ready."""


def _strip_scheme(url: str) -> str:
    for scheme in ("http://", "https://", "grpc://"):
        if url.startswith(scheme):
            return url[len(scheme):]
    return url


class SapLlmClient:
    """A client of the pipeline model; safe to share between threads (one connection per thread)."""

    def __init__(
        self,
        url: str | None = None,
        protocol: str = "http",
        *,
        timeout_s: float = 600.0,
        concurrency: int = 1,
        model: str = PIPELINE_MODEL,
    ) -> None:
        if protocol not in ("http", "grpc"):
            raise ValueError(f"protocol must be http or grpc, not {protocol!r}")
        self.protocol = protocol
        self.url = _strip_scheme(url or (DEFAULT_HTTP_URL if protocol == "http" else DEFAULT_GRPC_URL))
        self.model = model
        self.timeout_s = timeout_s
        self._concurrency = max(1, concurrency)
        if protocol == "http":
            import tritonclient.http as module
        else:
            import tritonclient.grpc as module
        self._module = module
        self._local = threading.local()
        self._all: list[Any] = []
        self._lock = threading.Lock()

    @property
    def _client(self) -> Any:
        """One underlying client per thread: tritonclient.http runs on gevent, whose sockets must stay
        in the thread that made them (sharing one across threads fails with "Cannot switch to a
        different thread")."""
        client = getattr(self._local, "client", None)
        if client is None:
            if self.protocol == "http":
                client = self._module.InferenceServerClient(
                    self.url, connection_timeout=self.timeout_s, network_timeout=self.timeout_s
                )
            else:
                client = self._module.InferenceServerClient(self.url)
            self._local.client = client
            with self._lock:
                self._all.append(client)
        return client

    # ── health ──────────────────────────────────────────────────────────────
    def ready(self) -> bool:
        try:
            return bool(self._client.is_server_ready() and self._client.is_model_ready(self.model))
        except Exception:
            return False

    def require_ready(self) -> None:
        if not self.ready():
            raise ServerUnavailable(
                f"no ready Triton server with model {self.model} at {self.url} ({self.protocol}); "
                "start one with `sap-llm serve`"
            )

    # ── inference ───────────────────────────────────────────────────────────
    def _inputs(self, data: bytes, source: str, options: dict[str, Any] | None) -> list[Any]:
        tensors = [("DOCUMENT", data), ("FILENAME", source.encode("utf-8"))]
        if options:
            tensors.append(("OPTIONS", json.dumps(options).encode("utf-8")))
        inputs = []
        for name, value in tensors:
            tensor = self._module.InferInput(name, [1], "BYTES")
            if self.protocol == "http":
                tensor.set_data_from_numpy(np.array([value], dtype=np.object_), binary_data=True)
            else:
                tensor.set_data_from_numpy(np.array([value], dtype=np.object_))
            inputs.append(tensor)
        return inputs

    def _outputs(self) -> list[Any]:
        if self.protocol == "http":
            return [self._module.InferRequestedOutput("RESULT", binary_data=True)]
        return [self._module.InferRequestedOutput("RESULT")]

    def process_bytes(self, data: bytes, source: str, options: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """The contract JSON of every document in ``data``; a refused request is one ``rejected`` result."""
        from tritonclient.utils import InferenceServerException

        try:
            kwargs: dict[str, Any] = {}
            if self.protocol == "grpc":
                kwargs["client_timeout"] = self.timeout_s
            response = self._client.infer(
                self.model, self._inputs(data, source, options), outputs=self._outputs(), **kwargs
            )
        except InferenceServerException as exc:
            if _unreachable(exc):
                raise ServerUnavailable(f"Triton at {self.url} ({self.protocol}) is unreachable: {exc}") from exc
            return [_server_error(source, exc)]
        except (ConnectionError, OSError) as exc:
            raise ServerUnavailable(f"Triton at {self.url} ({self.protocol}) is unreachable: {exc}") from exc
        return parse_result(response.as_numpy("RESULT"))

    def close(self) -> None:
        with self._lock:
            clients, self._all = self._all, []
        for client in clients:
            try:
                client.close()
            except Exception:  # noqa: S110 - closing a client of another (finished) thread may fail; nothing to do
                pass
        self._local = threading.local()

    def __enter__(self) -> SapLlmClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def parse_result(array: Any) -> list[dict[str, Any]]:
    """RESULT tensor → list of result dicts (the server sends one object, or an array for an .eml)."""
    raw = np.asarray(array, dtype=object).reshape(-1)[0]
    body = json.loads(raw if isinstance(raw, (bytes, str)) else bytes(raw))
    return body if isinstance(body, list) else [body]


def _unreachable(exc: Exception) -> bool:
    text = str(exc).lower()
    return any(s in text for s in ("connection refused", "failed to connect", "unavailable", "connect failed",
                                   "name resolution", "timed out connecting"))


def _server_error(source: str, exc: Exception) -> dict[str, Any]:
    message = getattr(exc, "message", None)
    text = message() if callable(message) else str(exc)
    return {
        "schema_version": "1.0",
        "document_id": None,
        "source": source,
        "status": "rejected",
        "error": {"code": "server_error", "message": text, "stage": "server"},
        "fields": {},
        "line_items": [],
        "confidence": {},
        "validation": {"passed": False, "issues": []},
        "routing": None,
        "timings_ms": {},
    }


def process_bytes(data: bytes, source: str, *, url: str | None = None, protocol: str = "http") -> list[dict[str, Any]]:
    """One-shot helper: connect, send, close."""
    with SapLlmClient(url, protocol) as client:
        return client.process_bytes(data, source)
