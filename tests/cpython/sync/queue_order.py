# Queue, LifoQueue, PriorityQueue: item order (priority ties FIFO: the Python items carry a
# sequence number, wasyncio breaks ties FIFO itself), maxsize and full(), put/get wake-ups, and
# no hand-off: a woken getter whose item was taken by get_nowait() first waits again.
import asyncio
from _trace import start_ticker, ename


async def main():
    stop = start_ticker()
    for cls in (asyncio.Queue, asyncio.LifoQueue):
        q = cls()
        for i in range(4):
            q.put_nowait(i)
        print(f"{cls.__name__}: {[q.get_nowait() for _ in range(4)]}")
    pq = asyncio.PriorityQueue()
    seq = 0
    for p, name in ((3, "c"), (1, "a1"), (2, "b"), (1, "a2"), (0, "z"), (1, "a3")):
        pq.put_nowait((p, seq, name))
        seq += 1
    print(f"PriorityQueue: {[pq.get_nowait()[2] for _ in range(6)]}")

    q = asyncio.Queue(2)
    print(f"maxsize {q.maxsize} empty {q.empty()} full {q.full()}")
    await q.put("a")
    await q.put("b")
    print(f"qsize {q.qsize()} full {q.full()}")
    try:
        q.put_nowait("c")
    except asyncio.QueueFull as e:
        print(f"put_nowait full -> {ename(e)}")

    async def putter(x):
        print(f"putter {x} waits")
        await q.put(x)
        print(f"putter {x} done, qsize {q.qsize()}")

    ps = [asyncio.create_task(putter(x)) for x in ("c", "d")]
    await asyncio.sleep(0)
    print(f"got {q.get_nowait()}")
    print(f"got {q.get_nowait()}")
    await asyncio.gather(*ps)
    print(f"items {[q.get_nowait() for _ in range(q.qsize())]}")
    try:
        q.get_nowait()
    except asyncio.QueueEmpty as e:
        print(f"get_nowait empty -> {ename(e)}")

    async def getter(name):
        print(f"{name} waits")
        v = await q.get()
        print(f"{name} got {v}")

    gs = [asyncio.create_task(getter(n)) for n in ("g1", "g2")]
    await asyncio.sleep(0)
    q.put_nowait(1)
    print(f"put 1, stolen by get_nowait -> {q.get_nowait()}")
    await asyncio.sleep(0)
    print(f"g1 waits again: qsize {q.qsize()}")
    q.put_nowait(2)
    q.put_nowait(3)
    await asyncio.gather(*gs)

    fq = asyncio.Queue(1.5)
    fq.put_nowait(1)
    print(f"maxsize 1.5: full {fq.full()}")
    fq.put_nowait(2)
    print(f"maxsize 1.5 after 2: full {fq.full()} qsize {fq.qsize()}")
    nq = asyncio.Queue(-1)
    for i in range(5):
        nq.put_nowait(i)
    print(f"maxsize -1: full {nq.full()} qsize {nq.qsize()}")
    stop()


asyncio.run(main())
