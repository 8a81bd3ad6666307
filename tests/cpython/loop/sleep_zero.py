# sleep(delay<=0) is a bare yield: exactly one loop iteration; sleep(0, result) returns the
# result; a positive sleep waits for its timer (several iterations of other work can pass).
# A bare yield (wasyncio: `yield;` in a generator) is the same single iteration.
import asyncio
from _trace import start_ticker, run


class BareYield:
    def __await__(self):
        yield


async def other():
    for i in range(4):
        print(f"other {i}")
        await asyncio.sleep(0)


async def main():
    stop = start_ticker()
    t = asyncio.create_task(other())
    print("main sleep(0)")
    await asyncio.sleep(0)
    print("main sleep(-1)")
    await asyncio.sleep(-1)
    print(f"main sleep(0, 'r') -> {await asyncio.sleep(0, 'r')}")
    await BareYield()
    print("main after a bare yield")
    await t
    stop()
    print(f"main sleep(0.01, 'late') -> {await asyncio.sleep(0.01, 'late')}")


run(main())
