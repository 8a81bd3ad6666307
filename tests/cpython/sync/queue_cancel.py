# Queue cancellation races: a getter cancelled right after its wake-up passes the wake-up on, so
# the item reaches the next getter; the same for putters and a freed slot; a cancelled pending
# getter is dropped when put() looks for one to wake; no item is lost.
import asyncio
from _trace import start_ticker, outcome


async def main():
    stop = start_ticker()
    q = asyncio.Queue()

    async def getter(name):
        try:
            v = await q.get()
        except asyncio.CancelledError:
            print(f"{name} cancelled, qsize {q.qsize()}")
            raise
        print(f"{name} got {v}")
        return v

    a = asyncio.create_task(getter("a"))
    b = asyncio.create_task(getter("b"))
    await asyncio.sleep(0)
    q.put_nowait("x")
    print(f"cancel a -> {a.cancel()} getters {len(q._getters)}")
    await asyncio.gather(a, b, return_exceptions=True)
    print(f"a {outcome(a)} b {outcome(b)} qsize {q.qsize()}")

    c = asyncio.create_task(getter("c"))
    d = asyncio.create_task(getter("d"))
    await asyncio.sleep(0)
    c.cancel()
    print(f"getters {len(q._getters)}")
    q.put_nowait("y")
    print(f"after put getters {len(q._getters)}")
    await asyncio.gather(c, d, return_exceptions=True)
    print(f"c {outcome(c)} d {outcome(d)} qsize {q.qsize()}")

    # putters
    q = asyncio.Queue(1)
    q.put_nowait("full")

    async def putter(x):
        try:
            await q.put(x)
        except asyncio.CancelledError:
            print(f"putter {x} cancelled, qsize {q.qsize()}")
            raise
        print(f"putter {x} put, qsize {q.qsize()}")

    p1 = asyncio.create_task(putter("p1"))
    p2 = asyncio.create_task(putter("p2"))
    await asyncio.sleep(0)
    print(f"got {q.get_nowait()}")
    print(f"cancel p1 -> {p1.cancel()} putters {len(q._putters)}")
    await asyncio.gather(p1, p2, return_exceptions=True)
    print(f"p1 {outcome(p1)} p2 {outcome(p2)} items {[q.get_nowait() for _ in range(q.qsize())]}")

    # a getter woken, then the item taken by get_nowait, then the getter cancelled: nothing
    # to pass on
    q = asyncio.Queue()
    e = asyncio.create_task(getter("e"))
    f = asyncio.create_task(getter("f"))
    await asyncio.sleep(0)
    q.put_nowait("z")
    print(f"stolen {q.get_nowait()}")
    e.cancel()
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    print(f"e {outcome(e)} f {outcome(f)} getters {len(q._getters)}")
    q.put_nowait("w")
    await f
    print(f"f {outcome(f)}")
    stop()


asyncio.run(main())
