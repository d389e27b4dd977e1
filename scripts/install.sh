#!/usr/bin/env bash
# Installs everything SAP_LLM needs on a fresh Debian/Ubuntu machine:
# tesseract 5 with eng/deu/fra/spa/ita (+ osd), fonts the corpus generator uses,
# a virtual environment in .venv with pinned Python dependencies (CPU torch 2.13.0,
# never a CUDA build), the package itself (editable), and the compiled knowledge base.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PY=${PYTHON:-python3}

need_apt=0
for l in eng deu fra spa ita osd; do
  if ! command -v tesseract >/dev/null 2>&1 || ! tesseract --list-langs 2>/dev/null | grep -qx "$l"; then need_apt=1; fi
done
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need_apt=1
[ -d /usr/share/fonts/truetype/liberation ] || need_apt=1
if [ "$need_apt" = 1 ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq \
    tesseract-ocr tesseract-ocr-eng tesseract-ocr-deu tesseract-ocr-fra \
    tesseract-ocr-spa tesseract-ocr-ita tesseract-ocr-osd \
    fonts-dejavu-core fonts-liberation fonts-freefont-ttf poppler-utils qpdf >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
. .venv/bin/activate
stamp=.venv/.sap_llm_installed
want=$(sha256sum requirements.lock pyproject.toml | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  python -m pip install -q --upgrade "pip>=24"
  # CPU torch first, pinned: a bare 'torch' requirement could pull a multi-GB CUDA build.
  python -m pip install -q "torch==2.13.0"
  python -m pip install -q -r requirements.lock
  # PP-OCRv4 models for receipt strips (preprocess/line_reader.py). Without its dependencies: it asks for
  # opencv-python, whose cv2 would clash with opencv-python-headless; the rest it needs is in the lock.
  python -m pip install -q --no-deps "rapidocr_onnxruntime==1.4.4"
  python -m pip install -q --no-deps -e .
  echo "$want" > "$stamp"
fi
python -c "import torch; assert '+cu' not in torch.__version__, torch.__version__"

# Knowledge base: compiled from the SAP EDMX metadata the user provides
# (default: ../shared/sap_edmx beside the clone). Rebuilt when the EDMX files or the catalogues change.
if [ -z "${SAP_LLM_SKIP_KB:-}" ]; then
  EDMX_DIR=${SAP_LLM_EDMX_DIR:-$ROOT/../shared/sap_edmx}
  if [ -d "$EDMX_DIR" ]; then
    sap-llm kb build --edmx "$EDMX_DIR" --out "$ROOT/var/kb" --if-missing
  else
    echo "note: no EDMX folder at $EDMX_DIR; set SAP_LLM_EDMX_DIR and run 'sap-llm kb build'" >&2
  fi
fi
bash scripts/install_test_servers.sh || echo "note: test servers (var/node, CongoDB for tests/test_kb_mongo.py) not installed; those tests will skip" >&2
echo "SAP_LLM installed in $ROOT/.venv"
