# wait_for edge cases: an inner coroutine that raises another exception while being cancelled
# (that exception propagates, not TimeoutError); a done task; an inner coroutine that swallows
# the cancellation of the wait_for caller and returns: the caller gets the value and goes on
# (with cancelling() still 1).
import asyncio
from _trace import ename, outcome, run, Boom


async def raises_on_cancel():
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError:
        print("inner converts its cancel to Boom")
        raise Boom()


async def swallows_forever(name):
    try:
        await asyncio.sleep(0.3)
    except asyncio.CancelledError:
        print(f"{name} swallows")
    await asyncio.sleep(0.05)
    print(f"{name} returns")
    return name


async def main():
    try:
        await asyncio.wait_for(raises_on_cancel(), 0.1)
    except Boom:
        print("wait_for raised Boom")
    except TimeoutError:
        print("wait_for raised TimeoutError")

    async def quick():
        return "quick"

    t = asyncio.create_task(quick())
    await asyncio.sleep(0)
    print(f"done task -> {await asyncio.wait_for(t, 0.1)}")

    async def caller():
        try:
            r = await asyncio.wait_for(swallows_forever("inner"), 1)
            print(f"caller got {r}")
            return r
        except asyncio.CancelledError:
            print("caller CancelledError")
            raise

    c = asyncio.create_task(caller())
    await asyncio.sleep(0.1)
    c.cancel()
    try:
        await c
    except asyncio.CancelledError:
        pass
    print(f"caller {outcome(c)} cancelling {c.cancelling()}")


run(main())
