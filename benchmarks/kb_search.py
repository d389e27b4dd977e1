"""Benchmark: does the knowledge-base semantic search find the right SAP API / entity set / property?

Builds the search index from the real EDMX metadata exactly as the compiler does (API descriptions
from ``kb_tools/catalog/apis.yaml``, the rule catalogue's rules) - or loads a compiled one with
``--kb var/kb/search`` - and runs the labelled queries of ``kb_tools/catalog/search_queries.yaml``
(English, German, French, Spanish, Italian). Reports:

* P@5: share of queries whose top 5 hits contain one of the expected refs; P@1; MRR@5;
  overall and per language, with every miss and what came instead;
* the same for ablations: the raw query embedded (no terminology, no lexical re-ranking), terminology
  with cosine only, a sweep of lexical weights, and the search restricted to kinds api / entity_set /
  property (the business rules left out, as a caller looking for a field would);
* latency per query after a warm-up, single-threaded (``torch.set_num_threads(1)``, FAISS OpenMP
  threads 1, one ONNX Runtime thread): translation, encoding, search (FAISS HNSW + lexical re-ranking)
  and, separately, the FAISS HNSW call alone; mean / P50 / P95 over ``--repeat`` passes, with the load
  average, and the SentenceTransformer (torch) encoding time of the same queries for comparison;
* the held-out queries (``holdout:`` in the query file) separately.

    .venv/bin/python benchmarks/kb_search.py --edmx ../shared/sap_edmx --out reports/kb_search.json
    .venv/bin/python benchmarks/kb_search.py --kb var/kb/search
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

REPO = Path(__file__).resolve().parent.parent
for extra in (REPO, REPO / "python_backends"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

import numpy as np  # noqa: E402
import yaml  # noqa: E402

from sap_llm import paths  # noqa: E402
from sap_llm.kb import search as kbsearch  # noqa: E402

QUERIES = REPO / "kb_tools" / "catalog" / "search_queries.yaml"
API_DESCRIPTIONS = REPO / "kb_tools" / "catalog" / "apis.yaml"
WARMUP = ["invoice number", "Lieferdatum", "prix unitaire", "cantidad", "fornitore", "company code currency",
          "purchase order item plant", "Kostenstelle", "code postal", "ordine cliente"]  # fmt: skip
SWEEP = (0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5)


def load_queries(path: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The labelled queries and the held-out ones (written after tuning, reported separately)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    queries, holdout = data["queries"], data.get("holdout") or []
    ids = [q["id"] for q in [*queries, *holdout]]
    if len(set(ids)) != len(ids):
        raise SystemExit(f"{path}: duplicate query ids")
    return queries, holdout


def build_index(edmx: Path, descriptions: str, with_rules: bool,
                backend: str) -> tuple[kbsearch.SemanticIndex, dict[str, Any]]:  # fmt: skip
    from kb_tools.edmx import parse_dir

    t0 = time.perf_counter()
    services = parse_dir(edmx)
    if descriptions == "catalog" and API_DESCRIPTIONS.is_file():
        table = yaml.safe_load(API_DESCRIPTIONS.read_text(encoding="utf-8")) or {}
        services = [s.model_copy(update={"description": table.get(s.name, s.description)}) for s in services]
    rules: list[Any] = []
    if with_rules:
        from sap_llm.rules import load_catalogue

        rules = load_catalogue()
    entries = kbsearch.entries_from_services(services, rules)
    t1 = time.perf_counter()
    encoder = kbsearch.load_encoder("cpu")
    t2 = time.perf_counter()
    index = kbsearch.SemanticIndex.build(entries, encoder, query_backend=backend)
    t3 = time.perf_counter()
    info = {"services": len(services), "entries": len(entries), "kinds": index.metadata()["kinds"],
            "parse_s": round(t1 - t0, 2), "encoder_load_s": round(t2 - t1, 2), "build_s": round(t3 - t2, 2),
            "api_descriptions": descriptions, "rules": len(rules)}  # fmt: skip
    return index, info


def _pct(values: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(values), q)) if values else 0.0


def _latency(values_ms: list[float]) -> dict[str, float]:
    return {"mean": round(statistics.fmean(values_ms), 3), "p50": round(_pct(values_ms, 50), 3),
            "p95": round(_pct(values_ms, 95), 3), "max": round(max(values_ms), 3)}  # fmt: skip


def _rank(refs: list[str], expected: set[str]) -> int | None:
    return next((i + 1 for i, r in enumerate(refs) if r in expected), None)


def score(results: list[dict[str, Any]], key: str = "refs") -> dict[str, Any]:
    """P@5 / P@1 / MRR@5 overall and per language from per-query ranked refs."""
    by_lang: dict[str, list[int | None]] = defaultdict(list)
    for r in results:
        by_lang[r["lang"]].append(_rank(r[key][:5], set(r["expected"])))
    by_lang["all"] = [x for lang in list(by_lang) for x in by_lang[lang]]

    def summary(ranks: list[int | None]) -> dict[str, Any]:
        n = len(ranks)
        return {"n": n, "p_at_5": round(sum(r is not None for r in ranks) / n, 4),
                "p_at_1": round(sum(r == 1 for r in ranks) / n, 4),
                "mrr_at_5": round(sum(1 / r for r in ranks if r) / n, 4)}  # fmt: skip

    return {lang: summary(ranks) for lang, ranks in by_lang.items()}


def run(index: kbsearch.SemanticIndex, queries: list[dict[str, Any]], k: int, warmup: int,
        repeat: int = 1) -> list[dict[str, Any]]:  # fmt: skip
    """Each query ``repeat`` times (timed parts: translate, encode, search); hits from the first pass."""
    missing = sorted({r for q in queries for r in q["expected"] if r not in index.by_ref})
    if missing:
        raise SystemExit(f"expected refs not in the index: {missing}")
    for text in (WARMUP * (1 + warmup // len(WARMUP)))[:warmup]:
        index.search(text, k=k)
    results: list[dict[str, Any]] = []
    for rep in range(max(1, repeat)):
        for n, q in enumerate(queries):
            t0 = time.perf_counter()
            translation = index.translate(q["query"])
            t1 = time.perf_counter()
            vector = index.embed(translation.text)
            t2 = time.perf_counter()
            hits = index.search_vector(vector, k, None, translation)
            t3 = time.perf_counter()
            index.index.search(vector[None, :], kbsearch.CANDIDATES)  # the FAISS HNSW part alone, not in total
            t4 = time.perf_counter()
            ms = {"translate": (t1 - t0) * 1e3, "encode": (t2 - t1) * 1e3, "search": (t3 - t2) * 1e3,
                  "total": (t3 - t0) * 1e3, "faiss": (t4 - t3) * 1e3}  # fmt: skip
            if rep:
                results[n]["samples"].append(ms)
                continue
            results.append({
                "id": q["id"], "lang": q["lang"], "query": q["query"], "embedded": translation.text,
                "expected": q["expected"], "refs": [h.entry.ref for h in hits],
                "scores": [round(h.score, 4) for h in hits], "vector": vector, "samples": [ms],
            })  # fmt: skip
    return results


def ablations(index: kbsearch.SemanticIndex, results: list[dict[str, Any]], k: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    raw = []
    for r in results:  # the query as typed, cosine only: what the model does without the terminology
        hits = index.search_vector(index.embed(r["query"]), k, None, None)
        raw.append({**r, "refs": [h.entry.ref for h in hits]})
    out["raw_query_no_terminology_no_lexical"] = score(raw)
    schema = []
    for r in results:  # the search restricted to what the labelled queries ask for (no business rules)
        hits = index.search_vector(r["vector"], k, ("api", "entity_set", "property"), index.translate(r["query"]))
        schema.append({**r, "refs": [h.entry.ref for h in hits]})
    out["kinds_api_entity_set_property"] = score(schema)
    saved = index.lexical_weight
    sweep = {}
    try:
        for weight in SWEEP:
            index.lexical_weight = weight
            ranked = []
            for r in results:
                hits = index.search_vector(r["vector"], k, None, index.translate(r["query"]))
                ranked.append({**r, "refs": [h.entry.ref for h in hits]})
            sweep[str(weight)] = {lang: {m: v for m, v in s.items() if m != "n"} for lang, s in score(ranked).items()}
    finally:
        index.lexical_weight = saved
    out["terminology_cosine_only"] = sweep.get("0.0")
    out["lexical_weight_sweep"] = sweep
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--edmx", type=Path, default=paths.shared_dir() / "sap_edmx", help="EDMX folder")
    parser.add_argument("--kb", type=Path, help="load a compiled search index (e.g. var/kb/search) instead")
    parser.add_argument("--queries", type=Path, default=QUERIES)
    parser.add_argument("--out", type=Path, help="write the JSON report here")
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--threads", type=int, default=1, help="torch and FAISS threads while timing")
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3, help="timing passes over the queries (all samples count)")
    parser.add_argument("--api-descriptions", choices=["catalog", "derived"], default="catalog",
                        help="catalog: kb_tools/catalog/apis.yaml as the compiler does; derived: from names only")
    parser.add_argument("--no-rules", action="store_true", help="leave the business rules out of the index")
    parser.add_argument("--query-backend", choices=list(kbsearch.QUERY_BACKENDS), default="auto",
                        help="how queries are embedded: ONNX Runtime twin of MiniLM (auto, onnx) or torch")
    parser.add_argument("--no-ablations", action="store_true")
    parser.add_argument("--show-misses", action="store_true", help="print every query missed at 5")
    args = parser.parse_args()

    os.environ["SAP_LLM_KB_ENCODER_THREADS"] = str(args.threads)  # the ONNX Runtime query session
    import faiss
    import torch

    queries, holdout = load_queries(args.queries)
    if args.kb:
        t0 = time.perf_counter()
        index = kbsearch.SemanticIndex.load(args.kb, kbsearch.load_encoder("cpu"), query_backend=args.query_backend)
        info = {"loaded_from": str(args.kb), "entries": len(index), "kinds": index.metadata()["kinds"],
                "load_s": round(time.perf_counter() - t0, 2)}  # fmt: skip
    else:
        if not args.edmx.is_dir():
            raise SystemExit(f"EDMX folder not found: {args.edmx}")
        index, info = build_index(args.edmx, args.api_descriptions, not args.no_rules, args.query_backend)
    torch.set_num_threads(args.threads)
    faiss.omp_set_num_threads(args.threads)

    backend = "onnxruntime" if isinstance(index.query_encoder, kbsearch.OnnxQueryEncoder) else "torch"
    load_before = os.getloadavg()
    results = run(index, queries, args.k, args.warmup, args.repeat)
    load_after = os.getloadavg()
    held = run(index, holdout, args.k, 0) if holdout else []
    torch_encode = None
    if backend == "onnxruntime":  # the same queries through the SentenceTransformer, for comparison
        texts = [r["embedded"] for r in results]
        for text in texts[:10]:
            kbsearch.encode(index.encoder, [text])
        times = []
        for text in texts:
            t0 = time.perf_counter()
            kbsearch.encode(index.encoder, [text])
            times.append((time.perf_counter() - t0) * 1e3)
        torch_encode = _latency(times)
    metrics = score(results)
    holdout_metrics = score(held) if held else None
    parts = ("translate", "encode", "search", "faiss", "total")
    latency = {part: _latency([ms[part] for r in results for ms in r["samples"]]) for part in parts}
    passes = [{part: _latency([r["samples"][i][part] for r in results]) for part in ("encode", "total")}
              for i in range(len(results[0]["samples"]))]  # fmt: skip
    report: dict[str, Any] = {
        "benchmark": "kb_search",
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "machine": {"platform": platform.platform(), "processor": _cpu(), "cpus": os.cpu_count(),
                    "python": platform.python_version(), "torch": torch.__version__, "faiss": faiss.__version__},
        "settings": {"k": args.k, "threads": args.threads, "warmup": args.warmup, "repeat": args.repeat,
                     "model": kbsearch.MODEL_NAME,
                     "hnsw": {"M": kbsearch.HNSW_M, "efConstruction": kbsearch.EF_CONSTRUCTION,
                              "efSearch": kbsearch.EF_SEARCH},
                     "lexical_weight": index.lexical_weight, "terminology_terms": len(index.terminology),
                     "query_backend": backend,
                     "queries": str(args.queries), "n_queries": len(queries)},
        "index": info,
        "metrics": metrics,
        "holdout_metrics": holdout_metrics,
        "latency_ms": latency,
        "latency_ms_per_pass": passes,
        "latency_ms_torch_encode": torch_encode,
        "load_average": {"before": [round(x, 2) for x in load_before], "after": [round(x, 2) for x in load_after]},
        "misses": [{"id": r["id"], "query": r["query"], "embedded": r["embedded"], "expected": r["expected"],
                    "top": r["refs"]} for r in [*results, *held] if _rank(r["refs"][:5], set(r["expected"])) is None],
    }  # fmt: skip
    if not args.no_ablations:
        report["ablations"] = ablations(index, results, args.k)
    report["per_query"] = [{k: v for k, v in r.items() if k != "vector"} for r in [*results, *held]]

    print(f"index: {info}")
    print(f"{'lang':5} {'n':>3} {'P@5':>6} {'P@1':>6} {'MRR@5':>6}")
    for lang, m in metrics.items():
        print(f"{lang:5} {m['n']:>3} {m['p_at_5']:>6.3f} {m['p_at_1']:>6.3f} {m['mrr_at_5']:>6.3f}")
    for lang, m in (holdout_metrics or {}).items():
        print(f"held-out {lang:5} {m['n']:>3} {m['p_at_5']:>6.3f} {m['p_at_1']:>6.3f} {m['mrr_at_5']:>6.3f}")
    print(f"query encoder: {backend}, {args.threads} thread(s), {args.repeat} pass(es); load average "
          f"{load_before[0]:.2f} -> {load_after[0]:.2f} on {os.cpu_count()} CPUs")
    print("per pass: " + ", ".join(f"encode p95 {p['encode']['p95']:.2f} total p95 {p['total']['p95']:.2f}"
                                   for p in passes))  # fmt: skip
    for part, lat in [*latency.items(), *([("torch-enc", torch_encode)] if torch_encode else [])]:
        print(f"latency {part:9} mean {lat['mean']:7.2f} ms  p50 {lat['p50']:7.2f}  p95 {lat['p95']:7.2f}  "
              f"max {lat['max']:7.2f}")  # fmt: skip
    if "ablations" in report:
        ab = report["ablations"]
        raw, schema = ab["raw_query_no_terminology_no_lexical"]["all"], ab["kinds_api_entity_set_property"]["all"]
        print(f"ablation raw query (no terminology, no lexical): P@5 {raw['p_at_5']:.3f} P@1 {raw['p_at_1']:.3f}")
        print(f"kinds api/entity_set/property only: P@5 {schema['p_at_5']:.3f} P@1 {schema['p_at_1']:.3f}")
        for weight, s in ab["lexical_weight_sweep"].items():
            print(f"lexical weight {weight:>5}: P@5 {s['all']['p_at_5']:.3f}  P@1 {s['all']['p_at_1']:.3f}  "
                  + " ".join(f"{lang} {v['p_at_5']:.2f}" for lang, v in s.items() if lang != "all"))
    if args.show_misses:
        for miss in report["misses"]:
            print(f"MISS {miss['id']} {miss['query']!r} -> {miss['embedded']!r}\n   expected {miss['expected']}\n"
                  f"   got {miss['top']}")  # fmt: skip
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {args.out}")


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


if __name__ == "__main__":
    main()
