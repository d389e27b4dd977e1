"""Class balance and train / val / test splits of a corpus build."""

from __future__ import annotations

import random
from collections import Counter, defaultdict

from sap_llm.corpus.buildspec import SPLIT_NAMES, Entry
from sap_llm.corpus.record import CorpusRecord


def class_cap(counts: dict[str, int], max_share: float) -> int | None:
    """Largest per-class count c with every class capped at c holding at most ``max_share``
    of the total; ``None`` when no cap can (too few classes)."""
    best = None
    for cap in range(1, max(counts.values(), default=0) + 1):
        total = sum(min(n, cap) for n in counts.values())
        if all(min(n, cap) <= max_share * total for n in counts.values()):
            best = cap
    return best


def allowed_splits(record: CorpusRecord) -> tuple[str, ...]:
    """Splits a record may go to: the source's rule (``metadata.allowed_splits``: SROIE dev train/val,
    SROIE test and invoice2data test only), else the generator's layout hold-out (a record of a
    held-out layout family, ``metadata.layout_split == "test"``, is test only so that test measures
    layouts never trained on; one of a training family is train or val), else any."""
    md = record.metadata
    if md.allowed_splits:
        return tuple(md.allowed_splits)
    layout_split = (md.model_extra or {}).get("layout_split")
    if layout_split == "test":
        return ("test",)
    if layout_split == "train":
        return ("train", "val")
    return SPLIT_NAMES


def _fixed_split(entry: Entry) -> bool:
    return len(allowed_splits(entry.record)) == 1


def rebalance(entries: list[Entry], max_share: float, seed: int) -> tuple[list[Entry], list[Entry], str | None]:
    """Downsample over-represented document types (records whose split the source fixes are never dropped)."""
    counts = Counter(e.record.document_type for e in entries)
    if not counts or max(counts.values()) <= max_share * sum(counts.values()):
        return entries, [], None
    cap = class_cap(counts, max_share)
    if cap is None:
        return entries, [], (f"cannot rebalance: {len(counts)} document type(s) cannot each stay under "
                             f"{max_share:.0%}")
    rng = random.Random(seed)
    by_type: dict[str, list[Entry]] = defaultdict(list)
    for e in entries:
        by_type[e.record.document_type].append(e)
    kept, dropped = [], []
    for group in by_type.values():
        fixed = [e for e in group if _fixed_split(e)]
        free = [e for e in group if not _fixed_split(e)]
        rng.shuffle(free)
        room = max(0, cap - len(fixed))
        kept += fixed + free[:room]
        for e in free[room:]:
            e.excluded = f"rebalanced: {e.record.document_type} capped at {cap} records"
            dropped.append(e)
    return kept, dropped, None


def chain_key(record: CorpusRecord) -> str:
    """The group a record must share a split with: its document chain (PO -> GR -> invoice) if
    ``metadata.chain_id`` (or ``metadata.chain`` as a string or ``{"id": ...}``) names one, else itself."""
    extra = record.metadata.model_extra or {}
    chain = extra.get("chain_id") or extra.get("chain")
    if isinstance(chain, dict):
        chain = chain.get("id") or chain.get("chain_id")
    return f"chain:{chain}" if chain else f"record:{record.id}"


def assign_splits(entries: list[Entry], ratios: tuple[float, float, float], seed: int) -> None:
    """Stratified by (type, language, allowed splits); chains stay together; fixed splits kept
    (see ``allowed_splits``).

    Each group (a record, or a whole document chain) goes to the split furthest below its share,
    counting both its stratum and the whole corpus: a large stratum ends up split 70/15/15 by
    itself, and the many one- or two-record strata of a small corpus still add up to 70/15/15
    instead of all landing in train.
    """
    strata: dict[tuple, dict[str, list[Entry]]] = defaultdict(lambda: defaultdict(list))
    for e in entries:
        md = e.record.metadata
        allowed = allowed_splits(e.record)
        if len(allowed) == 1:  # fixed by the source or the layout hold-out
            md.split = allowed[0]
            continue
        strata[(e.record.document_type, md.language, allowed)][chain_key(e.record)].append(e)
    rng = random.Random(seed)
    weights = dict(zip(SPLIT_NAMES, ratios, strict=True))
    overall: dict[tuple, Counter[str]] = defaultdict(Counter)  # per allowed set
    order = sorted(strata)
    rng.shuffle(order)
    for key in order:
        allowed = key[2]
        share = {s: weights[s] / sum(weights[a] for a in allowed) for s in allowed}
        groups = strata[key]
        names = sorted(groups)
        rng.shuffle(names)
        local: Counter[str] = Counter()
        total = overall[allowed]
        for name in names:
            n_local, n_total = sum(local.values()) + 1, sum(total.values()) + 1
            deficits = {s: (share[s] * n_local - local[s]) + (share[s] * n_total - total[s]) for s in allowed}
            split = max(allowed, key=lambda s: (deficits[s], share[s]))
            local[split] += 1
            total[split] += 1
            for e in groups[name]:
                e.record.metadata.split = split
