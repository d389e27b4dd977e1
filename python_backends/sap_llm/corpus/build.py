"""Build a corpus from sources: convert, deduplicate, check quality, balance, split, describe.

``sap-llm corpus build --out DIR [--synthetic N] [--sources sroie,invoice2data,funsd:PATH,cord:PATH]``

1. convert every source into ``CorpusRecord`` s (``--synthetic N`` runs the
   generator into ``DIR/synthetic``);
2. deduplicate by the SHA-256 of the page image / PDF bytes (first one wins);
3. quality checks per record: the page image / PDF opens, enough text, the
   ground truth validates against its type's schema (a source that labels only
   some fields may lack required ones), annotation coverage >= 80 % (share of
   ground-truth values found as labelled spans);
4. class balance: no document type over 30 % (reported; ``--rebalance``
   downsamples the over-represented types where enough types exist);
5. stratified 70/15/15 splits by document type and language, keeping a
   source's own split (SROIE 000-299 train/val only, 300-625 test only;
   invoice2data test only), the generator's held-out layout families
   (``metadata.layout_split == "test"``: test only) and a document chain
   (``metadata.chain_id``) in one split;
6. writes ``records/<source>/<id>.json``, ``splits.json``,
   ``statistics.json``, ``label_distribution.json``, ``excluded.json`` and
   ``report.md``.

This module runs the steps; the checks live in ``corpus.checks``, balance and
splits in ``corpus.splits``, the written descriptions in ``corpus.describe``.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sap_llm import paths
from sap_llm.corpus.buildspec import KNOWN_SOURCES, SPLIT_NAMES, BuildConfig, Entry, SourceSpec
from sap_llm.corpus.checks import check, is_required_missing
from sap_llm.corpus.converters.base import Converted
from sap_llm.corpus.converters.common import sha256_file
from sap_llm.corpus.describe import label_distribution, report_markdown, statistics
from sap_llm.corpus.record import CorpusRecord
from sap_llm.corpus.splits import assign_splits, rebalance

__all__ = ["BuildConfig", "BuildResult", "Entry", "SourceSpec", "build_corpus", "parse_sources"]


@dataclass
class BuildResult:
    out_dir: Path
    kept: list[Entry]
    excluded: list[Entry]
    failed: list[Converted]
    statistics: dict[str, Any]
    label_distribution: dict[str, Any]
    splits: dict[str, Any]
    warnings: list[str]



# ── sources ─────────────────────────────────────────────────────────────────
def default_source_path(name: str) -> Path | None:
    datasets = paths.shared_dir() / "datasets"
    return {"sroie": datasets / "sroie", "invoice2data": datasets / "invoice2data_compare"}.get(name)


def parse_sources(text: str | Iterable[str] | None) -> list[SourceSpec]:
    """``"sroie,invoice2data,funsd:PATH,cord:PATH"`` → specs (SROIE and invoice2data default to the shared data)."""
    if text is None:
        return []
    items = [text] if isinstance(text, str) else list(text)
    specs = []
    for chunk in items:
        for part in filter(None, (p.strip() for p in chunk.split(","))):
            name, _, path = part.partition(":")
            name = name.strip().lower()
            if name not in KNOWN_SOURCES:
                raise ValueError(f"unknown source {name!r}; known: {', '.join(KNOWN_SOURCES)}")
            location = Path(path).expanduser() if path else default_source_path(name)
            if location is None:
                raise ValueError(f"source {name} needs a path: {name}:PATH")
            if not location.exists():
                raise ValueError(f"source {name}: {location} does not exist")
            specs.append(SourceSpec(name, location))
    return specs


def convert_source(spec: SourceSpec, config: BuildConfig) -> Iterator[Converted]:
    if spec.name == "sroie":
        from sap_llm.corpus.converters import sroie

        return sroie.convert(spec.path, limit=config.limit, cache_dir=config.ocr_cache or config.out_dir / "cache" / "ocr",
                             workers=config.workers)
    if spec.name == "invoice2data":
        from sap_llm.corpus.converters import invoice2data

        return invoice2data.convert(spec.path, limit=config.limit)
    if spec.name == "funsd":
        from sap_llm.corpus.converters import funsd

        return funsd.convert(spec.path, limit=config.limit)
    if spec.name == "cord":
        from sap_llm.corpus.converters import cord

        return cord.convert(spec.path, limit=config.limit)
    raise ValueError(f"unknown source {spec.name}")


def synthetic_records(config: BuildConfig) -> Iterator[Converted]:
    """Run the generator into ``out/synthetic`` and load what it wrote."""
    try:
        from sap_llm.corpus.synth import generate_corpus
    except ImportError as exc:
        raise RuntimeError(f"the synthetic generator is not available ({exc}); build without --synthetic") from exc
    target = config.out_dir / "synthetic"
    options = {k: v for k, v in config.synthetic_options.items() if v is not None}
    for record_path in generate_corpus(target, config.synthetic, config.seed, workers=config.workers, **options):
        record_path = Path(record_path)
        try:
            record = CorpusRecord.load(record_path)
        except Exception as exc:  # one bad file is reported, not fatal
            yield Converted("synthetic", record_path.name, error=f"invalid record: {exc}")
            continue
        content = record.resolve(record_path.parent, "pdf") or record.resolve(record_path.parent, "image")
        yield Converted("synthetic", record_path.name, record, content, record_path=record_path)


# ── the build ───────────────────────────────────────────────────────────────
def _content_hash(c: Converted) -> str:
    if c.content_path is not None and Path(c.content_path).is_file():
        return sha256_file(Path(c.content_path))
    text = c.record.ocr_text if c.record else c.origin
    return "text:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def _record_path(out_dir: Path, c: Converted) -> Path:
    return out_dir / "records" / c.source / f"{c.record.id}.json"  # type: ignore[union-attr]


def build_corpus(config: BuildConfig, *, progress: Callable[[str], None] | None = None) -> BuildResult:
    """Run the whole build (see the module docstring) and write its outputs under ``config.out_dir``."""
    out = config.out_dir
    out.mkdir(parents=True, exist_ok=True)
    say = progress or (lambda _msg: None)
    streams: list[Iterable[Converted]] = []
    if config.synthetic:
        streams.append(synthetic_records(config))
    streams += [convert_source(spec, config) for spec in config.sources]

    seen: dict[str, str] = {}
    entries: list[Entry] = []
    excluded: list[Entry] = []
    failed: list[Converted] = []
    duplicates = 0
    for stream in streams:
        for c in stream:
            if c.record is None:
                failed.append(c)
                say(f"{c.source}/{c.origin}: failed: {c.error}")
                continue
            entry = Entry(c, sha256=_content_hash(c))
            if entry.sha256 in seen:
                entry.excluded = f"duplicate of {seen[entry.sha256]} (same SHA-256)"
                duplicates += 1
                excluded.append(entry)
                continue
            seen[entry.sha256] = c.record.id
            # a generated record stays where it is (its file paths are relative to it); converted ones
            # are written under records/<source>/ with absolute paths into the shared data
            entry.path = c.record_path or _record_path(out, c)
            check(entry, entry.path.parent, config)
            (excluded if entry.excluded else entries).append(entry)
            say(f"{c.source}/{c.origin}: {'excluded: ' + entry.excluded if entry.excluded else 'ok'}")

    warnings: list[str] = []
    types = Counter(e.record.document_type for e in entries)
    over = [t for t, n in types.items() if n > config.max_class_share * sum(types.values())]
    if over:
        warnings.append(f"document type(s) over {config.max_class_share:.0%} of the corpus: "
                        + ", ".join(f"{t} ({types[t] / sum(types.values()):.0%})" for t in over))
        if config.rebalance:
            entries, dropped, problem = rebalance(entries, config.max_class_share, config.seed)
            excluded += dropped
            warnings.append(problem or f"rebalanced: {len(dropped)} records dropped")
    assign_splits(entries, config.ratios, config.seed)

    split_lists: dict[str, list[str]] = {s: [] for s in SPLIT_NAMES}
    for e in sorted(entries, key=lambda e: e.record.id):
        assert e.path is not None
        e.record.save(e.path)
        split_lists[e.record.metadata.split or "train"].append(str(e.path.relative_to(out)))
    labels = label_distribution(entries, config.max_class_share)
    if labels["fields_over_max_share"]:
        warnings.append("labelled field(s) over "
                        f"{config.max_class_share:.0%} of labelled words: {', '.join(labels['fields_over_max_share'])}")
    partial_required = sum(any(is_required_missing(m) for m in e.contract_errors) for e in entries)
    if partial_required:
        warnings.append(f"{partial_required} partially annotated record(s) lack required fields of their type "
                        "(the source does not label them)")
    stats = statistics(entries, excluded, failed, duplicates, config)
    splits = {"seed": config.seed, "ratios": dict(zip(SPLIT_NAMES, config.ratios, strict=True)),
              "stratified_by": ["document_type", "language"], **split_lists,
              "counts": {s: len(v) for s, v in split_lists.items()}}

    def dump(name: str, data: Any) -> None:
        (out / name).write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")

    dump("splits.json", splits)
    dump("statistics.json", stats)
    dump("label_distribution.json", labels)
    dump("excluded.json", [{"source": e.converted.source, "document": e.converted.origin,
                            "id": e.record.id, "reason": e.excluded} for e in excluded]
         + [{"source": c.source, "document": c.origin, "id": None, "reason": c.error} for c in failed])
    (out / "report.md").write_text(report_markdown(stats, labels, warnings, excluded, failed), encoding="utf-8")
    return BuildResult(out, entries, excluded, failed, stats, labels, splits, warnings)
