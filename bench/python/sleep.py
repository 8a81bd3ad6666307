"""(b) n concurrent sleeps of the same seeded 0..max_ms delays as the JS peers."""
import asyncio
from common import delays, main

_cache = {}


async def sleeper(d):
    await asyncio.sleep(d / 1000.0)
    return d


async def bench(p):
    key = (p["n"], p["seed"], p["max_ms"])
    if key not in _cache:
        _cache[key] = delays(*key)
    ds = _cache[key]
    ts = [asyncio.create_task(sleeper(d)) for d in ds]
    s = 0
    for t in ts:
        s += await t
    return s


main(bench)
