# TaskGroup cancel-count bookkeeping (3.13): the group uncancels only the cancel it requested
# itself; a cancellation of the parent from outside survives the group (CancelledError
# propagates, cancelling() stays counted), also when a child failed at the same time.
import asyncio
from _trace import start_ticker, ename, outcome, run, Boom, worker


async def main():
    stop = start_ticker()

    # outside cancel of the parent while the group waits
    async def parent1():
        me = asyncio.current_task()
        try:
            async with asyncio.TaskGroup() as tg:
                tg.create_task(worker("p1-child", 5))
                await asyncio.sleep(10)
        except asyncio.CancelledError:
            print(f"parent1 CancelledError, cancelling {me.cancelling()}")
            raise

    t = asyncio.create_task(parent1())
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        pass
    print(f"parent1 {outcome(t)} cancelling {t.cancelling()}")

    # outside cancel arrives after a child failed (group already aborting)
    async def parent2():
        me = asyncio.current_task()
        try:
            async with asyncio.TaskGroup() as tg:
                tg.create_task(worker("p2-fail", 1, fail=True))
                tg.create_task(worker("p2-slow", 5))
                try:
                    await asyncio.sleep(10)
                except asyncio.CancelledError:
                    print(f"parent2 body cancelled, cancelling {me.cancelling()}")
                    me.cancel()  # a second, foreign request while the group is aborting
                    raise
        except ExceptionGroup as eg:
            print(f"parent2 ExceptionGroup {[ename(e) for e in eg.exceptions]}, cancelling {me.cancelling()}")
        except asyncio.CancelledError:
            print(f"parent2 CancelledError, cancelling {me.cancelling()}")
            raise
        try:
            await asyncio.sleep(0)
            print("parent2 not reached")
        except asyncio.CancelledError:
            print(f"parent2 re-cancelled at next await, cancelling {me.cancelling()}")
            raise

    t = asyncio.create_task(parent2())
    try:
        await t
    except asyncio.CancelledError:
        pass
    print(f"parent2 {outcome(t)} cancelling {t.cancelling()}")

    # the group's own cancel of the parent is uncancelled: parent can keep going
    async def parent3():
        me = asyncio.current_task()
        try:
            async with asyncio.TaskGroup() as tg:
                tg.create_task(worker("p3-fail", 1, fail=True))
                await asyncio.sleep(10)
        except ExceptionGroup:
            print(f"parent3 ExceptionGroup, cancelling {me.cancelling()}")
        await asyncio.sleep(0)
        print("parent3 continues")
        return "p3"

    print(f"parent3 -> {await asyncio.create_task(parent3())}")
    stop()


run(main())
