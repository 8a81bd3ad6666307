# outer.cancel() cancels every unfinished child and returns True; the outer future ends with
# CancelledError even with return_exceptions=True. A child's own cancellation makes the outer
# future fail with CancelledError (return_exceptions=False) without cancelling it or the other
# children. cancel() on a done gather returns False.
import asyncio
from _trace import start_ticker, outcome, run, worker


async def main():
    stop = start_ticker()
    for rex in (False, True):
        print(f"return_exceptions={rex}")
        a = asyncio.create_task(worker("a", 1))
        b = asyncio.create_task(worker("b", 5))
        g = asyncio.gather(a, b, return_exceptions=rex)
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        print(f"a {outcome(a)}")
        print(f"outer.cancel -> {g.cancel()}")
        try:
            r = await g
            print(f"gather returned {r}")
        except asyncio.CancelledError:
            print("gather raised CancelledError")
        print(f"outer {outcome(g)} a {outcome(a)} b {outcome(b)}")
        print(f"outer.cancel again -> {g.cancel()}")

    print("child cancellation")
    c = asyncio.create_task(worker("c", 5))
    d = asyncio.create_task(worker("d", 3))
    g = asyncio.gather(c, d)
    await asyncio.sleep(0)
    c.cancel()
    try:
        await g
    except asyncio.CancelledError:
        print("gather raised CancelledError")
    print(f"outer cancelled()={g.cancelled()} d {outcome(d)}")
    await d
    print(f"d {outcome(d)}")
    stop()


run(main())
