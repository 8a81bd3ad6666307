# The coroutine side of wasyncio's async-function tasks (API.md: async functions get asyncio's
# cancellation, not its orderings, so this trace has no tick lines and every line is causally
# ordered by distinct timers or by an await): results, current_task(), cancellation at an
# await, a swallowed cancel, gather of several.
import asyncio
from _trace import outcome, run


async def main():
    async def worker(name, delay):
        print(f"{name} starts")
        await asyncio.sleep(delay)
        print(f"{name} woke")
        return name

    async def named():
        print(f"current task inside: {asyncio.current_task().get_name()}")
        await asyncio.sleep(0.01)
        print(f"current task after an await: {asyncio.current_task().get_name()}")
        return "named"

    print(f"w1 -> {await asyncio.create_task(worker('w1', 0.1))}")
    print(f"named -> {await asyncio.create_task(named(), name='the-task')}")

    async def sleeper():
        try:
            await asyncio.sleep(1)
        except asyncio.CancelledError:
            print("sleeper got CancelledError")
            raise

    s = asyncio.create_task(sleeper())
    await asyncio.sleep(0.05)
    print(f"cancel -> {s.cancel()}")
    try:
        await s
    except asyncio.CancelledError:
        print(f"sleeper {outcome(s)} cancelling {s.cancelling()}")

    async def swallower():
        try:
            await asyncio.sleep(1)
        except asyncio.CancelledError:
            print("swallower swallows")
        await asyncio.sleep(0.01)
        return "kept"

    w = asyncio.create_task(swallower())
    await asyncio.sleep(0.05)
    w.cancel()
    print(f"swallower -> {await w} cancelling {w.cancelling()}")

    r = await asyncio.gather(worker("g1", 0.03), worker("g2", 0.01))
    print(f"gather -> {r}")

    fut = asyncio.get_running_loop().create_future()
    asyncio.get_running_loop().call_later(0.02, fut.set_result, "from timer")

    async def awaits_future():
        return await fut

    print(f"future -> {await asyncio.create_task(awaits_future())}")


run(main())
