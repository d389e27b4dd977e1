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
   source's own split (SROIE 000-299 train/val only, 300-625 test only) and
   keeping a document chain (``metadata.chain_id``) in one split;
6. writes ``records/<source>/<id>.json``, ``splits.json``,
   ``statistics.json``, ``label_distribution.json``, ``excluded.json`` and
   ``report.md``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from statistics import mean
from typing import Any

from sap_llm import paths
from sap_llm.corpus.converters.base import Converted
from sap_llm.corpus.converters.common import sha256_file
from sap_llm.corpus.record import CorpusRecord, field_of

SPLIT_NAMES = ("train", "val", "test")
KNOWN_SOURCES = ("sroie", "invoice2data", "funsd", "cord")


@dataclass(frozen=True)
class SourceSpec:
    name: str
    path: Path


@dataclass
class BuildConfig:
    out_dir: Path
    sources: list[SourceSpec] = field(default_factory=list)
    synthetic: int = 0
    seed: int = 0
    limit: int | None = None  # per source
    min_coverage: float = 0.8
    min_text_chars: int = 20
    max_class_share: float = 0.3
    rebalance: bool = False
    ratios: tuple[float, float, float] = (0.7, 0.15, 0.15)
    workers: int = 1
    ocr_cache: Path | None = None  # default: OUT/cache/ocr (OCR results keyed by image SHA-256)


@dataclass
class Entry:
    """A record on its way through the build, with what the checks found."""

    converted: Converted
    sha256: str = ""
    coverage: float = 1.0
    missing: list[str] = field(default_factory=list)
    contract_errors: list[str] = field(default_factory=list)
    checks: dict[str, bool] = field(default_factory=dict)
    excluded: str | None = None
    path: Path | None = None  # where the record JSON is written

    @property
    def record(self) -> CorpusRecord:
        assert self.converted.record is not None
        return self.converted.record


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
    for record_path in generate_corpus(target, config.synthetic, config.seed, workers=config.workers):
        record_path = Path(record_path)
        try:
            record = CorpusRecord.load(record_path)
        except Exception as exc:  # one bad file is reported, not fatal
            yield Converted("synthetic", record_path.name, error=f"invalid record: {exc}")
            continue
        content = record.resolve(record_path.parent, "pdf") or record.resolve(record_path.parent, "image")
        yield Converted("synthetic", record_path.name, record, content, record_path=record_path)


# ── checks ──────────────────────────────────────────────────────────────────
def annotation_coverage(record: CorpusRecord) -> tuple[float, list[str]]:
    """Share of ground-truth values that have a labelled span (header: a ``B-field``;
    line items: as many ``B-li.field`` spans as items carrying the field)."""
    begins = Counter(field_of(label) for label in record.labels if label.startswith("B-"))
    expected: Counter[str] = Counter(record.ground_truth.fields.keys())
    for item in record.ground_truth.line_items:
        expected.update(f"li.{name}" for name in item)
    total = sum(expected.values())
    if total == 0:
        return 1.0, []
    found = sum(min(n, begins.get(key, 0)) for key, n in expected.items())
    missing = sorted(key for key, n in expected.items() if begins.get(key, 0) < n)
    return found / total, missing


def readable(record: CorpusRecord, base: Path) -> bool:
    """The page image opens and decodes, or the PDF opens with at least one page."""
    image = record.resolve(base, "image")
    pdf = record.resolve(base, "pdf")
    if image is not None and image.is_file():
        try:
            from PIL import Image

            with Image.open(image) as img:
                img.load()
                return img.width > 0 and img.height > 0
        except Exception:  # any decoder error means: not readable
            return False
    if pdf is not None and pdf.is_file():
        try:
            import pypdfium2

            doc = pypdfium2.PdfDocument(str(pdf))
            try:
                return len(doc) > 0
            finally:
                doc.close()
        except Exception:  # damaged / encrypted PDF
            return False
    return False


def _is_required_missing(message: str) -> bool:
    return "required field(s) missing" in message


