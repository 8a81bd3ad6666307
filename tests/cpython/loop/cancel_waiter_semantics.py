# Where cancel() lands (tasks.py __step / cancel):
# 1. a task cancels itself and then awaits a pending future: the future is cancelled at once;
# 2. a task cancels itself and awaits a done future: no suspension, it goes on; the cancel
#    lands at its next real suspension;
# 3. cancelling a task that awaits a task which swallows the cancel and returns: the outer task
#    gets that value (the cancel went to its waiter), cancelling() stays 1.
import asyncio
from _trace import start_ticker, outcome, run


async def main():
    stop = start_ticker()
    loop = asyncio.get_running_loop()

    fut = loop.create_future()

    async def self_then_await():
        asyncio.current_task().cancel()
        print("cancelled self, awaiting a pending future")
        try:
            await fut
        except asyncio.CancelledError:
            print(f"got CancelledError, future cancelled={fut.cancelled()}")
            raise

    t = asyncio.create_task(self_then_await())
    await asyncio.sleep(0)
    print(f"after one iteration: fut cancelled={fut.cancelled()} t {outcome(t)}")
    await asyncio.sleep(0)
    print(f"t {outcome(t)}")

    done = loop.create_future()
    done.set_result("d")

    async def self_then_done():
        asyncio.current_task().cancel()
        v = await done
        print(f"awaited done future: {v}, still running")
        try:
            await asyncio.sleep(0)
            print("not reached")
        except asyncio.CancelledError:
            print("CancelledError at the next suspension")
            raise

    t = asyncio.create_task(self_then_done())
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    print(f"t {outcome(t)}")

    async def swallower():
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            print("inner swallows")
        return "inner value"

    async def outer_fn(inner):
        v = await inner
        print(f"outer got {v}, cancelling {asyncio.current_task().cancelling()}")
        await asyncio.sleep(0)
        print("outer goes on")
        return v

    inner = asyncio.create_task(swallower())
    outer = asyncio.create_task(outer_fn(inner))
    await asyncio.sleep(0)
    print(f"outer.cancel -> {outer.cancel()}")
    for _ in range(4):
        await asyncio.sleep(0)
    print(f"inner {outcome(inner)} cancelling {inner.cancelling()}; outer {outcome(outer)} cancelling {outer.cancelling()}")
    stop()


run(main())
