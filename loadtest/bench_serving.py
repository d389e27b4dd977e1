"""Serving benchmark: documents/s and P50/P95 latency through Triton at several concurrencies, and the same
documents in-process, for born-digital and scanned inputs.

    nice -n 10 python loadtest/bench_serving.py --digital DIR --scanned DIR \
        [--concurrency 1 2 4] [--requests 40] [--server 127.0.0.1:8000 | (embedded)] --out var/bench/serving.json

Each measurement: ``--warmup`` requests first (not counted), then ``--requests`` requests spread over
``concurrency`` threads, each thread sending the next document of the set round-robin. Latency is per
request (client side, wall clock); throughput = requests / wall time of the measured window. The
in-process figure runs ``Pipeline.process_bytes`` in the same way (threads share one runtime). History
recording is off (``record_history: false``) so repeated documents do not turn into duplicates.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

OPTIONS = {"record_history": False}
SUFFIXES = {".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff"}


@dataclass
class Measurement:
    mode: str  # triton-http | triton-grpc | in-process
    kind: str  # digital | scanned
    concurrency: int
    requests: int
    seconds: float
    docs_per_s: float
    p50_ms: float
    p95_ms: float
    statuses: dict[str, int]
    cpu_ms_per_doc: float | None = None  # CPU of the serving side per request (contention-independent)


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def measure(send: Callable[[bytes, str], list[dict[str, Any]]], docs: Sequence[tuple[str, bytes]],
            concurrency: int, requests: int, warmup: int) -> tuple[float, list[float], dict[str, int]]:
    for i in range(warmup):
        name, data = docs[i % len(docs)]
        send(data, name)
    counter = iter(range(requests))
    lock = threading.Lock()
    latencies: list[float] = []
    statuses: dict[str, int] = {}

    def worker() -> None:
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            name, data = docs[i % len(docs)]
            started = time.perf_counter()
            results = send(data, name)
            elapsed = (time.perf_counter() - started) * 1000.0
            with lock:
                latencies.append(elapsed)
                for r in results:
                    statuses[str(r.get("status"))] = statuses.get(str(r.get("status")), 0) + 1

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - started, latencies, statuses


def _tree_cpu_seconds(root_pid: int) -> float:
    """CPU seconds (user + system, plus reaped children such as tesseract) of a process and its descendants."""
    ticks = os.sysconf("SC_CLK_TCK")
    children: dict[int, list[int]] = {}
    stats: dict[int, list[str]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry.name)
        stats[pid] = fields
        children.setdefault(int(fields[1]), []).append(pid)
    total, todo = 0.0, [root_pid]
    while todo:
        pid = todo.pop()
        fields = stats.get(pid)
        if fields is not None:
            total += sum(int(fields[i]) for i in (11, 12, 13, 14)) / ticks  # utime stime cutime cstime
        todo.extend(children.get(pid, []))
    return total


def _own_cpu_seconds() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def load_docs(folder: Path | None, limit: int) -> list[tuple[str, bytes]]:
    if folder is None:
        return []
    files = sorted(p for p in folder.rglob("*") if p.suffix.lower() in SUFFIXES)[:limit]
    return [(p.name, p.read_bytes()) for p in files]


def run(args: argparse.Namespace) -> list[Measurement]:
    sets = {"digital": load_docs(args.digital, args.max_docs), "scanned": load_docs(args.scanned, args.max_docs)}
    sets = {k: v for k, v in sets.items() if v}
    if not sets:
        raise SystemExit("no documents: pass --digital and/or --scanned folders")
    out: list[Measurement] = []

    def record(mode: str, kind: str, conc: int, n: int, seconds: float, lat: list[float], st: dict[str, int],
               cpu_s: float | None = None) -> None:
        m = Measurement(mode, kind, conc, n, round(seconds, 3), round(n / seconds, 3),
                        round(percentile(lat, 0.5), 1), round(percentile(lat, 0.95), 1), st,
                        None if cpu_s is None else round(cpu_s / n * 1000.0, 1))
        out.append(m)
        print(json.dumps(asdict(m)), flush=True)

    if not args.skip_local:
        from sap_llm.pipeline import Pipeline

        pipeline = Pipeline()

        def local_send(data: bytes, name: str) -> list[dict[str, Any]]:
            return [{"status": r.status} for r in pipeline.process_bytes(data, name, OPTIONS)]

        for kind, docs in sets.items():
            for conc in args.local_concurrency:
                n = args.requests if kind == "digital" else args.scanned_requests
                for i in range(args.warmup):
                    local_send(docs[i % len(docs)][1], docs[i % len(docs)][0])
                cpu_before = _own_cpu_seconds()
                seconds, lat, st = measure(local_send, docs, conc, n, 0)
                record("in-process", kind, conc, n, seconds, lat, st, _own_cpu_seconds() - cpu_before)

    if not args.skip_server:
        from sap_llm.serving.batch import embedded_server
        from sap_llm.serving.client import SapLlmClient

        def bench_server(http_url: str, grpc_url: str, server_pid: int | None = None) -> None:
            for protocol in args.protocols:
                url = http_url if protocol == "http" else grpc_url
                for kind, docs in sets.items():
                    for conc in args.concurrency:
                        client = SapLlmClient(url, protocol)  # one connection per worker thread inside

                        def send(data: bytes, name: str, client=client) -> list[dict]:
                            return client.process_bytes(data, name, OPTIONS)

                        n = args.requests if kind == "digital" else args.scanned_requests
                        for i in range(args.warmup * conc):  # every pipeline instance warm
                            send(docs[i % len(docs)][1], docs[i % len(docs)][0])
                        cpu_before = _tree_cpu_seconds(server_pid) if server_pid else None
                        seconds, lat, st = measure(send, docs, conc, n, 0)
                        cpu = _tree_cpu_seconds(server_pid) - cpu_before if server_pid and cpu_before is not None else None
                        record(f"triton-{protocol}", kind, conc, n, seconds, lat, st, cpu)
                        client.close()

        if args.server:
            bench_server(args.server, args.grpc_server or args.server)
        else:
            with embedded_server() as server:
                bench_server(server.config.http_url, server.config.grpc_url, server.process.pid)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--digital", type=Path)
    parser.add_argument("--scanned", type=Path)
    parser.add_argument("--max-docs", type=int, default=20)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--local-concurrency", type=int, nargs="+", default=[1])
    parser.add_argument("--protocols", nargs="+", default=["http"], choices=("http", "grpc"))
    parser.add_argument("--requests", type=int, default=40, help="measured requests per born-digital point")
    parser.add_argument("--scanned-requests", type=int, default=8, help="measured requests per scanned point")
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--server", help="a running server's HTTP host:port (default: start an embedded one)")
    parser.add_argument("--grpc-server", help="its gRPC host:port")
    parser.add_argument("--skip-local", action="store_true")
    parser.add_argument("--skip-server", action="store_true")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    results = run(args)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps([asdict(m) for m in results], indent=1), encoding="utf-8")
    for m in results:
        print(f"{m.mode:12s} {m.kind:8s} c={m.concurrency} {m.docs_per_s:7.2f} docs/s  "
              f"P50 {m.p50_ms:8.1f} ms  P95 {m.p95_ms:8.1f} ms  CPU {m.cpu_ms_per_doc} ms/doc  {m.statuses}",
              file=sys.stderr)
    return 0 if results else 1


if __name__ == "__main__":
    sys.exit(main())