def check(entry: Entry, base: Path, config: BuildConfig) -> None:
    record = entry.record
    entry.coverage, entry.missing = annotation_coverage(record)
    entry.contract_errors = record.ground_truth_errors()
    partial = record.metadata.annotation == "partial"
    structural = [e for e in entry.contract_errors if not (partial and _is_required_missing(e))]
    entry.checks = {
        "readable": readable(record, base),
        "text_length": len(record.ocr_text.strip()) >= config.min_text_chars and len(record.words) >= 3,
        "coverage": entry.coverage >= config.min_coverage,
        "contract": not structural,
    }
    record.metadata.quality_score = round(mean([
        float(entry.checks["readable"]), float(entry.checks["text_length"]),
        entry.coverage, float(entry.checks["contract"])]), 3)
    failed = [name for name, ok in entry.checks.items() if not ok]
    if failed:
        reasons = {
            "readable": "page image / PDF missing or unreadable",
            "text_length": f"text shorter than {config.min_text_chars} characters",
            "coverage": f"annotation coverage {entry.coverage:.0%} < {config.min_coverage:.0%} "
                        f"(missing {', '.join(entry.missing)})",
            "contract": "ground truth violates the contract: " + "; ".join(structural[:3]),
        }
        entry.excluded = "; ".join(reasons[name] for name in failed)


# ── balance and splits ──────────────────────────────────────────────────────
def class_cap(counts: dict[str, int], max_share: float) -> int | None:
    """Largest per-class count c with every class capped at c holding at most ``max_share``
    of the total; ``None`` when no cap can (too few classes)."""
    best = None
    for cap in range(1, max(counts.values(), default=0) + 1):
        total = sum(min(n, cap) for n in counts.values())
        if all(min(n, cap) <= max_share * total for n in counts.values()):
            best = cap
    return best


def _fixed_split(entry: Entry) -> bool:
    allowed = entry.record.metadata.allowed_splits
    return bool(allowed) and len(allowed) == 1


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
    """Stratified by (type, language, allowed splits); chains stay together; fixed splits kept.

    Each group (a record, or a whole document chain) goes to the split furthest below its share,
    counting both its stratum and the whole corpus: a large stratum ends up split 70/15/15 by
    itself, and the many one- or two-record strata of a small corpus still add up to 70/15/15
    instead of all landing in train.
    """
    strata: dict[tuple, dict[str, list[Entry]]] = defaultdict(lambda: defaultdict(list))
    for e in entries:
        md = e.record.metadata
        allowed = tuple(md.allowed_splits or SPLIT_NAMES)
        if len(allowed) == 1:  # fixed by the source
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


# ── descriptions ────────────────────────────────────────────────────────────
def label_distribution(entries: list[Entry], max_share: float) -> dict[str, Any]:
    overall: Counter[str] = Counter()
    by_split: dict[str, Counter[str]] = defaultdict(Counter)
    by_field: Counter[str] = Counter()
    for e in entries:
        labels = e.record.labels
        overall.update(labels)
        by_split[e.record.metadata.split or "unassigned"].update(labels)
        by_field.update(field_of(label) for label in labels if label != "O")
    labelled = sum(by_field.values())
    share = {k: round(v / labelled, 4) for k, v in by_field.most_common()} if labelled else {}
    return {
        "words": sum(overall.values()),
        "o_share": round(overall["O"] / max(1, sum(overall.values())), 4),
        "tags": dict(overall.most_common()),
        "fields": dict(by_field.most_common()),
        "field_share": share,
        "fields_over_max_share": [k for k, v in share.items() if v > max_share],
        "by_split": {s: dict(c.most_common()) for s, c in sorted(by_split.items())},
    }


def _coverage_summary(entries: list[Entry]) -> dict[str, Any]:
    """Coverage over every record that was checked (kept or not): how well the labels fit the values."""
    values = [e.coverage for e in entries]
    if not values:
        return {"records": 0}
    return {"records": len(values), "mean": round(mean(values), 3),
            "share_at_least_min": round(sum(e.checks.get("coverage", False) for e in entries) / len(values), 3)}


def _reason_codes(entry: Entry) -> list[str]:
    """Short names of why a record was excluded: duplicate, rebalanced, or the failed checks."""
    text = entry.excluded or ""
    if text.startswith("duplicate"):
        return ["duplicate"]
    if text.startswith("rebalanced"):
        return ["rebalanced"]
    return [name for name, ok in entry.checks.items() if not ok] or ["other"]


def _share(counter: Counter[str]) -> dict[str, float]:
    total = sum(counter.values())
    return {k: round(v / total, 4) for k, v in counter.most_common()} if total else {}


