"""Start and stop the ``tritonserver`` bundled in nvidia-pytriton, and say plainly why when it cannot start.

What the bundled server needs (ARCHITECTURE.md "Known traps"):

- a backend directory holding ``python/libtriton_python.so``, ``python/triton_python_backend_utils.py``
  and ``python/triton_python_backend_stub`` for *this* interpreter's version (assembled with symlinks
  under a private temporary directory);
- ``LD_LIBRARY_PATH`` with the interpreter's ``LIBDIR`` first (the stub links ``libpython3.x.so``) and
  ``nvidia_pytriton.libs`` (the server's own shared libraries);
- the venv's ``bin`` first on ``PATH``: the stub finds its Python environment through ``python3``.

``EmbeddedServer`` is a context manager for tests, ``sap-llm process`` and ``sap-llm demo``;
``sap-llm serve`` runs one in the foreground until SIGINT / SIGTERM.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sap_llm import paths


class LaunchError(RuntimeError):
    """The server could not start; the message says why in plain words (and what to do)."""


@dataclass
class ServerConfig:
    model_repository: Path = field(default_factory=paths.model_repository)
    host: str = "127.0.0.1"
    http_port: int = 8000
    grpc_port: int = 8001
    metrics_port: int = 8002
    gpu: bool = False
    startup_timeout_s: float = 240.0
    log_verbose: int = 0
    #: load only these models (``--model-control-mode=explicit``); None = every model in the repository
    models: list[str] | None = None
    extra_args: list[str] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)

    @property
    def client_host(self) -> str:
        return "127.0.0.1" if self.host in ("0.0.0.0", "", "::") else self.host  # noqa: S104 - comparison only

    @property
    def http_url(self) -> str:
        return f"{self.client_host}:{self.http_port}"

    @property
    def grpc_url(self) -> str:
        return f"{self.client_host}:{self.grpc_port}"

    @property
    def metrics_url(self) -> str:
        return f"http://{self.client_host}:{self.metrics_port}/metrics"


# ── locating the bundled server ─────────────────────────────────────────────
def _pytriton_dir() -> Path:
    try:
        import pytriton
    except ImportError as exc:
        raise LaunchError(
            "nvidia-pytriton is not installed: it bundles the tritonserver binary "
            "(pip install nvidia-pytriton==0.7.0)"
        ) from exc
    return Path(pytriton.__file__).resolve().parent / "tritonserver"


def find_tritonserver(gpu: bool = False) -> Path:
    """The server binary: ``$SAP_LLM_TRITONSERVER``, for ``--gpu`` a full install on PATH, else the bundled one."""
    override = os.environ.get("SAP_LLM_TRITONSERVER")
    if override:
        return Path(override)
    if gpu:
        found = shutil.which("tritonserver") or ("/opt/tritonserver/bin/tritonserver"
                                                  if Path("/opt/tritonserver/bin/tritonserver").exists() else None)
        if not found:
            raise LaunchError(
                "--gpu needs a full Triton install with the onnxruntime / tensorrt backends (the official "
                "nvcr.io/nvidia/tritonserver container); the tritonserver bundled in nvidia-pytriton only has "
                "the Python backend. Set SAP_LLM_TRITONSERVER to its binary."
            )
        return Path(found)
    binary = _pytriton_dir() / "bin" / "tritonserver"
    if not binary.exists():
        raise LaunchError(f"the bundled tritonserver is missing at {binary}: reinstall nvidia-pytriton==0.7.0")
    return binary


def _libs_dir() -> Path:
    return _pytriton_dir().parent.parent / "nvidia_pytriton.libs"


def assemble_backend_dir(dest: Path) -> Path:
    """Make ``dest/python/`` with the Python backend library, its utils and the stub for this interpreter."""
    bundled = _pytriton_dir()
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    stub = bundled / "python_backend_stubs" / version / "triton_python_backend_stub"
    if not stub.exists():
        raise LaunchError(f"nvidia-pytriton has no Python backend stub for Python {version} (looked at {stub})")
    python_dir = dest / "python"
    python_dir.mkdir(parents=True, exist_ok=True)
    for source in (
        bundled / "backends" / "python" / "libtriton_python.so",
        bundled / "backends" / "python" / "triton_python_backend_utils.py",
        stub,
    ):
        target = python_dir / source.name
        if target.is_symlink() or target.exists():
            target.unlink()
        target.symlink_to(source)
    return dest


def server_environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment the server and its Python stubs need (see the module docstring)."""
    env = dict(os.environ)
    libdir = sysconfig.get_config_var("LIBDIR") or ""
    ld_parts = [p for p in (libdir, str(_libs_dir()), env.get("LD_LIBRARY_PATH", "")) if p]
    env["LD_LIBRARY_PATH"] = os.pathsep.join(ld_parts)
    venv_bin = str(Path(sys.executable).parent)
    env["PATH"] = os.pathsep.join([venv_bin, env.get("PATH", "")])
    env.setdefault("HF_HUB_OFFLINE", "1")
    env.setdefault("TRANSFORMERS_OFFLINE", "1")
    env.setdefault("OMP_NUM_THREADS", "1")  # one thread per model instance: instances are the parallelism
    env.setdefault("SAP_LLM_MODEL_REPOSITORY", "")
    if not env["SAP_LLM_MODEL_REPOSITORY"]:
        env.pop("SAP_LLM_MODEL_REPOSITORY")
    env.update(extra or {})
    return env


