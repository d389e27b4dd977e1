#!/usr/bin/env bash
# Rebuild the two shipped models from scratch on this machine's CPU and install them into
# model_repository/. Deterministic seeds; budgets fit two shared cores (about an hour in all).
#
#   bash training/train_all.sh            # corpus size N (default 1500), seed S (default 11)
#   N=3000 S=5 bash training/train_all.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source .venv/bin/activate
export HF_HUB_OFFLINE=1 SAP_LLM_TRAIN_THREADS="${SAP_LLM_TRAIN_THREADS:-2}"
N="${N:-1500}"; S="${S:-11}"
CORPUS=var/corpus_train
SROIE=var/sroie_records

# 1. Data: the synthetic corpus (train / test layout families are split by family name) and SROIE dev.
[ -d "$CORPUS" ] || nice -n 10 sap-llm corpus generate --n "$N" --seed "$S" --out "$CORPUS"
[ -d "$SROIE" ] || nice -n 10 python training/convert_sroie.py --out "$SROIE"

# 2. Classifier (minutes), then tagger (time-boxed), each exported to ONNX, int8, parity-checked, installed.
nice -n 10 sap-llm train classifier --corpus "$CORPUS" --out var/models/doc_classifier --seed 13 --install
nice -n 10 sap-llm train tagger --corpus "$CORPUS" --corpus "$SROIE" --out var/models/field_tagger \
  --epochs 4 --max-minutes 120 --seed 13 --install

# 3. Evidence: held-out metrics with the baselines, and latency on one core.
nice -n 10 sap-llm evaluate-model --model model_repository --corpus "$CORPUS" --corpus "$SROIE" \
  --split test --out var/eval/models --scans 40
nice -n 10 python training/benchmark_latency.py --corpus "$CORPUS" --pages 50
