#!/usr/bin/env bash
# Re-records tests/cpython/expected/<area>/<name>.txt from each scenario program
# tests/cpython/<area>/<name>.py (areas: loop, sync, io; files starting with "_" are helpers), with
# CPython 3.13 under pyenv. The loop programs run on virtual time (_trace.VirtualTimeLoop) and the
# sync ones use no timers, so their recordings do not depend on the machine; the io ones use real
# sockets, signals and processes, with short sleeps to let them settle. The wasyncio twins in
# the suites under tests/ts/ compare their traces with these files;
# tests/cpython/recordings.node.test.ts checks that they are current.
#   usage: tests/cpython/record.sh [name | area/name ...]     (default: every program)
set -euo pipefail
cd "$(dirname "$0")"
export PYENV_VERSION=3.13.0 PYTHONDONTWRITEBYTECODE=1 PYTHONPATH="$PWD"
ver=$(python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null || true)
if [ "$ver" != "3.13" ]; then
  echo "record.sh: needs CPython 3.13 as 'PYENV_VERSION=3.13.0 python3' (got '${ver:-nothing}')" >&2
  exit 1
fi
progs=()
if [ $# -gt 0 ]; then
  for n in "$@"; do
    n=${n%.py}
    if [[ "$n" == */* && -f "$n.py" ]]; then progs+=("$n"); continue; fi
    found=(*/"$n".py)
    if [ ! -f "${found[0]}" ]; then echo "record.sh: no program */$n.py" >&2; exit 1; fi
    progs+=("${found[0]%.py}")
  done
else
  for f in */[!_]*.py; do progs+=("${f%.py}"); done
fi
for p in "${progs[@]}"; do
  mkdir -p "expected/${p%/*}"
  out=$(timeout 90 python3 "$p.py")
  printf '%s\n' "$out" > "expected/$p.txt"
  echo "recorded expected/$p.txt ($(wc -l < "expected/$p.txt") lines)"
done