def port_problem(host: str, port: int) -> str | None:
    """None when ``host:port`` can be bound now, else a sentence saying it is taken."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((host, port))
        except OSError as exc:
            return f"port {port} on {host} is already in use ({exc.strerror}); stop what holds it or pass another port"
    return None


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


# ── which models to load ─────────────────────────────────────────────────────
PIPELINE_ENTRY = "sap_llm_pipeline"
TRAINED_MODELS = ("doc_classifier", "field_tagger")
_STAGE_EXECUTION = re.compile(r'key:\s*"stage_execution"\s*value:\s*\{\s*string_value:\s*"(\w+)"', re.S)


def stage_execution(model_repository: Path) -> str | None:
    """The pipeline model's ``stage_execution`` parameter (bls | inline), None when it has no config."""
    config = Path(model_repository) / PIPELINE_ENTRY / "config.pbtxt"
    if not config.is_file():
        return None
    match = _STAGE_EXECUTION.search(config.read_text(encoding="utf-8"))
    return match.group(1) if match else "bls"


def models_needed(model_repository: Path) -> list[str] | None:
    """The models the entry point uses: with ``inline`` stages, the pipeline and the trained models only
    (the stage models stay in the repository for direct use and for ``bls``); None = load everything."""
    if stage_execution(model_repository) != "inline":
        return None
    return [PIPELINE_ENTRY, *TRAINED_MODELS]


# ── reading the server's log for the reason it failed ───────────────────────
_LOAD_FAILED = re.compile(r"failed to load '([^']+)' version \d+: (.+)")
_TABLE_ROW = re.compile(r"^\|\s*([\w.-]+)\s*\|\s*\d+\s*\|\s*UNAVAILABLE:\s*(.+?)\s*\|?\s*$")


def model_failures(log_text: str) -> dict[str, str]:
    """``{model: reason}`` for every model the server reported it could not load."""
    failures: dict[str, str] = {}
    for line in log_text.splitlines():
        match = _LOAD_FAILED.search(line) or _TABLE_ROW.search(line.strip())
        if match and match.group(1) not in failures:
            failures[match.group(1)] = _clean_reason(match.group(2))
    return failures


def _clean_reason(reason: str) -> str:
    """The first line of a load error, without Triton's status prefix and the Python traceback."""
    reason = reason.replace("\\n", "\n").split("\n")[0].strip().strip('"').strip()
    for prefix in ("Internal: ", "Invalid argument: ", "TritonModelException: ", "Unavailable: "):
        if reason.startswith(prefix):
            reason = reason[len(prefix):]
    return reason


def explain_failure(log_text: str, config: ServerConfig) -> str:
    """One plain paragraph on why the server did not come up, from its log."""
    failures = model_failures(log_text)
    if failures:
        lines = [f"  - {name}: {reason}" for name, reason in sorted(failures.items())]
        return "these models failed to load:\n" + "\n".join(lines)
    lowered = log_text.lower()
    if "address already in use" in lowered or "failed to start" in lowered and "service" in lowered:
        return (
            f"a port is already in use (http {config.http_port}, grpc {config.grpc_port}, "
            f"metrics {config.metrics_port}); pass other ports"
        )
    if "no such file or directory" in lowered and "model_repository" in lowered:
        return f"the model repository {config.model_repository} does not exist"
    tail = "\n".join(log_text.strip().splitlines()[-15:])
    return f"the server exited; last lines of its log:\n{tail}"


