# A task waiting on a future is one of its done callbacks (its wakeup), registered when it
# awaits: on completion, plain callbacks and waiting tasks resume in registration order.
# remove_done_callback does not touch the waiters.
import asyncio
from _trace import start_ticker, run


async def main():
    stop = start_ticker()
    loop = asyncio.get_running_loop()
    fut = loop.create_future()

    async def waiter(name):
        v = await fut
        print(f"task {name} resumes with {v}")

    def cb(name):
        return lambda f: print(f"cb {name}")

    fut.add_done_callback(cb("1"))
    t1 = asyncio.create_task(waiter("A"))
    await asyncio.sleep(0)
    c2 = cb("2")
    fut.add_done_callback(c2)
    t2 = asyncio.create_task(waiter("B"))
    await asyncio.sleep(0)
    fut.add_done_callback(cb("3"))
    print(f"removed {fut.remove_done_callback(c2)}")
    fut.set_result("v")
    await asyncio.gather(t1, t2)
    print("main done")
    stop()


run(main())
