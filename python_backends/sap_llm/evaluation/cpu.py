"""CPU-time accounting for the process that does the work.

In-process (``--local``): this process's user + system time plus that of its
waited-for children (tesseract runs as a child process), from
``resource.getrusage``. Against a server on this machine: the summed
``utime + stime`` (and waited-for children's ``cutime + cstime``) of the
server's processes — ``tritonserver`` and its Python-backend stubs — read from
``/proc``. A remote server's CPU cannot be seen; the figure is then None.
"""

from __future__ import annotations

import os
import resource
from collections.abc import Iterable
from pathlib import Path

SERVER_PROCESS_NAMES = ("tritonserver", "triton_python_backend_stub", "triton_python_b")


def own_cpu_seconds() -> float:
    """User + system CPU seconds of this process and its finished children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _clock_ticks() -> int:
    return int(os.sysconf("SC_CLK_TCK"))


def proc_cpu_seconds(pid: int, proc: Path = Path("/proc")) -> float | None:
    """CPU seconds of one process (with its waited-for children) from ``/proc/<pid>/stat``."""
    try:
        stat = (proc / str(pid) / "stat").read_text()
    except OSError:
        return None
    # The command name (field 2) may contain spaces; everything after its closing ")" is numeric.
    fields = stat[stat.rfind(")") + 2 :].split()
    utime, stime, cutime, cstime = (int(v) for v in fields[11:15])
    return (utime + stime + cutime + cstime) / _clock_ticks()


def find_server_pids(names: Iterable[str] = SERVER_PROCESS_NAMES, proc: Path = Path("/proc")) -> list[int]:
    """Pids of local processes whose command name is one of ``names`` (the Triton server and its stubs)."""
    wanted = tuple(names)
    pids: list[int] = []
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            comm = (entry / "comm").read_text().strip()
        except OSError:
            continue
        if comm.startswith(wanted):
            pids.append(int(entry.name))
    return sorted(pids)


def server_cpu_seconds(pids: Iterable[int] | None = None) -> float | None:
    """Summed CPU seconds of the server processes (found by name when ``pids`` is None), None if none."""
    pid_list = list(pids) if pids is not None else find_server_pids()
    values = [v for v in (proc_cpu_seconds(pid) for pid in pid_list) if v is not None]
    return sum(values) if values else None


def _listening_inodes(port: int, proc: Path) -> set[str]:
    """Socket inodes listening on ``port`` (IPv4 and IPv6), from /proc/net/tcp*."""
    inodes: set[str] = set()
    for table in ("tcp", "tcp6"):
        try:
            lines = (proc / "net" / table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            parts = line.split()
            if len(parts) > 9 and parts[3] == "0A" and int(parts[1].rsplit(":", 1)[1], 16) == port:
                inodes.add(parts[9])
    return inodes


def _parent_map(proc: Path) -> dict[int, int]:
    parents: dict[int, int] = {}
    for entry in proc.iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat[stat.rfind(")") + 2 :].split()[1])
    return parents


def server_pids_for_port(port: int, proc: Path = Path("/proc")) -> list[int]:
    """The process listening on ``port`` and all its descendants (Triton and its Python-backend stubs).

    Empty when no local process listens there (or its sockets cannot be read).
    """
    inodes = _listening_inodes(port, proc)
    if not inodes:
        return []
    owner = None
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            links = [os.readlink(fd) for fd in (entry / "fd").iterdir()]
        except OSError:
            continue
        if any(link.startswith("socket:[") and link[8:-1] in inodes for link in links):
            owner = int(entry.name)
            break
    if owner is None:
        return []
    parents = _parent_map(proc)
    tree = {owner}
    grew = True
    while grew:
        children = {pid for pid, parent in parents.items() if parent in tree} - tree
        grew = bool(children)
        tree |= children
    return sorted(tree)
