"""Plan a corpus (types, languages, scans, chains, defects) and generate it in parallel.

The plan is a pure function of the arguments; each document is a pure function
of its :class:`Job` (seeded from ``(seed, index)``), so a corpus is identical
for a seed whatever the number of worker processes.
"""

from __future__ import annotations

import json
import os
import random
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from sap_llm.contract import DOCUMENT_TYPES
from sap_llm.corpus.synth import kinds
from sap_llm.corpus.synth.documents import Job, build
from sap_llm.corpus.synth.formats import LANGUAGES
from sap_llm.corpus.synth.record_builder import render
from sap_llm.corpus.synth.scan import scan_pdf
from sap_llm.corpus.synth.subtypes import MASTER_SUBTYPES, SUBTYPE_TITLES
from sap_llm.profile import OrgProfile, load_profile

TYPE_WEIGHTS: dict[str, float] = {
    "SUPPLIER_INVOICE": 0.18, "CREDIT_MEMO": 0.06, "PURCHASE_ORDER": 0.08, "SALES_ORDER": 0.07,
    "CUSTOMER_INVOICE": 0.08, "DELIVERY_NOTE": 0.07, "GOODS_RECEIPT": 0.07, "PAYMENT_ADVICE": 0.06,
    "GOODS_ISSUE": 0.05, "JOURNAL_ENTRY": 0.05, "VENDOR_MASTER": 0.04, "CUSTOMER_MASTER": 0.04,
    "PRODUCT_MASTER": 0.04, "MATERIAL_MASTER": 0.04, "UNKNOWN": 0.07,
}
DEFECT_KINDS = ("wrong_total", "duplicate_invoice_number", "unknown_bank_account", "price_above_tolerance")
CHAIN_SHARE = 0.5  # share of purchase orders that start a PO -> (DN) -> GR -> invoice chain


def _subtype(rng: random.Random, doc_type: str) -> str:
    table = SUBTYPE_TITLES.get(doc_type)
    if table:
        names, weights = zip(*((k, v[0]) for k, v in table.items()), strict=True)
    else:
        names, weights = zip(*MASTER_SUBTYPES[doc_type].items(), strict=True)
    return rng.choices(names, weights=weights, k=1)[0]


def plan(n: int, seed: int, types: Iterable[str] | None = None, languages: Iterable[str] | None = None,
         scan_ratio: float = 0.3, defect_ratio: float = 0.1) -> list[Job]:
    """The corpus's jobs: type, subtype, language, scan flag, chain membership and defect of each document."""
    type_list = [t.upper() for t in (types or DOCUMENT_TYPES)]
    unknown = [t for t in type_list if t not in DOCUMENT_TYPES]
    if unknown:
        raise ValueError(f"unknown document type(s) {', '.join(unknown)}; known: {', '.join(DOCUMENT_TYPES)}")
    lang_list = [lang.upper() for lang in (languages or LANGUAGES)]
    bad = [lang for lang in lang_list if lang not in LANGUAGES]
    if bad:
        raise ValueError(f"unsupported language(s) {', '.join(bad)}; supported: {', '.join(LANGUAGES)}")
    rng = random.Random(f"plan:{seed}")
    weights = [TYPE_WEIGHTS[t] for t in type_list]
    chainable = {"PURCHASE_ORDER", "GOODS_RECEIPT", "SUPPLIER_INVOICE"} <= set(type_list)
    jobs: list[Job] = []
    invoices: list[int] = []  # earlier plain supplier invoices (candidates to be duplicated)
    # every type once first (small corpora still cover all), then by weight
    sequence = list(type_list) if n >= len(type_list) else []
    rng.shuffle(sequence)
    while len(jobs) < n:
        doc_type = sequence.pop() if sequence else rng.choices(type_list, weights=weights, k=1)[0]
        language = lang_list[len(jobs) % len(lang_list)] if len(jobs) < len(lang_list) * 2 else rng.choice(lang_list)
        index = len(jobs)
        first_chain = not any(j.chain_id for j in jobs)  # a corpus with POs always has at least one chain
        if doc_type == "PURCHASE_ORDER" and chainable and (first_chain or rng.random() < CHAIN_SHARE) \
                and n - index >= 3:
            chain_id = f"chain{seed}_{index:06d}"
            roles = ["purchase_order"]
            if "DELIVERY_NOTE" in type_list and rng.random() < 0.4 and n - index >= 4:
                roles.append("delivery_note")
            roles += ["goods_receipt", "supplier_invoice"]
            role_types = {"purchase_order": ("PURCHASE_ORDER", "STANDARD_PO"),
                          "delivery_note": ("DELIVERY_NOTE", "STANDARD_DELIVERY"),
                          "goods_receipt": ("GOODS_RECEIPT", "GR_FOR_PO"),
                          "supplier_invoice": ("SUPPLIER_INVOICE", "STANDARD_INVOICE")}
            for role in roles:
                t, sub = role_types[role]
                defect = None
                if role == "supplier_invoice" and rng.random() < defect_ratio:
                    defect = rng.choice(["price_above_tolerance", "price_above_tolerance", "wrong_total"])
                jobs.append(Job(len(jobs), seed, t, sub, language, rng.random() < scan_ratio, defect, chain_id, role))
            continue
        subtype = _subtype(rng, doc_type)
        defect = None
        duplicate_of = None
        if doc_type == "SUPPLIER_INVOICE" and subtype != "RECEIPT":
            if rng.random() < defect_ratio:
                options = ["wrong_total", "unknown_bank_account"] + (["duplicate_invoice_number"] * 2 if invoices else [])
                defect = rng.choice(options)
                if defect == "duplicate_invoice_number":
                    duplicate_of = rng.choice(invoices)
            else:
                invoices.append(index)
        jobs.append(Job(index, seed, doc_type, subtype, language, rng.random() < scan_ratio, defect,
                        duplicate_of=duplicate_of))
    return jobs[:n]


