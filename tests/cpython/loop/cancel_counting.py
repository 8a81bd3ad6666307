# Task.cancel() always returns True while the task is not done (even repeated), counts requests
# in cancelling(); uncancel() decrements (never below 0) and, in 3.13, clears the pending
# must-cancel at 0, so a task cancelled before its first step and then uncancelled runs
# normally. cancel() on a done task returns False.
import asyncio
from _trace import start_ticker, outcome, run


async def body(name):
    print(f"{name} runs")
    await asyncio.sleep(0)
    print(f"{name} finishes")
    return name


async def main():
    stop = start_ticker()
    t = asyncio.create_task(body("t"))
    print(f"cancel -> {t.cancel()}")
    print(f"cancel -> {t.cancel()}")
    print(f"cancel -> {t.cancel()}")
    print(f"cancelling {t.cancelling()}")
    print(f"uncancel -> {t.uncancel()}")
    print(f"uncancel -> {t.uncancel()}")
    print(f"cancelling {t.cancelling()}")
    try:
        await t
    except asyncio.CancelledError:
        print("t raised CancelledError")
    print(f"t {outcome(t)} cancelling {t.cancelling()}")
    print(f"cancel done -> {t.cancel()}")
    print(f"uncancel done -> {t.uncancel()}")

    u = asyncio.create_task(body("u"))
    print(f"cancel -> {u.cancel()}")
    print(f"uncancel -> {u.uncancel()}")
    print(f"uncancel -> {u.uncancel()}")
    print(f"u awaited -> {await u}")
    print(f"u {outcome(u)} cancelling {u.cancelling()}")
    print(f"cancel done -> {u.cancel()}")

    # a task that waits on a future: cancel() cancels the future it waits on
    fut = asyncio.get_running_loop().create_future()

    async def waiter():
        try:
            await fut
        except asyncio.CancelledError:
            print("waiter got CancelledError")
            raise

    w = asyncio.create_task(waiter())
    await asyncio.sleep(0)
    print(f"cancel waiter -> {w.cancel()} fut cancelled={fut.cancelled()}")
    print(f"cancel waiter -> {w.cancel()} cancelling {w.cancelling()}")
    await asyncio.sleep(0)
    print(f"w {outcome(w)} cancelling {w.cancelling()}")

    # a task ends cancelled without any cancel() of its own (the future it awaits is cancelled
    # by someone else): cancelling() stays 0; one cancel() of a sleeping task leaves 1
    fut2 = asyncio.get_running_loop().create_future()

    async def plain_waiter():
        await fut2

    v = asyncio.create_task(plain_waiter())
    s = asyncio.create_task(asyncio.sleep(3600))
    await asyncio.sleep(0)
    fut2.cancel()
    s.cancel()
    await asyncio.sleep(0)
    print(f"v {outcome(v)} cancelling {v.cancelling()} uncancel -> {v.uncancel()}")
    print(f"s {outcome(s)} cancelling {s.cancelling()} uncancel -> {s.uncancel()} cancelling {s.cancelling()}")
    stop()


run(main())
