"""`sap-llm serve`: the Triton server on the model repository, in the foreground until Ctrl-C / SIGTERM."""

from __future__ import annotations

import signal
import sys
import threading
from pathlib import Path

import typer


def serve(
    model_repository: Path = typer.Option(
        None, "--model-repository", help="Model repository (default: the project's model_repository/)."
    ),
    http_port: int = typer.Option(8000, "--http-port", help="HTTP/REST (KServe v2) port."),
    grpc_port: int = typer.Option(8001, "--grpc-port", help="gRPC port."),
    metrics_port: int = typer.Option(8002, "--metrics-port", help="Prometheus metrics port."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind; 0.0.0.0 exposes the server."),
    gpu: bool = typer.Option(
        False, "--gpu", help="GPU variant: needs a full Triton (SAP_LLM_TRITONSERVER) and the gpu configs."
    ),
    org_profile: Path = typer.Option(None, "--org-profile", help="Organisation profile (YAML/JSON) the server uses."),
    config: Path = typer.Option(None, "--config", help="Settings file (YAML/JSON) the server uses."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Show the server's log."),
    startup_timeout: float = typer.Option(240.0, "--startup-timeout", help="Seconds to wait for readiness."),
    all_models: bool = typer.Option(
        False, "--all-models", help="Also load the per-stage models when the pipeline runs its stages inline."
    ),
) -> None:
    """Start Triton with every SAP_LLM model; print the endpoints; stop cleanly on SIGINT / SIGTERM."""
    from sap_llm import paths
    from sap_llm.serving.launcher import EmbeddedServer, LaunchError, ServerConfig, models_needed

    repository = model_repository or paths.model_repository()
    if gpu and model_repository is None:
        repository = paths.var_dir() / "model_repository_gpu"
        if not repository.is_dir():
            typer.echo(
                f"error: no GPU model repository at {repository}; make it with "
                f"`python build_engines/make_configs.py --target gpu --out {repository}`",
                err=True,
            )
            raise typer.Exit(2)
    env: dict[str, str] = {}
    if org_profile is not None:
        env["SAP_LLM_ORG_PROFILE"] = str(org_profile.resolve())
    if config is not None:
        env["SAP_LLM_CONFIG"] = str(config.resolve())
    cfg = ServerConfig(
        model_repository=repository,
        host=host,
        http_port=http_port,
        grpc_port=grpc_port,
        metrics_port=metrics_port,
        gpu=gpu,
        startup_timeout_s=startup_timeout,
        env=env,
        models=None if all_models else models_needed(repository),
    )
    server = EmbeddedServer(cfg, quiet=not verbose)
    stop = threading.Event()

    def on_signal(signum: int, _frame: object) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    typer.echo(f"starting Triton on {repository} ...", err=True)
    try:
        server.start()
    except LaunchError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    try:
        endpoints = server.endpoints()
        typer.echo("SAP_LLM is serving (Ctrl-C stops it):")
        typer.echo(f"  HTTP     {endpoints['http']}   (POST /v2/models/sap_llm_pipeline/infer)")
        typer.echo(f"  gRPC     {endpoints['grpc']}")
        typer.echo(f"  metrics  {endpoints['metrics']}")
        typer.echo(f"  try: sap-llm process --server {cfg.http_url} FILE.pdf")
        sys.stdout.flush()
        while not stop.wait(1.0):
            if not server.running:
                typer.echo("error: tritonserver exited unexpectedly; last lines of its log:", err=True)
                typer.echo("\n".join(server.log_text().strip().splitlines()[-20:]), err=True)
                raise typer.Exit(1)
        typer.echo("stopping Triton ...", err=True)
    finally:
        server.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    typer.echo("stopped.", err=True)
