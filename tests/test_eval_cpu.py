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
