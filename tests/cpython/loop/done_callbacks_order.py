# A future's done callbacks are call_soon-ed in registration order at the moment it completes,
# so they interleave with other call_soon calls made around that time. They never run
# synchronously; adding one to a done future also call_soon-s it. remove_done_callback returns
# the number removed.
import asyncio
from _trace import start_ticker, run


async def main():
    stop = start_ticker()
    loop = asyncio.get_running_loop()
    fut = loop.create_future()

    def cb(name):
        return lambda f: print(f"cb {name} sees {f.result()}")

    def soon(name):
        return lambda: print(f"soon {name}")

    cb1, cb2, cb3, cb4 = cb("1"), cb("2"), cb("3"), cb("4")
    fut.add_done_callback(cb1)
    fut.add_done_callback(cb2)
    fut.add_done_callback(cb3)
    fut.add_done_callback(cb3)
    print(f"removed {fut.remove_done_callback(cb3)}")
    fut.add_done_callback(cb4)
    loop.call_soon(soon("A"))
    fut.set_result(42)
    print("after set_result")
    loop.call_soon(soon("B"))
    fut.add_done_callback(cb("late"))
    loop.call_soon(soon("C"))
    print(f"removed after done {fut.remove_done_callback(cb1)}")
    await asyncio.sleep(0)
    print("main after sleep(0)")
    await asyncio.sleep(0)
    print("main after 2nd sleep(0)")

    # a task's own callbacks: queued when the task completes, like any future's
    async def child():
        print("child returns")
        return "c"

    t = asyncio.create_task(child())
    t.add_done_callback(lambda f: print(f"task cb sees {f.result()}"))
    loop.call_soon(soon("D"))
    await t
    print("main after await task")
    stop()


run(main())
