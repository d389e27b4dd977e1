#!/usr/bin/env bash
# Rebuild the two shipped models on this machine's CPU and install them into model_repository/.
# Deterministic seeds. This is the recipe of the shipped models: about 70 minutes of tagger training from
# scratch (steps 3a-c, first session), then two runs continued from the installed model on four corpora (step
# 3d, 2026-12-01, about 60 minutes; step 3e, 2026-12-02, 47 minutes), then two with OCR'd generated scans (steps
# 3g and 3h, 2026-12-02, 22 + 20 minutes, after about 35 minutes of reading the scans); the budgets stop a run early on a
# busy machine.
#
# The shipped classifier (step 2, installed 2026-12-02 night) was trained on the four corpora of today's generator,
# which prints each subtype's details (corpus/synth/details.py, form_details.py) and has six form families. Tagger steps a-d were trained on corpora generated
# before commit 38cfa1e (subtype remarks), 3e-3h on corpora from before the details, 3i on the corpora with them.
# Classifier training is not bit-for-bit repeatable across thread counts (BENCHMARKS.md, Models).
#
#   bash training/train_all.sh
#   SKIP_TO_CONTINUE=1 bash training/train_all.sh   # a fresh clone: two more passes from the shipped tagger (3g, 3h only)
#   N=3000 S=5 bash training/train_all.sh   # another first corpus (then the figures in BENCHMARKS.md change)
set -euo pipefail
cd "$(dirname "$0")/.."
source .venv/bin/activate
export HF_HUB_OFFLINE=1 SAP_LLM_TRAIN_THREADS="${SAP_LLM_TRAIN_THREADS:-2}"
N="${N:-1500}"; S="${S:-11}"
CORPUS=var/corpus_train
CORPUS2=var/corpus_train2
CORPUS3=var/corpus_train3
CORPUS4=var/corpus_train4
SROIE=var/sroie_records

# 1. Data: two synthetic corpora (train / test layout families are split by family name, so no test family
#    is ever trained on) and SROIE (dev 000-299 trains; test 300-625 is evaluation only).
[ -d "$CORPUS" ] || nice -n 10 sap-llm corpus generate --n "$N" --seed "$S" --out "$CORPUS"
[ -d "$CORPUS2" ] || nice -n 10 sap-llm corpus generate --n 4000 --seed 12 --out "$CORPUS2"
[ -d "$CORPUS3" ] || nice -n 10 sap-llm corpus generate --n 6000 --seed 13 --out "$CORPUS3"
[ -d "$CORPUS4" ] || nice -n 10 sap-llm corpus generate --n 10000 --seed 14 --out "$CORPUS4"
# SROIE receipts read by the pipeline's own stages 1-2 (since 2026-12-02 with the PP-OCR line reader; 29 min)
[ -d "$SROIE" ] || nice -n 10 python training/convert_sroie.py --out "$SROIE" --workers 2
[ -d var/i2d_records ] || python training/convert_invoice2data.py --out var/i2d_records

# 2. Classifier (11 minutes): all four corpora (their test layout families are never trained on); 30 % of the
#    training pages are shown without their title (--title-dropout 0.3, the default); three seeds (13-15)
#    averaged into one model.
nice -n 10 sap-llm train classifier --corpus "$CORPUS" --corpus "$CORPUS2" --corpus "$CORPUS3" --corpus "$CORPUS4" \
  --out var/models/doc_classifier --seed 13 --members 3 --install

# 3. Tagger. a-c (first session): 4 epochs on the first corpus, 3 more at a lower learning rate, then 2 epochs
#    with the second corpus added. d (second session): the installed int8 model read back into a PyTorch
#    checkpoint (training/recover_checkpoint.py; var/models is not committed) and one time-boxed pass over all
#    four corpora + SROIE dev. Each run exports ONNX, int8, parity-checks; a run keeps its starting point unless
#    it beats it on validation.
if [ -z "${SKIP_TO_CONTINUE:-}" ]; then
  nice -n 10 sap-llm train tagger --corpus "$CORPUS" --corpus "$SROIE" --out var/models/field_tagger \
    --epochs 4 --max-minutes 105 --seed 13
  nice -n 10 sap-llm train tagger --corpus "$CORPUS" --corpus "$SROIE" --out var/models/field_tagger_b \
    --epochs 3 --max-minutes 40 --seed 17 --init-from var/models/field_tagger --lr 5e-5
  nice -n 10 sap-llm train tagger --corpus "$CORPUS" --corpus "$CORPUS2" --corpus "$SROIE" \
    --out var/models/field_tagger_c --epochs 2 --max-minutes 32 --seed 19 --init-from var/models/field_tagger_b \
    --lr 4e-5 --install
  python training/recover_checkpoint.py --model model_repository/field_tagger/1 --out var/models/field_tagger_c_int8
  nice -n 10 sap-llm train tagger --corpus "$CORPUS" --corpus "$CORPUS2" --corpus "$CORPUS3" --corpus "$CORPUS4" \
    --corpus "$SROIE" --out var/models/field_tagger_d --epochs 1 --max-minutes 60 --seed 23 \
    --init-from var/models/field_tagger_c_int8 --lr 4e-5 --install
