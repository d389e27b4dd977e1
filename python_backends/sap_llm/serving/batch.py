"""Run many files through one backend — Triton (a given server, a running local one, or an embedded one)
or the in-process pipeline — with bounded concurrency and a progress bar, keeping every result.

Used by ``sap-llm process`` and ``sap-llm demo``; the backends share one small interface:
``process_file(path) -> list[dict]`` (contract-shaped dicts, one per document in the file).
"""

from __future__ import annotations

import contextlib
import json
import sys
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from sap_llm.serving.launcher import LaunchError


class ProcessingError(RuntimeError):
    """The run itself failed (no server, bad profile, ...), as opposed to one document failing."""


class Backend(Protocol):
    label: str

    def process_file(self, path: Path) -> list[dict[str, Any]]: ...


def _read(path: Path) -> tuple[bytes | None, dict[str, Any] | None]:
    from sap_llm.pipeline import unreadable_result

    try:
        return path.read_bytes(), None
    except OSError as exc:
        return None, json.loads(unreadable_result(path, exc).model_dump_json())


class LocalBackend:
    """The stage functions in this process (``Pipeline``)."""

    def __init__(self, pipeline: Any, options: dict[str, Any] | None = None) -> None:
        self.pipeline = pipeline
        self.options = options
        self.label = "in-process (--local)"

    def process_file(self, path: Path) -> list[dict[str, Any]]:
        data, failed = _read(path)
        if failed is not None:
            return [failed]
        results = self.pipeline.process_bytes(data, path.name, self.options)
        return [json.loads(r.model_dump_json()) for r in results]


class ServerBackend:
    """A Triton server through ``SapLlmClient``."""

    def __init__(self, client: Any, options: dict[str, Any] | None = None, label: str = "") -> None:
        self.client = client
        self.options = options
        self.label = label or f"Triton {client.protocol} {client.url}"

    def process_file(self, path: Path) -> list[dict[str, Any]]:
        from sap_llm.serving.client import ServerUnavailable

        data, failed = _read(path)
        if failed is not None:
            return [failed]
        try:
            return self.client.process_bytes(data, path.name, self.options)
        except ServerUnavailable as exc:
            raise ProcessingError(str(exc)) from exc


@contextlib.contextmanager
def open_backend(
    *,
    local: bool = False,
    server: str | None = None,
    protocol: str = "http",
    org_profile: Path | None = None,
    config: Path | None = None,
    concurrency: int = 1,
    quiet: bool = True,
    history_path: Path | None = None,
) -> Iterator[Any]:
    """The backend a run uses: ``--local``; ``--server URL``; a ready server on 127.0.0.1; or an embedded one.

    ``history_path``: a private history for this run (local or embedded server; the demo uses one).
    """
    if local:
        yield _local_backend(org_profile, config, history_path)
        return
    from sap_llm.serving.client import SapLlmClient
    from sap_llm.serving.launcher import server_is_ready

    if server:
        client = SapLlmClient(server, protocol, concurrency=concurrency)
        if not client.ready():
            raise ProcessingError(f"no ready SAP_LLM Triton server at {server} ({protocol})")
        if org_profile is not None:
            print(f"note: --org-profile is ignored with --server: the server at {server} uses its own profile",
                  file=sys.stderr)
        yield ServerBackend(client)
        client.close()
        return
    default_url = "127.0.0.1:8000" if protocol == "http" else "127.0.0.1:8001"
    if org_profile is None and config is None and history_path is None and server_is_ready("127.0.0.1:8000"):
        client = SapLlmClient(default_url, protocol, concurrency=concurrency)
        if client.ready():
            yield ServerBackend(client, label=f"running Triton at {default_url} ({protocol})")
            client.close()
            return
        client.close()
    with embedded_server(org_profile=org_profile, config=config, quiet=quiet, history_path=history_path) as srv:
        url = srv.config.http_url if protocol == "http" else srv.config.grpc_url
        client = SapLlmClient(url, protocol, concurrency=concurrency)
        try:
            yield ServerBackend(client, label=f"embedded Triton ({protocol})")
        finally:
            client.close()


def _local_backend(org_profile: Path | None, config: Path | None, history_path: Path | None = None) -> LocalBackend:
    from sap_llm.config import load_settings
    from sap_llm.pipeline import Pipeline
    from sap_llm.profile import ProfileError, load_profile
    from sap_llm.runtime import Runtime

    try:
        settings = load_settings(config)
        if history_path is not None:
            settings.storage.history_path = Path(history_path)
        profile = load_profile(org_profile)
    except (ProfileError, OSError, ValueError) as exc:
        raise ProcessingError(str(exc)) from exc
    return LocalBackend(Pipeline(runtime=Runtime(settings, profile)))


@contextlib.contextmanager
def embedded_server(
    *, org_profile: Path | None = None, config: Path | None = None, quiet: bool = True,
    history_path: Path | None = None,
) -> Iterator[Any]:
    """A Triton server for the duration of the block, on the default ports when free, else free ones."""
    from sap_llm import paths
    from sap_llm.serving.launcher import EmbeddedServer, ServerConfig, free_port, models_needed, port_problem

    env: dict[str, str] = {}
    if org_profile is not None:
        env["SAP_LLM_ORG_PROFILE"] = str(Path(org_profile).resolve())
    if config is not None:
        env["SAP_LLM_CONFIG"] = str(Path(config).resolve())
    if history_path is not None:
        env["SAP_LLM__STORAGE__HISTORY_PATH"] = str(Path(history_path).resolve())
    ports = [8000, 8001, 8002]
    if any(port_problem("127.0.0.1", p) for p in ports):
        ports = [free_port(), free_port(), free_port()]
    cfg = ServerConfig(http_port=ports[0], grpc_port=ports[1], metrics_port=ports[2], env=env,
                       models=models_needed(paths.model_repository()))
    print(f"starting an embedded Triton server (http {ports[0]}, grpc {ports[1]}) ...", file=sys.stderr)
    started = time.perf_counter()
    try:
        server = EmbeddedServer(cfg, quiet=quiet).start()
    except LaunchError as exc:
        raise ProcessingError(str(exc)) from exc
    print(f"server ready in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    try:
        yield server
    finally:
        server.stop()


@dataclass
class RunResult:
    results: list[dict[str, Any]] = field(default_factory=list)
    files: int = 0
    seconds: float = 0.0
    backend: str = ""

    @property
    def documents_per_second(self) -> float:
        return len(self.results) / self.seconds if self.seconds > 0 else 0.0


def run_documents(
    backend: Any,
    files: Sequence[Path],
    *,
    concurrency: int = 1,
    options: dict[str, Any] | None = None,
    progress: bool | None = None,
) -> RunResult:
    """Every file through ``backend`` (``concurrency`` at once); results in input order."""
    if options is not None:
        backend.options = options
    show = sys.stderr.isatty() if progress is None else progress
    started = time.perf_counter()
    per_file: list[list[dict[str, Any]]] = [[] for _ in files]

    def work(index: int) -> int:
        per_file[index] = backend.process_file(files[index])
        return index

    with _progress(show, len(files)) as advance, ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
        for _ in pool.map(work, range(len(files))):
            advance()
    results = [r for group in per_file for r in group]
    return RunResult(results, len(files), time.perf_counter() - started, getattr(backend, "label", ""))


@contextlib.contextmanager
def _progress(show: bool, total: int) -> Iterator[Any]:
    if not show:
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("processing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=Console(stderr=True), transient=True,
    ) as bar:
        task = bar.add_task("documents", total=total)
        yield lambda: bar.advance(task)
