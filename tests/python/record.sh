#!/usr/bin/env bash
# Re-records tests/python/expected/<name>.txt from each conformance program tests/python/<name>.py
# (files starting with "_" are helpers), with CPython 3.13 under pyenv. The programs run on
# virtual time (_trace.VirtualTimeLoop), so recordings do not depend on the machine. The vitest suite
# tests/conformance/ compares wasyncio's traces with these files, and checks they are current.
#   usage: tests/python/record.sh [name ...]     (default: every program)
set -euo pipefail
cd "$(dirname "$0")"
export PYENV_VERSION=3.13.0 PYTHONDONTWRITEBYTECODE=1
ver=$(python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null || true)
if [ "$ver" != "3.13" ]; then
  echo "record.sh: needs CPython 3.13 as 'PYENV_VERSION=3.13.0 python3' (got '${ver:-nothing}')" >&2
  exit 1
fi
mkdir -p expected
if [ $# -gt 0 ]; then names=("$@"); else
  names=(); for f in [!_]*.py; do names+=("${f%.py}"); done
fi
for n in "${names[@]}"; do
  out=$(python3 "$n.py")
  printf '%s\n' "$out" > "expected/$n.txt"
  echo "recorded expected/$n.txt ($(wc -l < "expected/$n.txt") lines)"
done
