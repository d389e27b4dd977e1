"""Training the field tagger (LayoutLM from MiniLM) with early stopping and temperature calibration.

Each record's words become sliding windows of word pieces; the loss is cross
entropy on each word's first piece. Validation: word-level micro-F1 over
non-``O`` labels after every epoch; the best epoch's weights are kept and
training stops after ``patience`` epochs without improvement. A temperature
is then fitted on the validation words (NLL, LBFGS) and stored with the model.
"""

from __future__ import annotations

import json
import logging
import math
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from sap_llm.corpus.record import CorpusRecord
from sap_llm.models.labels import LabelMap, bio_label_map, extend_label_map, load_json, save_json
from sap_llm.models.tagging import IGNORE, Window, batch_arrays, encode_windows, merge_word_logits
from sap_llm.training.common import seed_everything, set_threads

log = logging.getLogger(__name__)


@dataclass
class TaggerTrainConfig:
    epochs: int = 4
    batch_size: int = 8
    lr: float = 1e-4
    head_lr: float = 1e-3
    weight_decay: float = 0.01
    num_layers: int = 2
    max_tokens: int = 512
    overlap: int = 128
    patience: int = 2
    seed: int = 13
    max_minutes: float = 45.0  # wall-clock budget: training stops when it is used up (mid-epoch too)
    init_from: str | None = None  # a previous run's directory: continue from its weights and label map


def record_label_ids(record: CorpusRecord, labels: LabelMap) -> list[int]:
    return [labels.index.get(lab, 0) for lab in record.labels]


def encode_records(records: list[CorpusRecord], tokenizer, labels: LabelMap | None, cfg: TaggerTrainConfig
                   ) -> list[tuple[int, Window]]:
    """(record position, window) for every window of every record."""
    out: list[tuple[int, Window]] = []
    for i, r in enumerate(records):
        ids = record_label_ids(r, labels) if labels is not None else None
        for w in encode_windows(tokenizer, r.words, r.boxes, ids, max_tokens=cfg.max_tokens, overlap=cfg.overlap):
            out.append((i, w))
    return out


def predict_word_logits(model, tokenizer, records: list[CorpusRecord], cfg: TaggerTrainConfig,
                        batch_size: int = 8) -> list[np.ndarray]:
    """Per-record per-word logits with the torch model (eval mode)."""
    import torch

    model.eval()
    out: list[np.ndarray] = []
    with torch.no_grad():
        for r in records:
            windows = encode_windows(tokenizer, r.words, r.boxes, max_tokens=cfg.max_tokens, overlap=cfg.overlap)
            logits: list[np.ndarray] = []
            for k in range(0, len(windows), batch_size):
                arrays = batch_arrays(windows[k:k + batch_size])
                res = model(**{n: torch.from_numpy(arrays[n]) for n in ("input_ids", "bbox", "attention_mask")}).logits
                logits.extend(res.numpy())
            out.append(merge_word_logits(windows, logits, len(r.words)))
    return out


def word_f1(logits: list[np.ndarray], gold: list[list[int]]) -> float:
    """Micro-F1 over non-O word labels (label 0 is ``O``)."""
    tp = fp = fn = 0
    for lg, g in zip(logits, gold, strict=True):
        if not len(g):
            continue
        pred = lg.argmax(axis=1)
        g = np.asarray(g)
        tp += int(((pred == g) & (g != 0)).sum())
        fp += int(((pred != g) & (pred != 0)).sum())
        fn += int(((pred != g) & (g != 0)).sum())
    return 2 * tp / max(1, 2 * tp + fp + fn)


def fit_temperature(logits: np.ndarray, gold: np.ndarray) -> float:
    """Temperature minimising validation NLL (Guo et al. 2017), on word logits [n, L]."""
    import torch

    if len(gold) == 0:
        return 1.0
    x = torch.from_numpy(np.asarray(logits, dtype=np.float32))
    y = torch.from_numpy(np.asarray(gold, dtype=np.int64))
    log_t = torch.zeros(1, requires_grad=True)
    opt = torch.optim.LBFGS([log_t], lr=0.1, max_iter=100)

    def closure():
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(x / log_t.exp(), y)
        loss.backward()
        return loss

    opt.step(closure)
    return float(min(10.0, max(0.05, math.exp(float(log_t)))))


