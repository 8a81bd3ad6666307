# Cancelled right after being woken: the future the task waits on is already done, so the
# task's next step throws CancelledError instead of delivering the future's result.
import asyncio
from _trace import start_ticker, outcome, run


async def main():
    stop = start_ticker()
    fut = asyncio.get_running_loop().create_future()

    async def waiter():
        try:
            v = await fut
            print(f"waiter got {v}")
        except asyncio.CancelledError:
            print("waiter got CancelledError")
            raise

    w = asyncio.create_task(waiter())
    await asyncio.sleep(0)
    fut.set_result("value")
    print(f"cancel -> {w.cancel()}")
    await asyncio.sleep(0)
    print(f"w {outcome(w)} fut {outcome(fut)}")

    # same, but the task swallows the CancelledError and returns
    fut2 = asyncio.get_running_loop().create_future()

    async def swallower():
        try:
            await fut2
            return "not reached"
        except asyncio.CancelledError:
            print("swallower got CancelledError")
            return "swallowed"

    s = asyncio.create_task(swallower())
    await asyncio.sleep(0)
    fut2.set_result("value")
    print(f"cancel -> {s.cancel()}")
    await asyncio.sleep(0)
    print(f"s {outcome(s)} cancelling {s.cancelling()}")
    stop()


run(main())
