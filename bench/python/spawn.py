"""(a) spawn and join n tasks; each child returns its index."""
import asyncio
from common import main


async def child(i):
    return i


async def bench(p):
    n = p["n"]
    ts = [asyncio.create_task(child(i)) for i in range(n)]
    s = 0
    for t in ts:
        s += await t
    return s


main(bench)
