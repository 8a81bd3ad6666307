# Event: set() wakes every waiter, even if clear() runs before they do; a cancelled waiter just
# leaves. Condition: FIFO notify(n), notify_all, re-acquire before returning (also when
# cancelled), a notify racing a cancellation passed on (3.13), wait_for, misuse.
import asyncio
from _trace import start_ticker, nwait, outcome, ename


async def main():
    stop = start_ticker()
    ev = asyncio.Event()

    async def ewaiter(name):
        try:
            r = await ev.wait()
            print(f"{name} woke {r} is_set {ev.is_set()}")
        except asyncio.CancelledError:
            print(f"{name} cancelled")
            raise

    ts = [asyncio.create_task(ewaiter(n)) for n in ("e1", "e2", "e3")]
    await asyncio.sleep(0)
    ts[1].cancel()
    print(f"waiters {nwait(ev)}")
    ev.set()
    ev.clear()
    print(f"set+clear: is_set {ev.is_set()} waiters {nwait(ev)}")
    await asyncio.gather(*ts, return_exceptions=True)
    print(f"event: {[outcome(t) for t in ts]} waiters {nwait(ev)}")
    ev.set()
    print(f"wait on set -> {await ev.wait()}")

    cond = asyncio.Condition()

    async def cwaiter(name):
        async with cond:
            print(f"{name} waits")
            try:
                r = await cond.wait()
                print(f"{name} notified {r} locked {cond.locked()}")
            except asyncio.CancelledError:
                print(f"{name} cancelled, locked {cond.locked()}")
                raise

    cs = [asyncio.create_task(cwaiter(f"c{i}")) for i in range(4)]
    await asyncio.sleep(0)
    print(f"cond waiters {nwait(cond)} locked {cond.locked()}")
    async with cond:
        cond.notify(2)
        print(f"notified 2, waiters {nwait(cond)}")
    await asyncio.sleep(0)
    print("after release")
    await asyncio.sleep(0)
    async with cond:
        cond.notify_all()
    await asyncio.gather(*cs)
    print(f"cond waiters {nwait(cond)} locked {cond.locked()}")

    # a notify racing a cancellation: the notified waiter is cancelled before it runs; the
    # wake-up passes to the next waiter (3.13 _notify(1) on the error path)
    ds = [asyncio.create_task(cwaiter(f"d{i}")) for i in range(3)]
    await asyncio.sleep(0)
    async with cond:
        cond.notify(1)
        print(f"cancel d0 -> {ds[0].cancel()}")
    for _ in range(4):
        await asyncio.sleep(0)
    print(f"d: {[outcome(t) for t in ds]} waiters {nwait(cond)}")
    async with cond:
        cond.notify_all()
    await asyncio.gather(*ds, return_exceptions=True)
    print(f"d: {[outcome(t) for t in ds]}")

    # cancelled while re-acquiring: the lock is still re-acquired before the error propagates
    async def holder_then_cancel():
        async with cond:
            print("x waits")
            try:
                await cond.wait()
            except asyncio.CancelledError:
                print(f"x cancelled, locked {cond.locked()}")
                raise
    x = asyncio.create_task(holder_then_cancel())
    await asyncio.sleep(0)
    await cond.acquire()
    cond.notify()
    await asyncio.sleep(0)
    print(f"cancel x while it re-acquires -> {x.cancel()}")
    await asyncio.sleep(0)
    print(f"x {outcome(x)}")
    cond.release()
    await asyncio.gather(x, return_exceptions=True)
    print(f"x {outcome(x)} locked {cond.locked()}")

    # wait_for
    state = {"n": 0}

    async def pred_waiter():
        async with cond:
            r = await cond.wait_for(lambda: state["n"] >= 2 and state["n"])
            print(f"wait_for -> {r}")
    p = asyncio.create_task(pred_waiter())
    for _ in range(3):
        await asyncio.sleep(0)
        async with cond:
            state["n"] += 1
            print(f"n = {state['n']}")
            cond.notify()
    await p
    print(f"true predicate without lock -> {await cond.wait_for(lambda: 'yes')}")

    for what, fn in (("notify", lambda: cond.notify()), ("notify_all", lambda: cond.notify_all())):
        try:
            fn()
        except RuntimeError as e:
            print(f"{what} unlocked -> {ename(e)}")
    try:
        await cond.wait()
    except RuntimeError as e:
        print(f"wait unlocked -> {ename(e)}")
    stop()


asyncio.run(main())
