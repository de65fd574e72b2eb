#!/usr/bin/env bash
# Runs every test: type checks, unit tests, the GOST soft token's conformance tests,
# the host over real stdio against real PKCS#11 modules, and the extension in real
# headless Chromium. Installs what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-deps.sh
echo "==> typecheck"
npx tsc -b
echo "==> vitest"
npx vitest run "$@"
