"""Word pieces in sliding windows, and per-word distributions merged back from them.

LayoutLM reads at most 512 tokens; a long document becomes windows of
``max_tokens`` (with [CLS] / [SEP]) overlapping by ``overlap`` tokens. Each word
is represented by its first word piece; where windows overlap, a word takes the
prediction of the window in which it sits farthest from an edge (most context
on both sides).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

IGNORE = -100
CLS_BOX = (0, 0, 0, 0)
SEP_BOX = (1000, 1000, 1000, 1000)
MAX_PIECES_PER_WORD = 12


@dataclass
class Window:
    input_ids: list[int]
    bbox: list[tuple[int, int, int, int]]
    word_index: list[int]  # per token: the word it starts, or -1 (continuation / special)
    labels: list[int] | None = None  # per token: word label on first pieces, IGNORE elsewhere


def clamp_box(box: Sequence[int]) -> tuple[int, int, int, int]:
    x0, y0, x1, y1 = (max(0, min(1000, int(v))) for v in box)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def encode_windows(
    tokenizer,
    words: Sequence[str],
    boxes: Sequence[Sequence[int]],
    word_labels: Sequence[int] | None = None,
    *,
    max_tokens: int = 512,
    overlap: int = 128,
) -> list[Window]:
    """Split a document into model windows of word pieces with their boxes (and labels for training)."""
    pieces: list[int] = []
    piece_box: list[tuple[int, int, int, int]] = []
    piece_word: list[int] = []
    texts = [w if w.strip() else "_" for w in words]
    encoded = tokenizer(texts, add_special_tokens=False, is_split_into_words=False)["input_ids"] if texts else []
    for i, ids in enumerate(encoded):
        ids = ids[:MAX_PIECES_PER_WORD] or [tokenizer.unk_token_id]
        box = clamp_box(boxes[i])
        for j, piece in enumerate(ids):
            pieces.append(piece)
            piece_box.append(box)
            piece_word.append(i if j == 0 else -1)
    body = max_tokens - 2
    step = max(1, body - overlap)
    windows: list[Window] = []
    start = 0
    while True:
        end = min(start + body, len(pieces))
        word_index = [-1, *piece_word[start:end], -1]
        labels = None
        if word_labels is not None:
            labels = [IGNORE] + [word_labels[w] if w >= 0 else IGNORE for w in piece_word[start:end]] + [IGNORE]
        windows.append(Window(
            input_ids=[tokenizer.cls_token_id, *pieces[start:end], tokenizer.sep_token_id],
            bbox=[CLS_BOX, *piece_box[start:end], SEP_BOX],
            word_index=word_index,
            labels=labels,
        ))
        if end >= len(pieces):
            break
        start += step
    return windows


def batch_arrays(windows: Sequence[Window], *, pad_id: int = 0) -> dict[str, np.ndarray]:
    """Pad windows to one batch: input_ids, bbox, attention_mask (int64), and labels where present."""
    length = max(len(w.input_ids) for w in windows)
    n = len(windows)
    input_ids = np.full((n, length), pad_id, dtype=np.int64)
    bbox = np.zeros((n, length, 4), dtype=np.int64)
    mask = np.zeros((n, length), dtype=np.int64)
    labels = np.full((n, length), IGNORE, dtype=np.int64)
    for i, w in enumerate(windows):
        k = len(w.input_ids)
        input_ids[i, :k] = w.input_ids
        bbox[i, :k] = w.bbox
        mask[i, :k] = 1
        if w.labels is not None:
            labels[i, :k] = w.labels
    out = {"input_ids": input_ids, "bbox": bbox, "attention_mask": mask}
    if any(w.labels is not None for w in windows):
        out["labels"] = labels
    return out


def merge_word_logits(windows: Sequence[Window], logits: Sequence[np.ndarray], n_words: int) -> np.ndarray:
    """Per-word logits [n_words, n_labels] from per-window token logits, most-central window winning."""
    n_labels = logits[0].shape[-1] if len(logits) else 1
    merged = np.zeros((n_words, n_labels), dtype=np.float32)
    best = np.full(n_words, -1, dtype=np.int64)
    for window, window_logits in zip(windows, logits, strict=True):
        length = len(window.input_ids)
        for pos, word in enumerate(window.word_index):
            if word < 0:
                continue
            centrality = min(pos, length - 1 - pos)
            if centrality > best[word]:
                best[word] = centrality
                merged[word] = window_logits[pos]
    return merged


def softmax(logits: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    z = logits / max(temperature, 1e-6)
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)
