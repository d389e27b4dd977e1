#!/usr/bin/env bash
# Bounded, local-only Locust run against a running `sap-llm serve` (HTTP 127.0.0.1:${SAP_LLM_HTTP_PORT:-8000}).
#   loadtest/run_locust.sh FILES.txt [--users 4 --spawn-rate 4 --run-time 60s]
set -euo pipefail
files=${1:?usage: run_locust.sh FILES.txt [locust args]}
shift
here=$(cd "$(dirname "$0")/.." && pwd)
venv=$here/var/loadtest-venv
if [ ! -x "$venv/bin/locust" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q -r "$here/loadtest/requirements.txt"
fi
args=("$@")
[ ${#args[@]} -gt 0 ] || args=(--users 4 --spawn-rate 4 --run-time 60s)
exec nice -n 10 "$venv/bin/locust" -f "$here/loadtest/locustfile.py" --headless --host "http://127.0.0.1:${SAP_LLM_HTTP_PORT:-8000}" \
  --documents "$files" --only-summary --stop-timeout 30 "${args[@]}"
