#!/usr/bin/env bash
# The README's second command: install the test needs and run the whole test suite.
# Installs: Debian's Chromium (driven by Python Playwright; no browser download), poppler
# (pdftotext, pdftoppm), Java (for the Nu HTML Checker), Node/npm (axe-core, vnu-jar).
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends \
  python3-venv libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-noto-cjk \
  chromium chromium-driver poppler-utils default-jre-headless nodejs >/dev/null
# Debian's nodejs needs the separate npm package; NodeSource's nodejs bundles npm and conflicts with it.
command -v npm >/dev/null || $SUDO apt-get install -y -qq --no-install-recommends npm >/dev/null
PY="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[test]'
(cd tests && npm ci --silent --no-audit --no-fund)
# Zensical (Material's successor) in its own venv, for tests/test_zensical.py; skipped if it cannot install.
if [ -z "${ZENSICAL:-}" ]; then
  if [ -x .venv-zensical/bin/zensical ] || { "$PY" -m venv .venv-zensical && .venv-zensical/bin/python -m pip install -q zensical; }; then
    export ZENSICAL="$PWD/.venv-zensical/bin/zensical"
  else
    echo "note: zensical could not be installed; tests/test_zensical.py will say so and skip" >&2
  fi
fi
export PATH="$PWD/.venv/bin:$PATH"
.venv/bin/python -m pytest "$@"
