"""Label maps saved beside each model: index ↔ name, as JSON."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class LabelMap:
    """An ordered list of label names; the index is the model's output position."""

    names: tuple[str, ...]
    index: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "index", {n: i for i, n in enumerate(self.names)})

    def __len__(self) -> int:
        return len(self.names)

    def id(self, name: str) -> int:
        return self.index[name]

    def to_json(self) -> list[str]:
        return list(self.names)

    @classmethod
    def from_json(cls, data: list[str]) -> LabelMap:
        return cls(tuple(data))


def bio_label_map(labels_seen: set[str]) -> LabelMap:
    """BIO labels for every field seen in training: ``O`` first, then ``B-x``/``I-x`` pairs, sorted."""
    keys = sorted({label[2:] for label in labels_seen if label != "O"})
    return LabelMap(("O", *[f"{p}-{k}" for k in keys for p in ("B", "I")]))


def extend_label_map(previous: LabelMap, labels_seen: set[str]) -> LabelMap:
    """``previous`` with B-/I- pairs appended for the fields seen in training that it lacks.

    Old labels keep their positions, so a trained model's output rows stay valid when the contract or the
    corpus brings new fields."""
    added = [name for name in bio_label_map(labels_seen).names if name not in previous.index]
    return LabelMap((*previous.names, *added))


def save_json(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")


def load_json(path: Path) -> object:
    return json.loads(path.read_text(encoding="utf-8"))
