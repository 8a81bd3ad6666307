# Timers that come due in the same iteration run in deadline order, after the handles that were
# already ready; a timer cancelled by an earlier callback of the same batch does not run; a timer
# that a due callback adds with a past deadline waits for the next iteration. The loop is held
# past all the deadlines (VirtualTimeLoop.advance here, time.sleep() on a real clock;
# VirtualClock.advance in wasyncio).
import asyncio
from _trace import start_ticker, run


async def main():
    loop = asyncio.get_running_loop()
    hs = {}

    def cb(name):
        print(f"timer {name}")

    def canceller():
        print("timer t20 cancels t30")
        hs["t30"].cancel()
        loop.call_later(-1, cb, "added from t20")
        loop.call_soon(cb, "soon from t20")

    loop.call_later(0.04, cb, "t40")
    hs["t30"] = loop.call_later(0.03, cb, "t30")
    loop.call_later(0.02, canceller)
    loop.call_later(0.01, cb, "t10")
    loop.call_soon(cb, "soon (ready before the timers)")
    stop = start_ticker()
    loop.advance(0.1)  # the loop is held: time.sleep(0.1) on a real clock
    print("loop held past every deadline")
    await asyncio.sleep(0)
    print("main after sleep(0)")
    await asyncio.sleep(0)
    print("main after 2nd sleep(0)")
    stop()


run(main())
