# TaskGroup.create_task raises RuntimeError after the group exited ("is finished") and while it
# is aborting ("is shutting down"); in 3.13 the coroutine is closed (never runs).
# (create_task before entering has no wasyncio equivalent: taskGroup() hands out the group
# already entered.)
import asyncio
from _trace import ename, run, Boom


async def never(name):
    print(f"{name} runs (not expected)")


async def fail():
    raise Boom()


async def main():
    async with asyncio.TaskGroup() as tg:
        tg.create_task(asyncio.sleep(0))
    try:
        tg.create_task(never("after exit"))
    except RuntimeError as e:
        print(f"after exit: {ename(e)}")

    async with asyncio.TaskGroup() as empty:
        pass
    try:
        empty.create_task(never("after empty exit"))
    except RuntimeError as e:
        print(f"after empty exit: {ename(e)}")

    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fail())
            try:
                await asyncio.sleep(1)
            except asyncio.CancelledError:
                try:
                    tg.create_task(never("while aborting"))
                except RuntimeError as e:
                    print(f"while aborting: {ename(e)}")
                raise
    except ExceptionGroup as eg:
        print(f"ExceptionGroup {[ename(e) for e in eg.exceptions]}")
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    print("done")


run(main())