# ── the server process ──────────────────────────────────────────────────────
class EmbeddedServer:
    """A tritonserver child process; ``with EmbeddedServer(cfg) as server:`` waits until it is ready."""

    def __init__(self, config: ServerConfig | None = None, *, quiet: bool = True) -> None:
        self.config = config or ServerConfig()
        self.quiet = quiet
        self.process: subprocess.Popen[bytes] | None = None
        self._workdir: tempfile.TemporaryDirectory[str] | None = None
        self.log_path: Path | None = None
        self._log_handle = None
        self._tee: threading.Thread | None = None

    # the command line ---------------------------------------------------
    def command(self, backend_dir: Path) -> list[str]:
        cfg = self.config
        cmd = [
            str(find_tritonserver(cfg.gpu)),
            f"--model-repository={cfg.model_repository}",
            f"--backend-directory={backend_dir}",
            f"--http-address={cfg.host}",
            f"--http-port={cfg.http_port}",
            f"--grpc-address={cfg.host}",
            f"--grpc-port={cfg.grpc_port}",
            f"--metrics-address={cfg.host}",
            f"--metrics-port={cfg.metrics_port}",
            "--allow-metrics=true",
            "--allow-gpu-metrics=false",
            "--allow-cpu-metrics=true",
            f"--log-verbose={cfg.log_verbose}",
            "--exit-on-error=true",
            "--strict-readiness=true",
            # shared memory between server and stubs grows on demand (big PDFs, long layouts)
            "--backend-config=python,shm-default-byte-size=4194304",
            "--backend-config=python,shm-growth-byte-size=4194304",
        ]
        if cfg.gpu:
            cmd = [c for c in cmd if not c.startswith("--backend-directory")]
        if cfg.models is not None:
            cmd.append("--model-control-mode=explicit")
            cmd += [f"--load-model={name}" for name in cfg.models]
        return cmd + list(cfg.extra_args)

    # lifecycle ----------------------------------------------------------
    def start(self) -> EmbeddedServer:
        cfg = self.config
        if not Path(cfg.model_repository).is_dir():
            raise LaunchError(f"the model repository {cfg.model_repository} does not exist")
        for port in (cfg.http_port, cfg.grpc_port, cfg.metrics_port):
            problem = port_problem(cfg.host, port)
            if problem:
                raise LaunchError(problem)
        self._workdir = tempfile.TemporaryDirectory(prefix="sap-llm-triton-")
        work = Path(self._workdir.name)
        backend_dir = assemble_backend_dir(work / "backends")
        self.log_path = work / "tritonserver.log"
        self._log_handle = self.log_path.open("wb")
        self.process = subprocess.Popen(  # noqa: S603 - fixed binary, arguments built here
            self.command(backend_dir),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            env=server_environment(cfg.env),
            start_new_session=True,  # our SIGINT reaches us, we stop the server ourselves
        )
        self._tee = threading.Thread(target=self._copy_log, daemon=True)
        self._tee.start()
        try:
            self.wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def _copy_log(self) -> None:
        assert self.process is not None and self.process.stdout is not None
        for chunk in iter(self.process.stdout.readline, b""):
            if self._log_handle is not None and not self._log_handle.closed:
                self._log_handle.write(chunk)
                self._log_handle.flush()
            if not self.quiet:
                sys.stderr.buffer.write(chunk)
                sys.stderr.flush()

    def log_text(self) -> str:
        if self.log_path is None or not self.log_path.exists():
            return ""
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def _ready(self) -> bool:
        url = f"http://{self.config.http_url}/v2/health/ready"
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - local http URL we built
                return response.status == 200
        except (urllib.error.URLError, OSError):
            return False

    def wait_ready(self) -> None:
        deadline = time.monotonic() + self.config.startup_timeout_s
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                if self._tee is not None:
                    self._tee.join(timeout=5)
                raise LaunchError("tritonserver did not start: " + explain_failure(self.log_text(), self.config))
            if self._ready():
                return
            time.sleep(0.25)
        failures = model_failures(self.log_text())
        detail = explain_failure(self.log_text(), self.config) if failures else "it is still loading models"
        raise LaunchError(f"tritonserver was not ready after {self.config.startup_timeout_s:.0f} s: {detail}")

    def stop(self, timeout_s: float = 30.0) -> None:
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGTERM)  # Triton drains in-flight requests, then exits
            try:
                process.wait(timeout=timeout_s)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        if self._tee is not None:
            self._tee.join(timeout=5)
        if self._log_handle is not None:
            self._log_handle.close()
        if self._workdir is not None:
            keep = os.environ.get("SAP_LLM_KEEP_TRITON_LOG")
            if keep and self.log_path is not None and self.log_path.exists():
                shutil.copy(self.log_path, keep)
            self._workdir.cleanup()
            self._workdir = None

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def __enter__(self) -> EmbeddedServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # introspection ------------------------------------------------------
    def repository_index(self) -> list[dict[str, str]]:
        """Triton's repository index: every model with its state and, when unavailable, the reason."""
        request = urllib.request.Request(  # noqa: S310 - local http URL we built
            f"http://{self.config.http_url}/v2/repository/index", data=b"{}", method="POST"
        )
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
            return json.loads(response.read())

    def endpoints(self) -> dict[str, str]:
        cfg = self.config
        return {
            "http": f"http://{cfg.http_url}",
            "grpc": cfg.grpc_url,
            "metrics": cfg.metrics_url,
        }


def server_is_ready(http_url: str, timeout_s: float = 1.0) -> bool:
    """Whether a Triton server answers ready at ``host:port`` (used to find a running local server)."""
    url = http_url if http_url.startswith("http") else f"http://{http_url}"
    try:
        with urllib.request.urlopen(f"{url}/v2/health/ready", timeout=timeout_s) as response:  # noqa: S310
            return response.status == 200
    except (urllib.error.URLError, OSError, ValueError):
        return False


@contextlib.contextmanager
def running_server(config: ServerConfig | None = None, *, quiet: bool = True) -> Iterator[EmbeddedServer]:
    server = EmbeddedServer(config, quiet=quiet)
    with server:
        yield server
