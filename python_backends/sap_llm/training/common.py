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


def layout_of(record: CorpusRecord):
    """The record's words as the ``Layout`` the pipeline would build: boxes 0..1000 and lines (one line
    builder for records and pages, so the classify stage sees the same thing in training and serving)."""
    from sap_llm.preprocess.layout import group_lines
    from sap_llm.preprocess.words import RawWord
    from sap_llm.records import Layout, Line, Page, Word

    pages = pages_of(record)
    n_pages = max(pages) + 1 if pages else 1
    words = [Word(text=w, box=tuple(b), page=p) for w, b, p in zip(record.words, record.boxes, pages, strict=True)]
    lines = []
    for page in range(n_pages):
        on_page = [i for i, p in enumerate(pages) if p == page]
        raw = [RawWord(words[i].text, *words[i].box) for i in on_page]
        for members in group_lines(raw):
            idx = [on_page[k] for k in members]
            boxes = [words[i].box for i in idx]
            lines.append(Line(page=page, word_indices=idx, box=(min(b[0] for b in boxes), min(b[1] for b in boxes),
                                                                 max(b[2] for b in boxes), max(b[3] for b in boxes))))
    language = record.metadata.language if record.metadata.language in {"EN", "DE", "FR", "ES", "IT"} else "EN"
    return Layout(document_id=record.id, pages=[Page(index=i, width=595, height=842, source="text_layer")
                                                for i in range(n_pages)], words=words, lines=lines, language=language)