def statistics(kept: list[Entry], excluded: list[Entry], failed: list[Converted],
               duplicates: int, config: BuildConfig) -> dict[str, Any]:
    records = [e.record for e in kept]
    by_source: dict[str, Counter[str]] = defaultdict(Counter)
    for e in kept:
        by_source[e.converted.source]["kept"] += 1
    for e in excluded:
        reason = "duplicate" if e.excluded and e.excluded.startswith("duplicate") else "excluded"
        by_source[e.converted.source][reason] += 1
    for c in failed:
        by_source[c.source]["failed"] += 1
    types = Counter(r.document_type for r in records)
    words = [len(r.words) for r in records] or [0]
    coverage = [e.coverage for e in kept] or [0.0]
    split_type: dict[str, Counter[str]] = defaultdict(Counter)
    for r in records:
        split_type[r.metadata.split or "unassigned"][r.document_type] += 1
    return {
        "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "seed": config.seed,
        "config": {"sources": [f"{s.name}:{s.path}" for s in config.sources], "synthetic": config.synthetic,
                   "limit": config.limit, "min_coverage": config.min_coverage,
                   "max_class_share": config.max_class_share, "ratios": list(config.ratios),
                   "rebalance": config.rebalance},
        "records": len(records),
        "excluded": len(excluded),
        "failed": len(failed),
        "duplicates": duplicates,
        "by_source": {k: dict(v) for k, v in sorted(by_source.items())},
        "by_document_type": dict(types.most_common()),
        "document_type_share": _share(types),
        "types_over_max_share": [t for t, s in _share(types).items() if s > config.max_class_share],
        "by_subtype": dict(Counter(f"{r.document_type}/{r.subtype}" for r in records).most_common()),
        "by_language": dict(Counter(r.metadata.language for r in records).most_common()),
        "by_split": dict(Counter(r.metadata.split or "unassigned" for r in records).most_common()),
        "by_split_and_type": {s: dict(c.most_common()) for s, c in sorted(split_type.items())},
        "scanned": sum(r.metadata.scanned for r in records),
        "partial_annotation": sum(r.metadata.annotation == "partial" for r in records),
        "with_line_items": sum(bool(r.ground_truth.line_items) for r in records),
        "words_per_document": {"min": min(words), "mean": round(mean(words), 1), "max": max(words)},
        "annotation_coverage": {"min": round(min(coverage), 3), "mean": round(mean(coverage), 3)},
        "annotation_coverage_checked": _coverage_summary([e for e in kept + excluded if e.checks]),
        "exclusion_reasons": dict(Counter(reason for e in excluded for reason in _reason_codes(e)).most_common()),
    }


def _table(counter: dict[str, Any]) -> list[str]:
    return ["| | count |", "|---|---:|", *(f"| {k} | {v} |" for k, v in counter.items())]


def report_markdown(stats: dict[str, Any], labels: dict[str, Any], warnings: list[str],
                    excluded: list[Entry], failed: list[Converted]) -> str:
    lines = [
        "# Corpus build report", "",
        f"Built {stats['created']} (seed {stats['seed']}). {stats['records']} records kept, "
        f"{stats['excluded']} excluded ({stats['duplicates']} duplicates), {stats['failed']} not convertible.", "",
        "## Sources", "", "| source | kept | excluded | duplicates | failed |", "|---|---:|---:|---:|---:|",
        *(f"| {s} | {c.get('kept', 0)} | {c.get('excluded', 0)} | {c.get('duplicate', 0)} | {c.get('failed', 0)} |"
          for s, c in stats["by_source"].items()),
        "", "## Document types", "", *_table(stats["by_document_type"]),
        "", "## Languages", "", *_table(stats["by_language"]),
        "", "## Splits", "", *_table(stats["by_split"]),
        "", "## Annotation", "",
        f"- coverage of kept records: mean {stats['annotation_coverage']['mean']:.1%}, "
        f"min {stats['annotation_coverage']['min']:.1%}",
        f"- coverage of all checked records: mean {stats['annotation_coverage_checked'].get('mean', 0):.1%}, "
        f"{stats['annotation_coverage_checked'].get('share_at_least_min', 0):.1%} at or above the minimum",
        f"- records with partial annotation (source labels only some fields): {stats['partial_annotation']}",
        f"- labelled words: {labels['words'] - labels['tags'].get('O', 0)} of {labels['words']} "
        f"(O share {labels['o_share']:.1%})",
        "- most frequent fields: " + ", ".join(f"{k} {v:.1%}" for k, v in list(labels["field_share"].items())[:8]),
        "", "## Warnings", "", *([f"- {w}" for w in warnings] or ["- none"]),
    ]
    if excluded or failed:
        lines += ["", "## Excluded and failed documents", "", "| source | document | reason |", "|---|---|---|"]
        lines += [f"| {e.converted.source} | {e.converted.origin} | {e.excluded} |" for e in excluded[:200]]
        lines += [f"| {c.source} | {c.origin} | {c.error} |" for c in failed[:200]]
        if len(excluded) + len(failed) > 400:
            lines.append("| ... | ... | see excluded.json |")
    return "\n".join(lines) + "\n"


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
    partial_required = sum(any(_is_required_missing(m) for m in e.contract_errors) for e in entries)
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
