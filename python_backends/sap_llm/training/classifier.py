"""Training the document classifier (hashed bag of text + layout features → type and subtype heads).

Cross entropy on both heads (the subtype head over (type, subtype) pairs),
AdamW, early stopping on validation accuracy (type accuracy + the mean of the
subtype accuracy with and without the pages' title-sized words), the best
epoch kept, then one temperature fitted on the validation type logits. A share
of training pages is shown without its title (``title_dropout``).
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from sap_llm.classify.direction import ORDER_COUNTERPART, as_printed, detect_direction
from sap_llm.contract import DOCUMENT_TYPES, SUBTYPES
from sap_llm.corpus.record import CorpusRecord
from sap_llm.models.features import MAX_FEATURES, hashed_features, title_sized
from sap_llm.models.labels import save_json
from sap_llm.profile import OrgProfile, load_profile
from sap_llm.training.common import layout_of, pages_of, seed_everything, set_threads
from sap_llm.training.tagger import fit_temperature

log = logging.getLogger(__name__)


@dataclass
class ClassifierTrainConfig:
    epochs: int = 15
    batch_size: int = 32
    lr: float = 1e-3
    weight_decay: float = 1e-4
    dim: int = 48
    hidden: int = 192
    dropout: float = 0.4
    patience: int = 5
    title_dropout: float = 0.3  # share of training pages shown without their title-sized words, per batch
    seed: int = 13
    members: int = 1  # classifiers trained with seeds seed, seed + 1, ... and averaged (classifier_net.ClassifierEnsemble)
    profile: str | None = None  # organisation profile the corpus was generated for (None: the default one)


def subtype_names() -> list[str]:
    return [f"{t}/{s}" for t in DOCUMENT_TYPES for s in SUBTYPES[t]]


def featurise(records: list[CorpusRecord], *, drop_title: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Hashed features of each record; with ``drop_title`` as if its title-sized words were not on the page."""
    idx, wts = [], []
    for r in records:
        words, boxes, pages = r.words, r.boxes, pages_of(r)
        if drop_title:
            keep = [i for i, t in enumerate(title_sized(boxes, pages, len(words))) if not t]
            words, boxes, pages = [words[i] for i in keep], [boxes[i] for i in keep], [pages[i] for i in keep]
        i, w = hashed_features(words, boxes, pages, max_features=MAX_FEATURES)
        idx.append(i)
        wts.append(w)
    return np.asarray(idx, dtype=np.int64), np.asarray(wts, dtype=np.float32)


def printed_type(record: CorpusRecord, profile: OrgProfile | None) -> str:
    """The type head's target: what the page shows (``direction.as_printed``), so that the classify stage's
    direction rule, applied with the same profile, gives back the record's type."""
    return as_printed(record.document_type, detect_direction(layout_of(record), profile).direction)


def targets(records: list[CorpusRecord], profile: OrgProfile | None = None) -> tuple[np.ndarray, np.ndarray]:
    types = {t: i for i, t in enumerate(DOCUMENT_TYPES)}
    subs = {s: i for i, s in enumerate(subtype_names())}
    y_type = np.asarray([types[printed_type(r, profile)] for r in records], dtype=np.int64)
    y_sub = np.asarray([subs.get(f"{r.document_type}/{r.subtype}", -100) for r in records], dtype=np.int64)
    return y_type, y_sub


