# create_task() schedules the first step with call_soon: the child runs on the next loop
# iteration, after everything that was already ready, and not inside create_task().
import asyncio
from _trace import start_ticker, run


async def child(name):
    print(f"{name} step 1")
    await asyncio.sleep(0)
    print(f"{name} step 2")


async def main():
    stop = start_ticker()
    print("main before create_task")
    a = asyncio.create_task(child("a"))
    print("main after create_task a")
    b = asyncio.create_task(child("b"))
    print("main after create_task b")
    await asyncio.sleep(0)
    print("main after sleep(0)")
    c = asyncio.create_task(child("c"))
    print("main after create_task c")
    await asyncio.gather(a, b, c)
    print("main done")
    stop()


run(main())
