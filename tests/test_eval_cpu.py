"""CPU accounting: this process via getrusage, any process via /proc."""

from __future__ import annotations

import os
import subprocess
import sys

from sap_llm.evaluation.cpu import find_server_pids, own_cpu_seconds, proc_cpu_seconds, server_cpu_seconds


def _burn(n: int = 2_000_000) -> int:
    return sum(i * i for i in range(n))


def test_own_cpu_counts_work_in_this_process_and_in_finished_children():
    before = own_cpu_seconds()
    _burn()
    middle = own_cpu_seconds()
    assert middle > before
    subprocess.run([sys.executable, "-c", "sum(i * i for i in range(3_000_000))"], check=True)
    assert own_cpu_seconds() - middle > 0.05  # the child's CPU is included (tesseract runs as a child)


def test_proc_cpu_reads_a_process_by_pid():
    _burn()
    mine = proc_cpu_seconds(os.getpid())
    assert mine is not None and mine > 0
    assert proc_cpu_seconds(2**22 + 7) is None  # no such process
    assert server_cpu_seconds([2**22 + 7]) is None
    assert os.getpid() in find_server_pids(names=[open(f"/proc/{os.getpid()}/comm").read().strip()])


def test_server_pids_for_port_finds_the_listener_and_its_children():
    import signal

    from sap_llm.evaluation.cpu import server_pids_for_port

    code = (
        "import socket, subprocess, sys, time\n"
        "s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen()\n"
        "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(30)'])\n"
        "print(s.getsockname()[1], child.pid, flush=True)\n"
        "time.sleep(30)\n"
    )
    server = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, start_new_session=True)
    try:
        port, child = (int(v) for v in server.stdout.readline().split())
        pids = server_pids_for_port(port)
        assert server.pid in pids and child in pids
        assert server_pids_for_port(1) == []  # nobody listens on port 1
    finally:
        os.killpg(server.pid, signal.SIGTERM)  # the session this test started: the server and its child
        server.wait(timeout=10)
