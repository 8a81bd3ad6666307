"""Shared runner for the CPython asyncio peers.

Each bench/python/<name>.py defines `async def bench(params)` returning the same check value
as the JS peers, and calls `main(bench)`. The driver (bench/run.ts) passes the parameters as
one JSON argument, plus "runs" (measured runs, at most), "budget_ms" (measured runs stop at
about this much time in total) and "single_ms" (a first run at least this long is kept as the
only measurement). The first run is otherwise a warm-up, as on the JS side. One JSON object goes to stdout:
{"times": [wall ms, ...], "cpu": [process CPU ms, ...], "check": value, "single": bool,
"python": version} or {"error": "..."}.
Each run is a fresh asyncio.run(); the time includes loop creation and teardown, as the JS
peers' times include their run()/runPromise().
"""

import asyncio
import gc
import json
import sys
import time


def delays(n, seed, max_ms):
    """xorshift32, bit for bit the same as bench/lib/prng.ts."""
    x = (seed & 0xFFFFFFFF) or 1
    out = [0] * n
    for i in range(n):
        x ^= (x << 13) & 0xFFFFFFFF
        x ^= x >> 17
        x ^= (x << 5) & 0xFFFFFFFF
        out[i] = x % (max_ms + 1)
    return out


def main(bench):
    try:
        params = json.loads(sys.argv[1]) if len(sys.argv) > 1 else {}
        runs = int(params.get("runs", 3))
        single_ms = float(params.get("single_ms", 2000))
        budget_ms = float(params.get("budget_ms", 4000))

        def once():
            gc.collect()
            c0 = time.process_time()
            t0 = time.perf_counter()
            check = asyncio.run(bench(params))
            t = (time.perf_counter() - t0) * 1000.0
            return t, (time.process_time() - c0) * 1000.0, check

        first, first_cpu, check = once()
        times, cpu = [], []
        if first >= single_ms or runs <= 0:
            times, cpu = [first], [first_cpu]
        else:
            for _ in range(min(runs, max(1, int(budget_ms // max(first, 1))))):
                t, c, v = once()
                if v != check:
                    raise RuntimeError(f"check changed between runs: {check!r} then {v!r}")
                times.append(t)
                cpu.append(c)
        print(json.dumps({"times": times, "cpu": cpu, "check": check,
                          "single": len(times) == 1 and first >= single_ms,
                          "python": sys.version.split()[0]}))
    except Exception as e:  # reported as the cell's error, never a crash of the driver
        print(json.dumps({"error": f"{type(e).__name__}: {e}"}))
