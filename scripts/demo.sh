#!/usr/bin/env bash
# The demo: builds everything, creates a software token with sample certificates,
# registers the host for a throwaway Chromium profile and shows the extension's popup.
# Headless (no DISPLAY) it saves a screenshot and prints where; with a display it opens
# the browser and waits until you close it.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-deps.sh
npx tsx scripts/demo.ts "$@"
