# wait_for (3.12+: `async with timeout(): return await fut`): on timeout the inner task is
# cancelled and awaited to completion before TimeoutError; an inner task that swallows the
# cancel and returns gives that value; timeout<=0 does not start a coroutine; a done future's
# result comes back at once; cancelling the caller cancels the inner task.
import asyncio
from _trace import ename, run


async def slow(name, delay, cleanup=0.0):
    try:
        await asyncio.sleep(delay)
        print(f"{name} finishes")
        return name
    except asyncio.CancelledError:
        print(f"{name} cancelled")
        if cleanup:
            await asyncio.sleep(cleanup)
            print(f"{name} cleanup done")
        raise


async def swallower():
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError:
        print("swallower swallows")
        await asyncio.sleep(0.05)
        return "swallowed value"


async def started(name):
    print(f"{name} started")
    return name


async def main():
    loop = asyncio.get_running_loop()
    print(f"fast -> {await asyncio.wait_for(slow('fast', 0.05), 0.2)}")
    try:
        await asyncio.wait_for(slow("timed", 0.5, cleanup=0.05), 0.1)
    except TimeoutError as e:
        print(f"TimeoutError cause {ename(e.__cause__)}")
    print(f"swallow -> {await asyncio.wait_for(swallower(), 0.1)}")
    print(f"none -> {await asyncio.wait_for(slow('none', 0.05), None)}")

    for t in (0, -1):
        try:
            await asyncio.wait_for(started(f"zero{t}"), t)
        except TimeoutError:
            print(f"timeout={t}: TimeoutError")
    fut = loop.create_future()
    fut.set_result("ready")
    print(f"done future, timeout=0 -> {await asyncio.wait_for(fut, 0)}")
    pending = loop.create_future()
    try:
        await asyncio.wait_for(pending, 0)
    except TimeoutError:
        print(f"pending future, timeout=0: TimeoutError, future cancelled={pending.cancelled()}")

    inner = asyncio.create_task(slow("inner", 1))

    async def caller():
        try:
            await asyncio.wait_for(inner, 0.5)
        except asyncio.CancelledError:
            print("caller cancelled")
            raise

    c = asyncio.create_task(caller())
    await asyncio.sleep(0.05)
    c.cancel()
    try:
        await c
    except asyncio.CancelledError:
        pass
    print(f"inner cancelled={inner.cancelled()}")


run(main())
