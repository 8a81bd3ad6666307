# loop.set_task_factory(eager_task_factory): create_task runs the first step at once;
# gather() and TaskGroup.create_task go through the factory too; a task that completes
# eagerly inside a TaskGroup is handled like any other child (a failure aborts the group at
# once).
import asyncio
from _trace import start_ticker, ename, outcome, run, Boom


async def quick(name):
    print(f"{name} runs")
    return name


async def hop(name):
    print(f"{name} step 1")
    await asyncio.sleep(0)
    print(f"{name} step 2")
    return name


async def main():
    stop = start_ticker()
    loop = asyncio.get_running_loop()
    loop.set_task_factory(asyncio.eager_task_factory)
    print(f"factory set: {loop.get_task_factory() is asyncio.eager_task_factory}")
    t = asyncio.create_task(quick("t"))
    print(f"after create_task: {outcome(t)}")
    h = asyncio.create_task(hop("h"))
    print(f"after create_task: {outcome(h)}")
    r = await asyncio.gather(quick("g1"), hop("g2"))
    print(f"gather -> {r}")
    await h

    async with asyncio.TaskGroup() as tg:
        a = tg.create_task(quick("tg-a"))
        print(f"tg-a {outcome(a)}")
        b = tg.create_task(hop("tg-b"))
        print(f"tg-b {outcome(b)}")
    print(f"group done: tg-b {outcome(b)}")

    async def fails():
        print("fails runs")
        raise Boom()

    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fails())
            print("body after eager failing child")
            tg.create_task(hop("after-fail"))
            print("body continues")
            await asyncio.sleep(0)
            print("not reached")
    except ExceptionGroup as eg:
        # the eagerly failed child aborts the group at once: the next create_task raises
        print(f"ExceptionGroup {[ename(e) for e in eg.exceptions]}")
    loop.set_task_factory(None)
    print(f"factory reset: {loop.get_task_factory()}")
    lazy = asyncio.create_task(quick("lazy"))
    print(f"after create_task: {outcome(lazy)}")
    await lazy
    stop()


run(main())