def train_tagger(train: list[CorpusRecord], val: list[CorpusRecord], out_dir: Path, cfg: TaggerTrainConfig) -> dict:
    """Train, keep the best epoch, fit the temperature; writes ``tagger.pt``, ``labels.json``, tokenizer, history."""
    import torch
    from tqdm import tqdm

    from sap_llm.models.tagger_net import build_tagger, load_checkpoint_with_new_labels, load_tokenizer

    seed_everything(cfg.seed)
    threads = set_threads()
    out_dir.mkdir(parents=True, exist_ok=True)
    seen = {lab for r in train for lab in r.labels}
    labels = bio_label_map(seen)
    if cfg.init_from:  # the previous run's labels keep their places; fields new to this data are appended
        previous = LabelMap.from_json(load_json(Path(cfg.init_from) / "labels.json")["labels"])
        labels = extend_label_map(previous, seen)
        if len(labels) > len(previous):
            log.info("tagger: %d labels new to the model continued from: %s", len(labels) - len(previous),
                     ", ".join(labels.names[len(previous):]))
    tokenizer = load_tokenizer()
    model = build_tagger(len(labels), cfg.num_layers)
    if cfg.init_from:
        load_checkpoint_with_new_labels(model, torch.load(Path(cfg.init_from) / "tagger.pt", weights_only=True))
    model.layoutlm.embeddings.word_embeddings.weight.requires_grad_(False)  # 11.7M params: keep MiniLM's
    encoded = encode_records(train, tokenizer, labels, cfg)
    val_gold = [record_label_ids(r, labels) for r in val]
    head = [p for n, p in model.named_parameters() if p.requires_grad and ("classifier" in n or "position_embeddings" in n and ("x_" in n or "y_" in n or "h_" in n or "w_" in n))]
    head_ids = {id(p) for p in head}
    body = [p for p in model.parameters() if p.requires_grad and id(p) not in head_ids]
    optimizer = torch.optim.AdamW([{"params": body, "lr": cfg.lr}, {"params": head, "lr": cfg.head_lr}],
                                  weight_decay=cfg.weight_decay)
    steps_per_epoch = math.ceil(len(encoded) / cfg.batch_size)
    total = steps_per_epoch * cfg.epochs
    started = time.monotonic()
    budget_s = cfg.max_minutes * 60

    def lr_factor(step: int) -> float:
        # Linear warm-up, then linear decay to the end of the planned steps or of the time budget,
        # whichever comes first (so a run cut by the budget still ends at a small learning rate).
        progress = max(step / max(1, total), (time.monotonic() - started) / budget_s)
        return min(1.0, (step + 1) / max(1, total // 20)) * max(0.05, 1 - progress)

    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lr_factor)
    rng = np.random.default_rng(cfg.seed)
    history: list[dict] = []
    best_f1, best_epoch, stale = -1.0, -1, 0
    out_of_time = False
    log.info("tagger: %d train records (%d windows), %d val, %d labels, %d threads",
             len(train), len(encoded), len(val), len(labels), threads)
    if cfg.init_from and val:
        # The model continued from is the first candidate: a run that does not beat it on validation keeps it.
        best_f1, best_epoch = word_f1(predict_word_logits(model, tokenizer, val, cfg), val_gold), 0
        torch.save(model.state_dict(), out_dir / "tagger.pt")
        history.append({"epoch": 0, "train_loss": None, "val_word_f1": best_f1, "minutes": 0.0})
        print(json.dumps(history[-1]), flush=True)
    for epoch in range(cfg.epochs):
        model.train()
        # Length-bucketed shuffling: similar lengths share a batch (less padding, faster on CPU).
        order = rng.permutation(len(encoded))
        chunks = [order[i:i + cfg.batch_size * 20] for i in range(0, len(order), cfg.batch_size * 20)]
        batches = []
        for chunk in chunks:
            chunk = sorted(chunk, key=lambda k: len(encoded[k][1].input_ids))
            batches.extend(chunk[i:i + cfg.batch_size] for i in range(0, len(chunk), cfg.batch_size))
        rng.shuffle(batches)
        losses = []
        bar = tqdm(batches, desc=f"tagger epoch {epoch + 1}/{cfg.epochs}", unit="batch", leave=False)
        for batch in bar:
            arrays = batch_arrays([encoded[k][1] for k in batch])
            tensors = {n: torch.from_numpy(a) for n, a in arrays.items()}
            loss = model(**tensors).loss
            if torch.isnan(loss):
                continue
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            losses.append(float(loss.detach()))
            bar.set_postfix(loss=f"{np.mean(losses[-50:]):.4f}")
            if time.monotonic() - started > budget_s:
                out_of_time = True
                log.info("time budget of %.0f min reached inside epoch %d", cfg.max_minutes, epoch + 1)
                break
        val_logits = predict_word_logits(model, tokenizer, val, cfg) if val else []
        f1 = word_f1(val_logits, val_gold) if val else float("nan")
        minutes = (time.monotonic() - started) / 60
        history.append({"epoch": epoch + 1, "train_loss": float(np.mean(losses)) if losses else None,
                        "val_word_f1": f1, "minutes": round(minutes, 2)})
        log.info("epoch %d: loss %.4f val word-F1 %.4f (%.1f min)", epoch + 1, history[-1]["train_loss"] or 0, f1,
                 minutes)
        print(json.dumps(history[-1]), flush=True)
        if not val or f1 > best_f1:
            best_f1, best_epoch, stale = f1, epoch + 1, 0
            torch.save(model.state_dict(), out_dir / "tagger.pt")
        else:
            stale += 1
            if stale >= cfg.patience:
                log.info("early stop: %d epochs without improvement", stale)
                break
        if out_of_time or minutes > cfg.max_minutes:
            break
    model.load_state_dict(torch.load(out_dir / "tagger.pt", weights_only=True))
    temperature = 1.0
    if val:
        val_logits = predict_word_logits(model, tokenizer, val, cfg)
        flat = np.concatenate(val_logits) if val_logits else np.zeros((0, len(labels)))
        gold = np.concatenate([np.asarray(g, dtype=np.int64) for g in val_gold]) if val_gold else np.zeros(0)
        temperature = fit_temperature(flat, gold)
    meta = {"labels": labels.to_json(), "temperature": temperature, "max_tokens": cfg.max_tokens,
            "overlap": cfg.overlap, "num_layers": cfg.num_layers, "best_epoch": best_epoch,
            "best_val_word_f1": best_f1, "history": history, "config": cfg.__dict__,
            "train_records": len(train), "val_records": len(val)}
    save_json(out_dir / "labels.json", meta)
    tokenizer.save_pretrained(str(out_dir))
    return meta


def tagger_parity_inputs(records: list[CorpusRecord], tokenizer, cfg: TaggerTrainConfig, *, windows: int = 8
                         ) -> dict[str, np.ndarray]:
    """A batch of real windows (the first ``windows`` of ``records``) for the ONNX / int8 parity check."""
    encoded = [w for _, w in encode_records(records[:windows], tokenizer, None, cfg)][:windows]
    if not encoded:
        raise ValueError("no records to build parity inputs from")
    return batch_arrays(encoded)


def load_trained_tagger(model_dir: Path):
    """(torch model, tokenizer, meta) from a training output directory."""
    import torch
    from transformers import AutoTokenizer

    from sap_llm.models.tagger_net import build_tagger

    meta = load_json(model_dir / "labels.json")
    model = build_tagger(len(meta["labels"]), int(meta.get("num_layers", 2)), pretrained=False)
    model.load_state_dict(torch.load(model_dir / "tagger.pt", weights_only=True))
    model.eval()
    return model, AutoTokenizer.from_pretrained(str(model_dir)), meta


__all__ = ["IGNORE", "TaggerTrainConfig", "fit_temperature", "load_trained_tagger", "predict_word_logits",
           "tagger_parity_inputs", "train_tagger", "word_f1"]
