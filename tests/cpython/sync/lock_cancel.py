# Lock cancellation races: a waiter cancelled right after its wake-up passes the turn on; a
# cancelled first waiter leaves the lock free until it runs; all waiters cancelled lets a
# newcomer take the lock at once.
import asyncio
from _trace import start_ticker, nwait, outcome


async def main():
    stop = start_ticker()
    lock = asyncio.Lock()

    async def waiter(name):
        try:
            await lock.acquire()
        except asyncio.CancelledError:
            print(f"{name} cancelled (locked {lock.locked()})")
            raise
        print(f"{name} acquired")
        await asyncio.sleep(0)
        lock.release()
        print(f"{name} released")

    # 1. cancelled right after being woken
    await lock.acquire()
    a = asyncio.create_task(waiter("a"))
    b = asyncio.create_task(waiter("b"))
    await asyncio.sleep(0)
    lock.release()
    print(f"cancel a -> {a.cancel()} locked {lock.locked()}")
    await asyncio.sleep(0)
    print(f"waiters {nwait(lock)}")
    await asyncio.gather(a, b, return_exceptions=True)
    print(f"1: a {outcome(a)} b {outcome(b)} locked {lock.locked()}")

    # 2. first waiter cancelled (still pending) before the release
    await lock.acquire()
    c = asyncio.create_task(waiter("c"))
    d = asyncio.create_task(waiter("d"))
    await asyncio.sleep(0)
    print(f"cancel c -> {c.cancel()}")
    lock.release()
    print(f"released: locked {lock.locked()} waiters {nwait(lock)}")
    await asyncio.sleep(0)
    print(f"next iteration waiters {nwait(lock)}")
    await asyncio.gather(c, d, return_exceptions=True)
    print(f"2: c {outcome(c)} d {outcome(d)} locked {lock.locked()}")

    # 3. every waiter cancelled: a newcomer takes the lock at once
    await lock.acquire()
    e = asyncio.create_task(waiter("e"))
    f = asyncio.create_task(waiter("f"))
    await asyncio.sleep(0)
    e.cancel()
    f.cancel()
    lock.release()
    print(f"all cancelled, waiters {nwait(lock)}")
    await lock.acquire()
    print(f"newcomer acquired at once, waiters {nwait(lock)}")
    lock.release()
    await asyncio.gather(e, f, return_exceptions=True)
    print(f"3: e {outcome(e)} f {outcome(f)} locked {lock.locked()}")

    # 4. cancelled waiter in the middle
    await lock.acquire()
    g = asyncio.create_task(waiter("g"))
    h = asyncio.create_task(waiter("h"))
    i = asyncio.create_task(waiter("i"))
    await asyncio.sleep(0)
    h.cancel()
    await asyncio.sleep(0)
    print(f"waiters {nwait(lock)}")
    lock.release()
    await asyncio.gather(g, h, i, return_exceptions=True)
    print(f"4: g {outcome(g)} h {outcome(h)} i {outcome(i)} locked {lock.locked()}")
    stop()


asyncio.run(main())
