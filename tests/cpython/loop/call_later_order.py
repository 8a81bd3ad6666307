# Timers fire in deadline order (distinct deadlines), after the handles already ready; call_at
# takes an absolute loop.time(); a timer callback's own call_soon runs in the next iteration.
# Python seconds = wasyncio milliseconds / 1000.
import asyncio
from _trace import run


async def main():
    loop = asyncio.get_running_loop()
    done = loop.create_future()
    t0 = loop.time()

    def cb(name):
        print(f"timer {name}")

    loop.call_later(0.3, cb, "c 300")
    loop.call_later(0.1, cb, "a 100")
    loop.call_at(t0 + 0.2, cb, "b at+200")
    loop.call_later(0.05, lambda: (print("timer z 50"), loop.call_soon(cb, "soon from z")))
    loop.call_later(0.4, lambda: done.set_result(None))
    h = loop.call_later(0.15, cb, "cancelled 150")
    print(f"when-now ~ {round((h.when() - t0) * 1000)}")
    loop.call_soon(cb, "soon 0")
    loop.call_later(0, cb, "later 0")
    loop.call_later(-5, cb, "later -5")
    h.cancel()
    print("main waits")
    await done
    print("main done")


run(main())
