# fut.set_result() in iteration 2 resumes the waiter in iteration 3, ahead of the setter's own
# sleep(0) continuation: the waiter's wakeup is queued by set_result (call_soon), the setter's
# step is queued afterwards by its bare yield.
import asyncio
from _trace import start_ticker, run


async def waiter(fut):
    print("waiter waits")
    v = await fut
    print(f"waiter got {v}")


async def setter(fut):
    print("setter sets")
    fut.set_result("x")
    print("setter after set_result")
    await asyncio.sleep(0)
    print("setter after sleep(0)")


async def main():
    stop = start_ticker()
    fut = asyncio.get_running_loop().create_future()
    w = asyncio.create_task(waiter(fut))
    await asyncio.sleep(0)
    s = asyncio.create_task(setter(fut))
    await asyncio.gather(w, s)
    print("main done")
    stop()


run(main())