def _predict(model, idx: np.ndarray, wts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    import torch

    model.eval()
    with torch.no_grad():
        outs = [model(torch.from_numpy(idx[i:i + 256]), torch.from_numpy(wts[i:i + 256])) for i in range(0, len(idx), 256)]
    return (np.concatenate([o[0].numpy() for o in outs]), np.concatenate([o[1].numpy() for o in outs]))


def hierarchical_subtypes(type_pred: np.ndarray, sub_logits: np.ndarray) -> np.ndarray:
    """Subtype index per document, chosen among the predicted type's subtypes only."""
    names = subtype_names()
    owner = np.asarray([DOCUMENT_TYPES.index(n.split("/", 1)[0]) for n in names])
    masked = np.where(owner[None, :] == type_pred[:, None], sub_logits, -np.inf)
    return masked.argmax(axis=1)


def resolve_orders(type_pred: np.ndarray, incoming: np.ndarray) -> np.ndarray:
    """Printed type indices → document types, with the classify stage's order rule (received: swapped)."""
    index = {t: i for i, t in enumerate(DOCUMENT_TYPES)}
    swap = np.arange(len(DOCUMENT_TYPES))
    for printed, counterpart in ORDER_COUNTERPART.items():
        swap[index[printed]] = index[counterpart]
    return np.where(incoming, swap[type_pred], type_pred)


@dataclass
class _Features:
    """Hashed features and targets of a split, with and without the pages' title-sized words."""

    idx: np.ndarray
    wts: np.ndarray
    untitled_idx: np.ndarray
    untitled_wts: np.ndarray
    y_type: np.ndarray
    y_sub: np.ndarray


def _features(records: list[CorpusRecord], profile: OrgProfile, untitled: bool) -> _Features:
    idx, wts = featurise(records)
    u_idx, u_wts = featurise(records, drop_title=True) if untitled else (idx, wts)
    return _Features(idx, wts, u_idx, u_wts, *targets(records, profile))


def _fit_member(data: _Features, val: _Features, v_incoming: np.ndarray, cfg: ClassifierTrainConfig, seed: int,
                checkpoint: Path) -> tuple[int, list[dict]]:
    """Train one classifier with ``seed``; the best epoch's weights end in ``checkpoint``. (best epoch, history)"""
    import torch
    from tqdm import tqdm

    from sap_llm.models.classifier_net import HashedBagClassifier

    seed_everything(seed)
    model = HashedBagClassifier(len(DOCUMENT_TYPES), len(subtype_names()), dim=cfg.dim, hidden=cfg.hidden,
                                dropout=cfg.dropout, sparse=True)
    dense = [p for n, p in model.named_parameters() if not n.startswith("embedding.")]
    optimizers = [torch.optim.SparseAdam(list(model.embedding.parameters()), lr=cfg.lr),
                  torch.optim.AdamW(dense, lr=cfg.lr, weight_decay=cfg.weight_decay)]
    loss_fn = torch.nn.CrossEntropyLoss(ignore_index=-100)
    rng = np.random.default_rng(seed)

    def val_accuracy(idx: np.ndarray, wts: np.ndarray) -> tuple[float, float]:
        t_logits, s_logits = _predict(model, idx, wts)
        t_pred = t_logits.argmax(1)
        s_pred = hierarchical_subtypes(resolve_orders(t_pred, v_incoming), s_logits)
        return float((t_pred == val.y_type).mean()), float((s_pred == val.y_sub).mean())

    best, best_epoch, stale, history = -1.0, 0, 0, []
    for epoch in tqdm(range(cfg.epochs), desc=f"classifier (seed {seed})", unit="epoch"):
        model.train()
        order = rng.permutation(len(data.idx))
        losses = []
        for k in range(0, len(order), cfg.batch_size):
            b = order[k:k + cfg.batch_size]
            drop = (rng.random(len(b)) < cfg.title_dropout)[:, None]
            b_idx = np.where(drop, data.untitled_idx[b], data.idx[b])
            b_wts = np.where(drop, data.untitled_wts[b], data.wts[b])
            t_logits, s_logits = model(torch.from_numpy(b_idx), torch.from_numpy(b_wts))
            loss = loss_fn(t_logits, torch.from_numpy(data.y_type[b]))
            if (data.y_sub[b] != -100).any():
                loss = loss + loss_fn(s_logits, torch.from_numpy(data.y_sub[b]))
            for opt in optimizers:
                opt.zero_grad()
            loss.backward()
            for opt in optimizers:
                opt.step()
            losses.append(float(loss.detach()))
        if len(val.idx):
            type_acc, sub_acc = val_accuracy(val.idx, val.wts)
            # the subtype counts as much without the title as with it: layouts in use print titles never seen
            _, sub_untitled = val_accuracy(val.untitled_idx, val.untitled_wts)
            score = type_acc + (sub_acc + sub_untitled) / 2
        else:
            type_acc = sub_acc = sub_untitled = score = float("nan")
        history.append({"epoch": epoch + 1, "loss": float(np.mean(losses)), "val_type_acc": type_acc,
                        "val_subtype_acc": sub_acc, "val_subtype_acc_untitled": sub_untitled})
        if not len(val.idx) or score > best:
            best, best_epoch, stale = score, epoch + 1, 0
            torch.save(model.state_dict(), checkpoint)
        else:
            stale += 1
            if stale >= cfg.patience:
                break
    log.info("classifier (seed %d): best epoch %d %s", seed, best_epoch, json.dumps(history[best_epoch - 1]))
    return best_epoch, history


def train_classifier(train: list[CorpusRecord], val: list[CorpusRecord], out_dir: Path,
                     cfg: ClassifierTrainConfig) -> dict:
    """Train ``cfg.members`` classifiers (seeds ``cfg.seed``, ``cfg.seed + 1``...) on the same features and save
    them as one model (an ensemble when there are several) in ``out_dir``."""
    import torch

    set_threads()
    out_dir.mkdir(parents=True, exist_ok=True)
    profile = load_profile(cfg.profile)
    # A title wording never seen in training is the common case on new layouts: some pages are shown without
    # their title so the subtype is learnt from the body too (details, remarks, columns), and from the prior
    # when the body says nothing.
    data = _features(train, profile, cfg.title_dropout > 0)
    val_data = _features(val, profile, True)
    v_incoming = np.asarray([detect_direction(layout_of(r), profile).direction == "incoming" for r in val], dtype=bool)
    started = time.monotonic()
    members, histories, best_epochs = [], [], []
    for k in range(cfg.members):
        checkpoint = out_dir / (f"member{k}.pt" if cfg.members > 1 else "classifier.pt")
        best_epoch, history = _fit_member(data, val_data, v_incoming, cfg, cfg.seed + k, checkpoint)
        members.append(torch.load(checkpoint, weights_only=True))
        histories.append(history)
        best_epochs.append(best_epoch)
        if cfg.members > 1:
            checkpoint.unlink()
    meta = {"document_types": list(DOCUMENT_TYPES), "subtypes": subtype_names(), "max_features": MAX_FEATURES,
            "dim": cfg.dim, "hidden": cfg.hidden, "members": cfg.members, "best_epoch": best_epochs[0],
            "history": histories[0], "config": cfg.__dict__, "train_records": len(train), "val_records": len(val)}
    if cfg.members > 1:
        torch.save({f"members.{k}.{name}": tensor for k, state in enumerate(members) for name, tensor in state.items()},
                   out_dir / "classifier.pt")
        meta["member_best_epochs"], meta["member_histories"] = best_epochs, histories
    model = build_classifier_module(meta)
    model.load_state_dict(torch.load(out_dir / "classifier.pt", weights_only=True))
    temperature = 1.0
    if len(val_data.idx):
        t_logits, s_logits = _predict(model, val_data.idx, val_data.wts)
        temperature = fit_temperature(t_logits, val_data.y_type)
        t_pred = t_logits.argmax(1)
        s_pred = hierarchical_subtypes(resolve_orders(t_pred, v_incoming), s_logits)
        meta["val_type_acc"] = float((t_pred == val_data.y_type).mean())
        meta["val_subtype_acc"] = float((s_pred == val_data.y_sub).mean())
    meta["temperature"] = temperature
    meta["minutes"] = round((time.monotonic() - started) / 60, 2)
    save_json(out_dir / "labels.json", meta)
    return meta


def build_classifier_module(meta: dict):
    """An untrained module of the shape ``meta`` (a trained model's labels.json) describes."""
    from sap_llm.models.classifier_net import ClassifierEnsemble, HashedBagClassifier

    def member() -> HashedBagClassifier:
        return HashedBagClassifier(len(meta["document_types"]), len(meta["subtypes"]), dim=meta["dim"],
                                   hidden=meta["hidden"])

    count = meta.get("members", 1)
    return ClassifierEnsemble([member() for _ in range(count)]) if count > 1 else member()


def load_trained_classifier(model_dir: Path):
    import torch

    from sap_llm.models.labels import load_json

    meta = load_json(model_dir / "labels.json")
    model = build_classifier_module(meta)
    model.load_state_dict(torch.load(model_dir / "classifier.pt", weights_only=True))
    model.eval()
    return model, meta
