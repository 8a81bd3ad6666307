"""(g)/(h) n acquire/release pairs shared by `tasks` tasks on asyncio.Lock (value 1) or
asyncio.Semaphore(value); each holder does one `await asyncio.sleep(0)` while holding.
Returns "completed:max-holders-seen"."""
import asyncio
from common import main


async def bench(p):
    n, T, V = p["n"], p["tasks"], p["value"]
    m = asyncio.Lock() if V == 1 else asyncio.Semaphore(V)
    per = n // T
    st = {"held": 0, "max": 0, "count": 0}
    sleep = asyncio.sleep

    async def worker():
        for _ in range(per):
            await m.acquire()
            st["held"] += 1
            if st["held"] > st["max"]:
                st["max"] = st["held"]
            st["count"] += 1
            await sleep(0)
            st["held"] -= 1
            m.release()

    ws = [asyncio.create_task(worker()) for _ in range(T)]
    for w in ws:
        await w
    return f"{st['count']}:{st['max']}"


main(bench)
