"""Shared training plumbing: seeds, threads, the records → (words, boxes, labels) view."""

from __future__ import annotations

import os
import random

import numpy as np

from sap_llm.corpus.record import CorpusRecord


def seed_everything(seed: int) -> None:
    import torch

    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.use_deterministic_algorithms(False)


def set_threads() -> int:
    """Torch threads for training: ``SAP_LLM_TRAIN_THREADS`` or 2 (the machine is shared)."""
    import torch

    n = int(os.environ.get("SAP_LLM_TRAIN_THREADS", "2"))
    torch.set_num_threads(n)
    return n


def pages_of(record: CorpusRecord) -> list[int]:
    return record.word_pages or [0] * len(record.words)
