#!/usr/bin/env bash
# perf_analyzer (from the tritonclient 2.51.0 wheel) against sap_llm_pipeline with real documents.
#
#   loadtest/perf_analyzer.sh INPUTS.json [CONCURRENCY_RANGE] [extra perf_analyzer args...]
#   e.g. loadtest/perf_analyzer.sh var/loadtest/digital.json 1:4:1 -u 127.0.0.1:8000
#
# INPUTS.json comes from loadtest/make_inputs.py. perf_analyzer needs libb64.so.0d and libcudart.so.12,
# which nvidia_pytriton.libs ships under hashed names: they are symlinked into a private folder here.
set -euo pipefail
inputs=${1:?usage: perf_analyzer.sh INPUTS.json [CONCURRENCY_RANGE] [perf_analyzer args]}
range=${2:-1:4:1}
shift $(( $# >= 2 ? 2 : 1 ))
here=$(cd "$(dirname "$0")/.." && pwd)
venv=${VIRTUAL_ENV:-$here/.venv}
pa=$venv/bin/perf_analyzer
[ -x "$pa" ] || { echo "perf_analyzer not found at $pa (pip install tritonclient[all]==2.51.0)" >&2; exit 2; }
libs=$("$venv/bin/python" -c 'import pathlib, pytriton; print(pathlib.Path(pytriton.__file__).resolve().parent.parent / "nvidia_pytriton.libs")')
shim=$(mktemp -d)
trap 'rm -rf "$shim"' EXIT
ln -s "$(ls "$libs"/libb64-*.so.0d | head -1)" "$shim/libb64.so.0d"
ln -s "$(ls "$libs"/libcudart-*.so.12* | head -1)" "$shim/libcudart.so.12"
export LD_LIBRARY_PATH="$shim:$libs:${LD_LIBRARY_PATH:-}"
exec nice -n 10 "$pa" -m sap_llm_pipeline -u 127.0.0.1:8000 -i http \
  --input-data "$inputs" --concurrency-range "$range" \
  --measurement-mode count_windows --measurement-request-count 20 --max-trials 5 \
  --stability-percentage 100 --percentile 95 "$@"