# ── one document ───────────────────────────────────────────────────────────
_PROFILE: OrgProfile | None = None
_JOBS: dict[int, Job] = {}


def _init_worker(profile_path: str | None, jobs: dict[int, Job]) -> None:
    global _PROFILE, _JOBS
    _PROFILE = load_profile(profile_path)
    _JOBS = jobs


def make_record(job: Job, out_dir: Path, profile: OrgProfile, jobs_by_index: dict[int, Job]) -> dict[str, Any]:
    """Generate one document's files and return its record (also written as ``<id>.json``)."""
    spec, style = build(job, profile, jobs_by_index)
    rendered = render(spec, style, job.rng("render"))
    pdf_path = out_dir / f"{job.doc_id}.pdf"
    pdf_path.write_bytes(rendered.pdf)
    scan_meta: dict[str, Any] | None = None
    image_path = None
    quality = 1.0
    if job.scanned:
        result = scan_pdf(rendered.pdf, out_dir / job.doc_id, job.rng("scan"))
        image_path = result.paths[0].name
        quality = result.quality_score
        scan_meta = {"dpi": result.dpi, "rotation_deg": result.rotations, "effects": result.defects,
                     "image_paths": [p.name for p in result.paths], "boxes": "unrotated page coordinates"}
    lines = []
    for line in rendered.lines:
        lines.append(" ".join(rendered.words[i] for i in line))
    defects = spec.metadata.get("defects", [])
    metadata: dict[str, Any] = {
        "language": job.language,
        "layout": style.family,
        "layout_family": style.family,
        "layout_split": style.split,
        "created_date": _created(rendered.fields),
        "quality_score": quality,
        "scanned": job.scanned,
        "defects": [d["kind"] for d in defects],
        "defect_details": defects,
        "page_count": len(rendered.page_sizes),
        "dpi": scan_meta["dpi"] if scan_meta else None,
        "page_sizes": [list(size) for size in rendered.page_sizes],
        "kind": spec.kind,
        "printed": rendered.printed,
        "generator": {"seed": job.seed, "index": job.index},
    }
    if scan_meta:
        metadata["scan"] = scan_meta
    if job.chain_id:
        metadata["chain_id"] = job.chain_id
        metadata["chain_role"] = job.chain_role
    if spec.metadata.get("sap"):
        metadata["sap"] = spec.metadata["sap"]
    record = {
        "schema_version": "1.0",
        "id": job.doc_id,
        "source": "synthetic",
        "document_type": job.doc_type,
        "subtype": job.subtype,
        "image_path": image_path,
        "pdf_path": pdf_path.name,
        "ocr_text": "\n".join(lines),
        "words": rendered.words,
        "boxes": [list(b) for b in rendered.boxes],
        "word_pages": rendered.pages,
        "pages": rendered.pages,
        "labels": rendered.labels,
        "ground_truth": {"fields": rendered.fields, "line_items": rendered.line_items},
        "metadata": metadata,
    }
    (out_dir / f"{job.doc_id}.json").write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
    return record


def _created(fields: dict[str, Any]) -> str | None:
    for key in ("document_date", "invoice_date", "po_date", "posting_date", "payment_date", "effective_date"):
        if isinstance(fields.get(key), str):
            return fields[key]
    return None


def _work(job: Job, out_dir: str) -> str:
    assert _PROFILE is not None
    make_record(job, Path(out_dir), _PROFILE, _JOBS)
    return str(Path(out_dir) / f"{job.doc_id}.json")


def _work_safe(args: tuple[Job, str]) -> tuple[str | None, str | None]:
    job, out_dir = args
    try:
        return _work(job, out_dir), None
    except Exception as exc:  # one broken document never stops a corpus
        return None, f"{job.doc_id} ({job.doc_type}/{job.subtype}): {type(exc).__name__}: {exc}"


def generate_corpus(out_dir: str | Path, n: int, seed: int, types: Iterable[str] | None = None,
                    languages: Iterable[str] | None = None, scan_ratio: float = 0.3, defect_ratio: float = 0.1,
                    workers: int | None = None, profile_path: str | Path | None = None,
                    progress: Any = None) -> list[Path]:
    """Generate ``n`` documents into ``out_dir``; returns the record JSON paths in job order.

    ``workers`` processes (default: all cores; 1 runs in this process).
    ``progress`` (optional) is called with each finished record path.
    Documents whose generation fails are reported in ``out_dir/errors.json``.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    jobs = plan(n, seed, types, languages, scan_ratio, defect_ratio)
    by_index = {j.index: j for j in jobs}
    workers = workers or os.cpu_count() or 1
    profile_arg = str(profile_path) if profile_path else None
    results: list[tuple[str | None, str | None]] = []
    if workers <= 1 or len(jobs) < 4:
        _init_worker(profile_arg, by_index)
        for job in jobs:
            res = _work_safe((job, str(out)))
            results.append(res)
            if progress and res[0]:
                progress(res[0])
    else:
        with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker,
                                 initargs=(profile_arg, by_index)) as pool:
            chunk = max(1, min(16, len(jobs) // (workers * 8) or 1))
            for res in pool.map(_work_safe, [(job, str(out)) for job in jobs], chunksize=chunk):
                results.append(res)
                if progress and res[0]:
                    progress(res[0])
    errors = [err for _, err in results if err]
    if errors:
        (out / "errors.json").write_text(json.dumps(errors, indent=1), encoding="utf-8")
    return [Path(path) for path, _ in results if path]


__all__ = ["DEFECT_KINDS", "TYPE_WEIGHTS", "Job", "generate_corpus", "kinds", "make_record", "plan"]
