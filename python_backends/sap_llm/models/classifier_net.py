"""The document classifier: hashed bag of features → type logits and (type, subtype) logits.

A weighted sum of feature embeddings (an EmbeddingBag written as Gather + Mul +
ReduceSum so that it exports to plain ONNX) feeds a small MLP with two heads:
the 15 document types, and every (type, subtype) pair. Subtypes are decided
hierarchically at inference: only the pairs of the chosen type are compared.
"""

from __future__ import annotations

import torch
from torch import nn

from sap_llm.models.features import HASH_BUCKETS


class HashedBagClassifier(nn.Module):
    def __init__(self, n_types: int, n_subtypes: int, *, buckets: int = HASH_BUCKETS, dim: int = 64,
                 hidden: int = 256, dropout: float = 0.2, sparse: bool = False) -> None:
        super().__init__()
        # sparse=True: only the rows a batch touches get gradients (SparseAdam), ~100x less work per step.
        self.embedding = nn.Embedding(buckets, dim, padding_idx=0, sparse=sparse)
        nn.init.normal_(self.embedding.weight, std=0.05)
        with torch.no_grad():
            self.embedding.weight[0].zero_()
        self.body = nn.Sequential(nn.LayerNorm(dim), nn.Linear(dim, hidden), nn.ReLU(), nn.Dropout(dropout))
        self.type_head = nn.Linear(hidden, n_types)
        self.subtype_head = nn.Linear(hidden, n_subtypes)

    def forward(self, indices: torch.Tensor, weights: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        bag = (self.embedding(indices) * weights.unsqueeze(-1)).sum(dim=1)
        hidden = self.body(bag)
        return self.type_head(hidden), self.subtype_head(hidden)


class ClassifierEnsemble(nn.Module):
    """Members trained with different seeds, averaged: each head's output is the mean of the members'
    log-probabilities (a geometric mean of their distributions, still usable as logits). Runs differ by up to
    1.5 points of subtype accuracy on held-out layouts; the average is steadier than any one of them."""

    def __init__(self, members: list[HashedBagClassifier]) -> None:
        super().__init__()
        self.members = nn.ModuleList(members)

    def forward(self, indices: torch.Tensor, weights: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        outputs = [member(indices, weights) for member in self.members]
        type_logp = torch.stack([torch.log_softmax(t, dim=-1) for t, _ in outputs]).mean(dim=0)
        subtype_logp = torch.stack([torch.log_softmax(s, dim=-1) for _, s in outputs]).mean(dim=0)
        return type_logp, subtype_logp
