# Cancelling a task cancels what it waits on (its _fut_waiter): an awaited task (with the
# message), a gather (and through it the children), but not what a shield protects. A task whose
# awaited future is cancelled by someone else ends cancelled with cancelling() == 0.
import asyncio
from _trace import start_ticker, outcome, run


async def sleeper(name):
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError as e:
        print(f"{name} cancelled {str(e)!r}")
        raise


async def awaiter(name, aw):
    try:
        return await aw
    except asyncio.CancelledError as e:
        print(f"{name} cancelled {str(e)!r}")
        raise


async def main():
    stop = start_ticker()
    inner = asyncio.create_task(sleeper("inner"))
    outer = asyncio.create_task(awaiter("outer", inner))
    await asyncio.sleep(0)
    print(f"outer.cancel -> {outer.cancel('stop it')}")
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    print(f"inner {outcome(inner)} cancelling {inner.cancelling()}; outer {outcome(outer)} cancelling {outer.cancelling()}")

    a = asyncio.create_task(sleeper("a"))
    b = asyncio.create_task(sleeper("b"))
    g = asyncio.gather(a, b)
    outer = asyncio.create_task(awaiter("gather-awaiter", g))
    await asyncio.sleep(0)
    outer.cancel()
    for _ in range(3):
        await asyncio.sleep(0)
    print(f"a {outcome(a)} b {outcome(b)} gather {outcome(g)} awaiter {outcome(outer)}")

    protected = asyncio.create_task(sleeper("protected"))
    outer = asyncio.create_task(awaiter("shield-awaiter", asyncio.shield(protected)))
    await asyncio.sleep(0)
    outer.cancel()
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    print(f"protected {outcome(protected)} awaiter {outcome(outer)}")
    protected.cancel()
    await asyncio.sleep(0)

    fut = asyncio.get_running_loop().create_future()
    w = asyncio.create_task(awaiter("future-awaiter", fut))
    await asyncio.sleep(0)
    fut.cancel("fut msg")
    await asyncio.sleep(0)
    print(f"future-awaiter {outcome(w)} cancelling {w.cancelling()}")
    stop()


run(main())