fi
# e (third session, 2026-12-02): one more pass over all four corpora + SROIE dev, now read with the PP-OCR line
#   reader, each receipt seen 4 times per epoch (270 real receipts among ~16,000 generated pages).
if [ -z "${SKIP_TO_CONTINUE:-}" ]; then
  python training/recover_checkpoint.py --model model_repository/field_tagger/1 --out var/models/field_tagger_e_start
  nice -n 10 sap-llm train tagger --corpus "$CORPUS" --corpus "$CORPUS2" --corpus "$CORPUS3" --corpus "$CORPUS4" \
    --corpus "$SROIE" --out var/models/field_tagger_f --epochs 1 --max-minutes 50 --seed 31 \
    --init-from var/models/field_tagger_e_start --lr 4e-5 --repeat sroie=4 --install
fi
# g (2026-12-02, afternoon): the generated scans of training layout families read by stages 1-2 (tesseract on
#   the deskewed page, as in production) with the clean words' labels moved onto the OCR words
#   (training/convert_scans.py), each seen 3 times per epoch, beside the first two corpora and SROIE dev. With
#   SKIP_TO_CONTINUE these are the only steps, continuing from whatever model is installed.
SCANS=var/scan_records
if [ ! -d "$SCANS" ]; then
  nice -n 10 python training/convert_scans.py --corpus "$CORPUS" --out "$SCANS" --workers 2
  nice -n 10 python training/convert_scans.py --corpus "$CORPUS2" --limit 600 --out "$SCANS" --workers 2
fi
python training/recover_checkpoint.py --model model_repository/field_tagger/1 --out var/models/field_tagger_shipped
nice -n 10 sap-llm train tagger --corpus "$CORPUS" --corpus "$CORPUS2" --corpus "$SCANS" --corpus "$SROIE" \
  --out var/models/field_tagger_g --epochs 1 --max-minutes 50 --seed 37 \
  --init-from var/models/field_tagger_shipped --lr 4e-5 --repeat sroie=4 --repeat synthetic_scan=3
# h: one more pass over the same data at half the learning rate, scans seen once (g had lost 0.9 points on
#   born-digital pages; h wins half of it back and keeps g's scan figures).
nice -n 10 sap-llm train tagger --corpus "$CORPUS" --corpus "$CORPUS2" --corpus "$SCANS" --corpus "$SROIE" \
  --out var/models/field_tagger_h --epochs 1 --max-minutes 25 --seed 41 \
  --init-from var/models/field_tagger_g --lr 2e-5 --repeat sroie=4

# i (2026-12-02, evening): one pass from h over the first two corpora regenerated with the subtype details, the
#   scans and SROIE dev; the fields the details brought (mandate reference, creditor id, reversal date, service
#   period, validity, value limit, credit reason, production order; package count, weight, backorder and reason per
#   line) are appended to h's labels with fresh output rows.
nice -n 10 sap-llm train tagger --corpus "$CORPUS" --corpus "$CORPUS2" --corpus "$SCANS" --corpus "$SROIE" \
  --out var/models/field_tagger_i --epochs 1 --max-minutes 28 --seed 43 \
  --init-from var/models/field_tagger_h --lr 3e-5 --repeat sroie=4
# i2: one more pass from i with the third corpus in place of the second (14 + 17 minutes).
nice -n 10 sap-llm train tagger --corpus "$CORPUS" --corpus "$CORPUS3" --corpus "$SCANS" --corpus "$SROIE" \
  --out var/models/field_tagger_i2 --epochs 1 --max-minutes 20 --seed 47 \
  --init-from var/models/field_tagger_i --lr 3e-5 --repeat sroie=4
# i3 (installed): one pass from i2 over the first and fourth corpora at lr 2e-5; the 20-minute budget ends it at
#   about 60 % of the epoch.
nice -n 10 sap-llm train tagger --corpus "$CORPUS" --corpus "$CORPUS4" --corpus "$SCANS" --corpus "$SROIE" \
  --out var/models/field_tagger_i3 --epochs 1 --max-minutes 20 --seed 53 \
  --init-from var/models/field_tagger_i2 --lr 2e-5 --repeat sroie=4 --install

# 4. Evidence: held-out metrics with the baselines, latency on one core, model cards.
nice -n 10 sap-llm evaluate-model --model model_repository --corpus "$CORPUS" --corpus "$SROIE" \
  --corpus var/i2d_records --split test --out var/eval/models --scans 30
nice -n 10 python training/benchmark_latency.py --corpus "$CORPUS" --pages 30 > var/eval/latency.json
python training/write_model_cards.py --metrics var/eval/models/metrics.json --latency var/eval/latency.json
