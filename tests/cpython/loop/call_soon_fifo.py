# call_soon is FIFO; only the handles ready at the start of an iteration run in it: a callback
# queued by a running callback waits for the next iteration.
import asyncio
from _trace import start_ticker, run


async def main():
    stop = start_ticker()
    loop = asyncio.get_running_loop()

    def cb(name, depth):
        print(f"cb {name} depth {depth}")
        if depth < 2:
            loop.call_soon(cb, name + "'", depth + 1)

    loop.call_soon(cb, "a", 0)
    loop.call_soon(cb, "b", 0)
    loop.call_soon(print, "print with args", 1, 2)
    loop.call_soon(cb, "c", 1)
    print("main queued")
    for i in range(4):
        await asyncio.sleep(0)
        print(f"main resumed {i}")
    stop()


run(main())
