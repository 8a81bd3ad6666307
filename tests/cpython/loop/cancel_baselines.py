# timeout() and TaskGroup compare cancelling() with the value at entry: a task that swallowed
# a cancel earlier (cancelling() == 1) still gets TimeoutError from its own timeout; a
# TaskGroup in such a task still raises its ExceptionGroup, and then (3.13) the pending cancel
# is re-armed, so the next await raises CancelledError.
import asyncio
from _trace import ename, run, Boom


async def main():
    async def with_timeout():
        me = asyncio.current_task()
        try:
            await asyncio.sleep(1)
        except asyncio.CancelledError:
            print(f"swallowed a cancel, cancelling {me.cancelling()}")
        try:
            async with asyncio.timeout(0.1):
                await asyncio.sleep(1)
        except TimeoutError:
            print(f"timeout: TimeoutError, cancelling {me.cancelling()}")
        return "done"

    t = asyncio.create_task(with_timeout())
    await asyncio.sleep(0.05)
    t.cancel()
    print(f"with_timeout -> {await t}")

    async def fail():
        await asyncio.sleep(0.01)
        raise Boom()

    async def with_group():
        me = asyncio.current_task()
        try:
            await asyncio.sleep(1)
        except asyncio.CancelledError:
            print(f"swallowed a cancel, cancelling {me.cancelling()}")
        try:
            async with asyncio.TaskGroup() as tg:
                tg.create_task(fail())
                await asyncio.sleep(1)
        except ExceptionGroup as eg:
            print(f"group: ExceptionGroup {[ename(e) for e in eg.exceptions]}, cancelling {me.cancelling()}")
        except asyncio.CancelledError:
            print(f"group: CancelledError, cancelling {me.cancelling()}")
            raise
        try:
            await asyncio.sleep(0)
            print("after group: no cancel")
        except asyncio.CancelledError:
            print(f"after group: CancelledError, cancelling {me.cancelling()}")
            raise
        return "done"

    t = asyncio.create_task(with_group())
    await asyncio.sleep(0.05)
    t.cancel()
    try:
        print(f"with_group -> {await t}")
    except asyncio.CancelledError:
        print(f"with_group cancelled, cancelling {t.cancelling()}")


run(main())
