# TaskGroup and timeout() together: the deadline passing while the group waits cancels the
# parent, the group aborts and timeout() converts; a child failing before the deadline and a
# deadline passing while the group waits for the children's cleanup; a timeout inside a child.
import asyncio
from _trace import ename, outcome, run, Boom


async def child(name, delay, cleanup=0.0, fail=False):
    try:
        await asyncio.sleep(delay)
    except asyncio.CancelledError:
        print(f"{name} cancelled")
        if cleanup:
            await asyncio.sleep(cleanup)
            print(f"{name} cleanup done")
        raise
    if fail:
        print(f"{name} raises")
        raise Boom(name)
    return name


async def main():
    me = asyncio.current_task()
    try:
        async with asyncio.timeout(0.1):
            async with asyncio.TaskGroup() as tg:
                tg.create_task(child("a", 1))
    except TimeoutError:
        print(f"1: TimeoutError, cancelling {me.cancelling()}")

    try:
        async with asyncio.timeout(0.1) as cm:
            async with asyncio.TaskGroup() as tg:
                tg.create_task(child("b", 1, cleanup=0.1))
                tg.create_task(child("c", 0.05, fail=True))
    except TimeoutError:
        print(f"2: TimeoutError, cancelling {me.cancelling()}")
    except ExceptionGroup as eg:
        print(f"2: ExceptionGroup {[ename(e) for e in eg.exceptions]}, expired={cm.expired()}, cancelling {me.cancelling()}")
    try:
        await asyncio.sleep(0)
        print("2: next await fine")
    except asyncio.CancelledError:
        print("2: next await CancelledError")
        me.uncancel()

    async def timed_child():
        try:
            async with asyncio.timeout(0.05):
                await asyncio.sleep(1)
        except TimeoutError:
            print("child's own timeout: TimeoutError")
            return "recovered"

    async with asyncio.TaskGroup() as tg:
        t = tg.create_task(timed_child())
        s = tg.create_task(child("sibling", 0.1))
    print(f"3: {outcome(t)} {outcome(s)}, cancelling {me.cancelling()}")


run(main())
