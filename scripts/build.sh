#!/usr/bin/env bash
# The README's first command: install everything, build the site and the example packets.
# Works on a fresh Debian 12 machine with Python 3.11, as root (or with sudo available).
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
# WeasyPrint's system libraries (Pango, HarfBuzz subsetting) and fonts (DejaVu; Noto CJK for CJK names).
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends \
  python3-venv libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
  fonts-dejavu-core fonts-noto-cjk >/dev/null
PY="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e .
.venv/bin/paralegal-kb validate data/firms/
.venv/bin/paralegal-kb build
.venv/bin/paralegal-kb packet data/firms/
.venv/bin/paralegal-kb checklist --jurisdiction CA
echo "Done. Site: site/index.html. Packets: packets/. Activate the tools with: source .venv/bin/activate"
