# Handle.cancel(): a cancelled handle does not run even when it is already in the ready queue;
# cancel() is idempotent; cancelled() reports it. Cancelling a timer handle from a callback that
# runs in the same iteration before it also prevents it.
import asyncio
from _trace import start_ticker, run


async def main():
    stop = start_ticker()
    loop = asyncio.get_running_loop()
    hs = {}

    def cb(name):
        print(f"cb {name}")

    def canceller():
        print("canceller runs")
        hs["b"].cancel()
        print(f"b cancelled={hs['b'].cancelled()}")

    loop.call_soon(canceller)
    hs["b"] = loop.call_soon(cb, "b")
    hs["c"] = loop.call_soon(cb, "c")
    print(f"c cancelled={hs['c'].cancelled()}")
    hs["c"].cancel()
    hs["c"].cancel()
    print(f"c cancelled={hs['c'].cancelled()}")
    loop.call_soon(cb, "d")
    await asyncio.sleep(0)
    print("main after sleep(0)")

    t = loop.call_later(0.05, cb, "timer")
    t.cancel()
    print(f"timer cancelled={t.cancelled()}")
    stop()
    await asyncio.sleep(0.1)
    print("main done")


run(main())
