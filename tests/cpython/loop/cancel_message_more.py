# More cancel() details: cancel(msg) through gather and shield; a second cancel(msg2) while the
# first is on its way delivers the first message (the waiter was cancelled with it); uncancel()
# to 0 does not stop a cancellation already sent to the awaited future (it arrives anyway).
import asyncio
from _trace import start_ticker, outcome, run


async def sleeper(name):
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError as e:
        print(f"{name} got CancelledError {str(e)!r}")
        raise


async def main():
    stop = start_ticker()
    a = asyncio.create_task(sleeper("a"))
    b = asyncio.create_task(sleeper("b"))
    g = asyncio.gather(a, b)
    await asyncio.sleep(0)
    print(f"gather.cancel('gm') -> {g.cancel('gm')}")
    try:
        await g
    except asyncio.CancelledError as e:
        print(f"gather raised CancelledError {str(e)!r}")

    inner = asyncio.create_task(sleeper("inner"))
    sh = asyncio.shield(inner)
    await asyncio.sleep(0)
    sh.cancel("sm")
    try:
        await sh
    except asyncio.CancelledError as e:
        print(f"shield raised CancelledError {str(e)!r}, inner {outcome(inner)}")
    inner.cancel()
    await asyncio.sleep(0)

    t = asyncio.create_task(sleeper("twice"))
    await asyncio.sleep(0)
    print(f"cancel('first') -> {t.cancel('first')}")
    print(f"cancel('second') -> {t.cancel('second')}")
    try:
        await t
    except asyncio.CancelledError as e:
        print(f"await twice: CancelledError {str(e)!r}, cancelling {t.cancelling()}")

    u = asyncio.create_task(sleeper("uncancelled"))
    await asyncio.sleep(0)
    u.cancel("sent")
    print(f"uncancel -> {u.uncancel()}")
    try:
        await u
    except asyncio.CancelledError:
        pass
    print(f"u {outcome(u)} cancelling {u.cancelling()}")
    stop()


run(main())
