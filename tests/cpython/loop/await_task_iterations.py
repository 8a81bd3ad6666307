# Iteration counting of awaits: `await create_task(returns_immediately())` takes 2 iterations
# (one for the child's step, one for the parent's wakeup); awaiting a done future or a bare
# coroutine takes 0; sleep(0) takes 1.
import asyncio
from _trace import start_ticker, run


async def returns_immediately():
    print("child runs")
    return 7


async def main():
    stop = start_ticker()
    print("main start")
    r = await asyncio.create_task(returns_immediately())
    print(f"main got {r} from task")
    fut = asyncio.get_running_loop().create_future()
    fut.set_result(3)
    r = await fut
    print(f"main got {r} from done future")
    r = await returns_immediately()
    print(f"main got {r} from bare coroutine")
    await asyncio.sleep(0)
    print("main after sleep(0)")
    t = asyncio.create_task(returns_immediately())
    await asyncio.sleep(0)
    print(f"main after sleep(0), task done={t.done()}")
    r = await t
    print(f"main got {r} from done task")
    stop()


run(main())
