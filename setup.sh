#!/usr/bin/env bash
# One command to set up and build: a virtual environment with everything installed,
# Debian's Chromium for the browser tests, and a strict build of the site into _build/html.
set -euo pipefail
cd "$(dirname "$0")"

PYTHON=${PYTHON:-python3}
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "Python 3.11 or newer is needed (found: $("$PYTHON" --version 2>&1)). Set PYTHON=/path/to/python3.11." >&2
  exit 1
fi
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
# Debian and Ubuntu ship venv support as a separate package.
if ! "$PYTHON" -m venv --help >/dev/null 2>&1 || ! "$PYTHON" -c 'import ensurepip' >/dev/null 2>&1; then
  if command -v apt-get >/dev/null; then
    ver=$("$PYTHON" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
    $SUDO apt-get update -q && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "python${ver}-venv" || \
      $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-venv
  else
    echo "Python's venv module is missing: install it (e.g. the python3-venv package)." >&2; exit 1
  fi
fi
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[test]"
.venv/bin/invoke setup
.venv/bin/invoke build
echo
echo "Done. Open _build/html/index.html, or run: .venv/bin/invoke serve"
echo "Run the tests with: .venv/bin/invoke test"
