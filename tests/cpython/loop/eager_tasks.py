# Eager tasks (3.12+): the first step runs synchronously inside task creation, with
# current_task() set to the new task (and restored after); a coroutine that finishes without
# suspending gives a done task, never scheduled and not in all_tasks(); otherwise the task
# continues as a normal one. (wasyncio: createTask(coro, { eager: true }).)
import asyncio
from _trace import start_ticker, outcome, run, Boom


async def main():
    stop = start_ticker()
    loop = asyncio.get_running_loop()

    asyncio.current_task().set_name("main")

    def cur():
        return asyncio.current_task().get_name()

    async def quick():
        print(f"quick runs in {cur()}")
        return "q"

    print(f"before eager create, in {cur()}")
    t = asyncio.Task(quick(), loop=loop, eager_start=True, name="eager-quick")
    print(f"after eager create: {outcome(t)}, back in {cur()}")
    print(f"in all_tasks: {t in asyncio.all_tasks()}")
    print(f"await done eager -> {await t}")

    async def slow(label):
        print(f"{label} step 1 in {cur()}")
        await asyncio.sleep(0)
        print(f"{label} step 2 in {cur()}")
        return label

    s = asyncio.Task(slow("eager"), loop=loop, eager_start=True, name="eager-slow")
    print(f"after eager create slow: {outcome(s)} in all_tasks: {s in asyncio.all_tasks()}")
    lazy = asyncio.create_task(slow("lazy"), name="lazy-slow")
    print(f"lazy created: {outcome(lazy)}")
    print(f"eager -> {await s}")
    print(f"lazy -> {await lazy}")

    async def raises():
        print(f"raises runs in {cur()}")
        raise Boom()

    e = asyncio.Task(raises(), loop=loop, eager_start=True, name="eager-raises")
    print(f"eager raising: {outcome(e)}")

    async def cancels_itself():
        asyncio.current_task().cancel()
        await asyncio.sleep(0)
        print("not reached")

    c = asyncio.Task(cancels_itself(), loop=loop, eager_start=True, name="eager-cancel")
    print(f"eager self-cancel: {outcome(c)}")
    await asyncio.sleep(0)
    print(f"eager self-cancel: {outcome(c)}")
    stop()


run(main())
