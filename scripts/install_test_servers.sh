#!/usr/bin/env bash
# Test-only servers that speak real wire protocols, installed outside the tracked tree (var/ is git-ignored):
#   var/node/node_modules/@push.rocks/smartmongo   CongoDB: an in-process, in-memory MongoDB-wire-compatible
#                                                  server (tests/support/congodb_server.mjs, tests/test_kb_mongo.py)
# Best-effort: without Node.js the tests that need these servers skip themselves.
#
# Only smartmongo's CongoDB part is used. Its other dependencies (mongodb-memory-server, which downloads a mongod
# binary; smartdata; mongodump) are replaced by an empty local stub: they are not needed, and some versions they
# ask for are missing from the registry (npm ETARGET for @push.rocks/lik@^6.4.1, @api.global/typedrequest@^8.0.3).
set -euo pipefail
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "note: node/npm not found; the MongoDB tests (tests/test_kb_mongo.py) will be skipped" >&2
  exit 0
fi
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PREFIX="$ROOT/var/node"
SMARTMONGO_VERSION=2.2.0

installed=$(node -p "try { require('$PREFIX/node_modules/@push.rocks/smartmongo/package.json').version } catch (e) { '' }")
if [ "$installed" = "$SMARTMONGO_VERSION" ]; then
  exit 0
fi
mkdir -p "$PREFIX/unused-stub"
echo '{"name": "unused-stub", "version": "0.0.0", "main": "index.js"}' > "$PREFIX/unused-stub/package.json"
echo 'module.exports = {};' > "$PREFIX/unused-stub/index.js"
cat > "$PREFIX/package.json" <<JSON
{
  "name": "sap-llm-test-servers",
  "private": true,
  "dependencies": {"@push.rocks/smartmongo": "$SMARTMONGO_VERSION"},
  "overrides": {
    "mongodb-memory-server": "file:./unused-stub",
    "@push.rocks/smartdata": "file:./unused-stub",
    "@push.rocks/mongodump": "file:./unused-stub"
  }
}
JSON
npm install --prefix "$PREFIX" --no-audit --no-fund --loglevel=error
echo "installed @push.rocks/smartmongo $SMARTMONGO_VERSION (CongoDB) in $PREFIX"
