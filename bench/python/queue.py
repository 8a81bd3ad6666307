"""(e)/(f) n items through asyncio.Queue(maxsize) with P producers and C consumers."""
import asyncio
from common import main


async def bench(p):
    n, P, C = p["n"], p["producers"], p["consumers"]
    q = asyncio.Queue(p["maxsize"])
    per = n // C

    async def producer(k):
        put = q.put
        for i in range(k, n, P):
            await put(i)

    async def consumer():
        get = q.get
        s = 0
        for _ in range(per):
            s += await get()
        return s

    cs = [asyncio.create_task(consumer()) for _ in range(C)]
    ps = [asyncio.create_task(producer(k)) for k in range(P)]
    s = 0
    for c in cs:
        s += await c
    for t in ps:
        await t
    return s


main(bench)
