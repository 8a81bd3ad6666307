# A TaskGroup whose body is done and which waits for its children in __aexit__: cancelling the
# parent then aborts the group (the children are cancelled, their cleanup runs) and the group
# keeps waiting for them before raising CancelledError; a child that swallows the abort and
# returns is a normal result.
import asyncio
from _trace import start_ticker, outcome, run


async def child(name):
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print(f"{name} cancelled, cleaning up")
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        print(f"{name} cleanup done")
        raise


async def swallower(name):
    # silent: the group cancels its children in set order (unordered), so only one child prints
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        await asyncio.sleep(0)
    return name


async def main():
    stop = start_ticker()
    ts = {}

    async def parent():
        try:
            async with asyncio.TaskGroup() as tg:
                ts["a"] = tg.create_task(child("a"))
                ts["b"] = tg.create_task(swallower("b"))
                print("body done")
            print("not reached")
        except asyncio.CancelledError:
            print(f"parent CancelledError after children: a {outcome(ts['a'])} b {outcome(ts['b'])}")
            raise

    p = asyncio.create_task(parent())
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    print(f"cancel parent -> {p.cancel()}")
    try:
        await p
    except asyncio.CancelledError:
        print(f"parent {outcome(p)} cancelling {p.cancelling()}")
    stop()


run(main())
