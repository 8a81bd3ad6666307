# Handle/TimerHandle after they ran: cancel() is allowed and marks them cancelled; when() of a
# call_at handle is its deadline, of call_later(0) the current time; a done callback added
# from inside a done callback of the same future is queued for the next iteration.
import asyncio
from _trace import start_ticker, run


async def main():
    stop = start_ticker()
    loop = asyncio.get_running_loop()
    h = loop.call_soon(print, "soon ran")
    await asyncio.sleep(0)
    print(f"ran: cancelled={h.cancelled()}")
    h.cancel()
    print(f"cancel after run: cancelled={h.cancelled()}")

    t0 = loop.time()
    th = loop.call_at(t0 + 0.25, print, "timer ran")
    print(f"when-t0 {round((th.when() - t0) * 1000)}")
    z = loop.call_later(0, print, "later 0 ran")
    print(f"later 0: when-t0 {round((z.when() - t0) * 1000)}")
    stop()
    await asyncio.sleep(0.3)
    th.cancel()
    print(f"timer cancel after run: cancelled={th.cancelled()}")

    stop = start_ticker()
    fut = loop.create_future()

    def outer_cb(f):
        print("outer cb, adds inner cb")
        f.add_done_callback(lambda f2: print("inner cb"))

    fut.add_done_callback(outer_cb)
    fut.add_done_callback(lambda f: print("second cb"))
    fut.set_result(1)
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    print("main done")
    stop()


run(main())
