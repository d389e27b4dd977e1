"""Run evaluation items through a processor, checkpointing every N documents.

The run is resumable: each finished document is one JSON line in
``results.jsonl`` (item id, the pipeline's results, wall time, CPU seconds,
error). On start, ids already in the file are skipped, so a killed run goes on
where it stopped; a torn last line (killed mid-write) is ignored and redone.
One document failing (unreadable file, processor exception) is recorded as an
error for that document and never stops the run.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol

from sap_llm.evaluation.datasets import EvalItem

CHECKPOINT_NAME = "results.jsonl"


class Processor(Protocol):
    """Whatever turns one document's bytes into the pipeline's results (in-process or a server)."""

    name: str

    def process(
        self, data: bytes, source: str, variant: str = "digital", today: str | None = None
    ) -> ProcessorOutput:
        """Results for one document; ``variant`` (digital / scan) lets a processor keep them apart,
        ``today`` is the date the date rules compare against (None: the real date)."""

    def cpu_seconds(self) -> float | None:
        """Cumulative CPU seconds of whatever does the work (None when it cannot be measured)."""

    def close(self) -> None: ...


@dataclass
class ProcessorOutput:
    """The pipeline's results for one input (contract dicts), and its words' text where known."""

    results: list[dict[str, Any]]
    text: str | None = None
    extra_wall_ms: float = 0.0  # time of work done earlier for this document (a cached layout's OCR)


@dataclass
class RunRecord:
    """One evaluated document as written to the checkpoint file."""

    item_id: str
    source: str
    results: list[dict[str, Any]] = field(default_factory=list)
    wall_ms: float = 0.0
    cpu_s: float | None = None
    error: str | None = None
    text: str | None = None

    @property
    def result(self) -> dict[str, Any] | None:
        """The first result (one input file is one document for every evaluation set)."""
        return self.results[0] if self.results else None

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RunRecord:
        known = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        return cls(**known)


def read_checkpoint(path: Path) -> dict[str, RunRecord]:
    """Records already written to ``path`` by item id; a torn or corrupt line is skipped."""
    records: dict[str, RunRecord] = {}
    if not path.exists():
        return records
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            line = line.strip()
            if not line:
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(data, dict) and "item_id" in data:
                record = RunRecord.from_json(data)
                records[record.item_id] = record
    return records


class CheckpointWriter:
    """Appends records to the JSONL checkpoint, flushing to disk every ``every`` records."""

    def __init__(self, path: Path, every: int = 10) -> None:
        self.path = path
        self.every = max(1, every)
        self._pending: list[str] = []
        path.parent.mkdir(parents=True, exist_ok=True)
        self._repair_tail()

    def _repair_tail(self) -> None:
        """Terminate a torn last line so the next record starts on a line of its own."""
        if self.path.exists() and self.path.stat().st_size:
            with self.path.open("rb") as handle:
                handle.seek(-1, os.SEEK_END)
                last = handle.read(1)
            if last != b"\n":
                with self.path.open("a", encoding="utf-8") as handle:
                    handle.write("\n")

    def add(self, record: RunRecord) -> None:
        self._pending.append(json.dumps(asdict(record), ensure_ascii=False, default=str))
        if len(self._pending) >= self.every:
            self.flush()

    def flush(self) -> None:
        if not self._pending:
            return
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write("\n".join(self._pending) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        self._pending.clear()


def run_one(item: EvalItem, processor: Processor) -> RunRecord:
    """Process one item, measuring wall time and the processor's CPU; errors become the record's error."""
    try:
        data = item.path.read_bytes()
    except OSError as exc:
        return RunRecord(item.item_id, item.path.name, error=f"cannot read {item.path}: {exc}")
    cpu_before = processor.cpu_seconds()
    start = time.perf_counter()
    try:
        output = processor.process(data, item.path.name, item.variant, item.today)
        error = None if output.results else "the pipeline returned no result"
    except Exception as exc:  # noqa: BLE001 - one broken document must not stop the run
        output, error = ProcessorOutput([]), f"{type(exc).__name__}: {exc}"
    wall_ms = (time.perf_counter() - start) * 1000.0 + output.extra_wall_ms
    cpu_after = processor.cpu_seconds()
    cpu = None if cpu_before is None or cpu_after is None else max(0.0, cpu_after - cpu_before)
    return RunRecord(item.item_id, item.path.name, output.results, wall_ms, cpu, error, output.text)


def run_items(
    items: Iterable[EvalItem],
    processor: Processor,
    checkpoint: Path,
    *,
    every: int = 10,
    progress: Callable[[Iterable[EvalItem]], Iterator[EvalItem]] | None = None,
) -> dict[str, RunRecord]:
    """Run every item not yet in ``checkpoint``; return all records (old and new) by item id."""
    done = read_checkpoint(checkpoint)
    todo = [item for item in items if item.item_id not in done]
    writer = CheckpointWriter(checkpoint, every)
    try:
        for item in progress(todo) if progress else todo:
            record = run_one(item, processor)
            writer.add(record)
            done[record.item_id] = record
    finally:
        writer.flush()
    return done
