# The coroutine side of mixing wasyncio's generator tasks and async-function tasks (in the
# TS twin, the functions named *_async are async functions, the others generators): a
# generator task awaiting an async task, cancelled, cancels it; wait_for on an async task
# cancels it at the deadline; a TaskGroup of async children aborts on the first error. Every
# line is ordered causally (no ticks: async functions do not get asyncio's orderings).
import asyncio
from _trace import ename, outcome, run, Boom


async def sleeper_async(name, delay):
    try:
        await asyncio.sleep(delay)
    except asyncio.CancelledError:
        print(f"{name} cancelled")
        raise
    return name


async def failer_async(delay):
    await asyncio.sleep(delay)
    raise Boom("async")


async def main():
    inner = asyncio.create_task(sleeper_async("async inner", 1))

    async def outer_gen():
        try:
            return await inner
        except asyncio.CancelledError:
            print("generator outer cancelled")
            raise

    outer = asyncio.create_task(outer_gen())
    await asyncio.sleep(0.05)
    outer.cancel()
    await asyncio.gather(outer, return_exceptions=True)
    print(f"outer {outcome(outer)} inner {outcome(inner)}")

    t = asyncio.create_task(sleeper_async("async waited", 1))
    try:
        await asyncio.wait_for(t, 0.1)
    except TimeoutError:
        print(f"wait_for: TimeoutError, task {outcome(t)}")

    try:
        async with asyncio.TaskGroup() as tg:
            s = tg.create_task(sleeper_async("async sibling", 1))
            tg.create_task(failer_async(0.05))
    except ExceptionGroup as eg:
        print(f"ExceptionGroup {[ename(e) for e in eg.exceptions]}, sibling {outcome(s)}")

    r = await asyncio.gather(sleeper_async("g-async", 0.02), asyncio.create_task(sleeper_async("g-task", 0.01)))
    print(f"gather -> {r}")


run(main())
