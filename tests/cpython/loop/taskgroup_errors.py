# TaskGroup: the first child error cancels the other children and the body's pending await;
# __aexit__ waits for every child, then raises ExceptionGroup with every child error (and the
# body's own non-cancel error); children that end cancelled are not errors.
import asyncio
from _trace import start_ticker, ename, outcome, run, Boom, worker


async def main():
    stop = start_ticker()
    me = asyncio.current_task()
    ts = {}
    try:
        async with asyncio.TaskGroup() as tg:
            ts["a"] = tg.create_task(worker("a", 5))
            ts["b"] = tg.create_task(worker("b", 1, fail=True))
            ts["c"] = tg.create_task(worker("c", 1, fail=True))
            ts["d"] = tg.create_task(worker("d", 0))
            try:
                await asyncio.sleep(10)
            except asyncio.CancelledError:
                print(f"body cancelled, cancelling {me.cancelling()}")
                raise
    except ExceptionGroup as eg:
        print(f"ExceptionGroup {[ename(e) + ' ' + str(e) for e in eg.exceptions]}")
    print(" ".join(f"{n} {outcome(t)}" for n, t in ts.items()))
    print(f"after group cancelling {me.cancelling()}")

    # the body raises: children are cancelled, the body's error is in the group
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(worker("e", 3))
            await asyncio.sleep(0)
            print("body raises")
            raise Boom("body")
    except ExceptionGroup as eg:
        print(f"ExceptionGroup {[ename(e) + ' ' + str(e) for e in eg.exceptions]}")

    # a child cancelled by someone else is not an error
    async with asyncio.TaskGroup() as tg:
        f = tg.create_task(worker("f", 3))
        g = tg.create_task(worker("g", 2))
        await asyncio.sleep(0)
        f.cancel()
    print(f"group exits normally: f {outcome(f)} g {outcome(g)}")

    # a group with no error returns the body's flow; results in tasks
    async with asyncio.TaskGroup() as tg:
        h = tg.create_task(worker("h", 1))
    print(f"h {outcome(h)} cancelling {me.cancelling()}")
    stop()


run(main())
