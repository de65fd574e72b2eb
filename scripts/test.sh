#!/usr/bin/env bash
# Runs every test: type checks, the linter and format check, unit tests, the GOST soft token's conformance tests,
# the host over real stdio against real PKCS#11 modules, and the extension in real
# headless Chromium. Installs what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-deps.sh
echo "==> typecheck"
npx tsc -b
echo "==> lint"
npm run -s lint
echo "==> vitest"
npx vitest run "$@"
