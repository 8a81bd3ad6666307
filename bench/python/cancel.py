"""(c) start n tasks sleeping an hour, cancel them all, observe each one cancelled."""
import asyncio
from common import main

started = 0


async def sleeper():
    global started
    started += 1
    await asyncio.sleep(3600)


async def bench(p):
    global started
    started = 0
    n = p["n"]
    ts = [asyncio.create_task(sleeper()) for _ in range(n)]
    await asyncio.sleep(0)  # every task runs up to its sleep
    if started != n:
        raise RuntimeError(f"only {started}/{n} tasks were sleeping before cancel")
    for t in ts:
        t.cancel()
    c = 0
    for t in ts:
        try:
            await t
        except asyncio.CancelledError:
            if t.cancelled():
                c += 1
    return c


main(bench)
