"""Manual check (not run by the suite): each program of loop/ (the ones on virtual time) prints
its recording also on asyncio's ordinary selector loop with the wall clock, i.e. VirtualTimeLoop
changes no outcome. Timing-sensitive by nature (deadlines are tens of ms apart): run it on a
quiet machine.

    cd tests/cpython && PYENV_VERSION=3.13.0 python3 _check_real_time.py [name ...]
"""
import asyncio
import contextlib
import glob
import io
import runpy
import sys
import time

import _trace


class RealTimeLoop(asyncio.SelectorEventLoop):
    def advance(self, seconds):
        time.sleep(seconds)


_trace.VirtualTimeLoop = RealTimeLoop
names = sys.argv[1:] or sorted(p[5:-3] for p in glob.glob("loop/[!_]*.py"))
bad = 0
for name in names:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        runpy.run_path(f"loop/{name}.py", run_name="__main__")
    same = out.getvalue() == open(f"expected/loop/{name}.txt").read()
    bad += not same
    print("same     " if same else "DIFFERENT", name)
print(f"{len(names) - bad} same, {bad} different")
sys.exit(1 if bad else 0)
