# Task introspection: get_coro() is the coroutine given (None once an eager task finished at
# creation, 3.13); names; awaiting a failed task twice raises the same exception object;
# exception() of a cancelled task raises CancelledError; all_tasks() has the pending tasks only.
import asyncio
from _trace import ename, run, Boom


async def main():
    loop = asyncio.get_running_loop()
    me = asyncio.current_task()

    async def quick():
        return 1

    coro = quick()
    t = asyncio.create_task(coro, name="first")
    print(f"get_coro is coro: {t.get_coro() is coro}")
    print(f"name {t.get_name()}")
    t.set_name("renamed")
    print(f"name {t.get_name()}")
    await t
    print(f"after done get_coro is coro: {t.get_coro() is coro}")

    coro2 = quick()
    e = asyncio.Task(coro2, loop=loop, eager_start=True)
    print(f"eager done: get_coro is None: {e.get_coro() is None}")

    async def fails():
        raise Boom()

    f = asyncio.create_task(fails())
    errs = []
    for _ in range(2):
        try:
            await f
        except Boom as x:
            errs.append(x)
    print(f"same exception object: {errs[0] is errs[1]} and is exception(): {f.exception() is errs[0]}")

    async def forever():
        await asyncio.sleep(10)

    c = asyncio.create_task(forever())
    await asyncio.sleep(0)
    print(f"all_tasks has main={me in asyncio.all_tasks()} c={c in asyncio.all_tasks()} "
          f"done t={t in asyncio.all_tasks()} size={len(asyncio.all_tasks())}")
    c.cancel()
    await asyncio.sleep(0)
    try:
        c.exception()
    except asyncio.CancelledError:
        print("exception() of a cancelled task: CancelledError")
    print(f"all_tasks size={len(asyncio.all_tasks())}")


run(main())
