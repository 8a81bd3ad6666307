# Eager start edge cases: a coroutine that cancels its own task and returns without suspending
# is cancelled at creation; one that is cancelled (by itself) and then suspends on a pending
# future has that future cancelled; an eager task created from a plain callback (no current
# task) restores current_task() to None.
import asyncio
from _trace import start_ticker, outcome, run


async def main():
    stop = start_ticker()
    loop = asyncio.get_running_loop()

    async def cancel_and_return():
        asyncio.current_task().cancel()
        return "r"

    t = asyncio.Task(cancel_and_return(), loop=loop, eager_start=True)
    print(f"cancel and return: {outcome(t)}")

    fut = loop.create_future()

    async def cancel_and_wait():
        asyncio.current_task().cancel()
        await fut

    u = asyncio.Task(cancel_and_wait(), loop=loop, eager_start=True)
    print(f"cancel and wait: {outcome(u)} fut cancelled={fut.cancelled()}")
    await asyncio.sleep(0)
    print(f"cancel and wait: {outcome(u)}")

    def from_callback():
        async def body():
            print(f"eager body current is a task: {asyncio.current_task() is not None}")
            await asyncio.sleep(0)
            print("eager body step 2")

        e = asyncio.Task(body(), loop=loop, eager_start=True)
        print(f"callback after eager start: current_task={asyncio.current_task()} e {outcome(e)}")

    loop.call_soon(from_callback)
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    print("main done")
    stop()


run(main())
