#!/usr/bin/env bash
# Drives `orglint server` end to end with a real LSP client: pytest-lsp (from
# PyPI, in a fresh virtualenv) runs tests/lsp/test_server.py against the
# built binary.
#
#   bash tests/lsp.sh
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --quiet --manifest-path "$here/Cargo.toml"
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check "pytest-lsp==1.0.1"
cd "$here"
ORGLINT_BIN="$here/target/debug/orglint" "$work/venv/bin/python" -m pytest -q \
    -p no:cacheprovider -o asyncio_default_fixture_loop_scope=function tests/lsp/test_server.py
