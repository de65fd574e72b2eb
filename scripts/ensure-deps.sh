#!/usr/bin/env bash
# Installs what kep-bridge needs and is missing: Debian packages (only from the system's
# apt sources; nothing is downloaded from elsewhere), npm packages from the lock file,
# the GOST software token and the build. Sourced by demo.sh and test.sh.
set -euo pipefail

DEBIAN_PACKAGES=(chromium chromium-l10n firefox-esr firefox-esr-l10n-ru softhsm2 opensc libengine-gost-openssl libssl-dev openssl build-essential pkg-config zip unzip nsis rpm)

missing_packages() {
  local pkg
  for pkg in "${DEBIAN_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
      printf '%s ' "$pkg"
    fi
  done
}

ensure_debian_packages() {
  local missing
  missing="$(missing_packages)"
  [ -z "$missing" ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "Не хватает пакетов Debian. Выполните от root и повторите:" >&2
    echo "Missing Debian packages. Run as root, then try again:" >&2
    echo "" >&2
    echo "  apt-get update && apt-get install -y --no-install-recommends $missing" >&2
    exit 1
  fi
  echo "==> apt-get install $missing"
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
}

ensure_npm_packages() {
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "==> npm ci"
    npm ci --no-audit --no-fund
  fi
}

build_all() {
  if [ -f test/softtoken/Makefile ]; then
    echo "==> make -C test/softtoken"
    make -s -C test/softtoken
  fi
  echo "==> npm run build"
  npm run -s build
}

cd "$(dirname "${BASH_SOURCE[0]}")/.."
command -v node >/dev/null || { echo "Node.js 20+ is required (node not found)" >&2; exit 1; }
ensure_debian_packages
ensure_npm_packages
build_all
