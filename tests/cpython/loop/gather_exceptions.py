# gather(return_exceptions=False): the first exception is set on the outer future at once and
# the other children keep running. return_exceptions=True: exceptions, and a CancelledError for
# a cancelled child, appear in the result list.
import asyncio
from _trace import start_ticker, ename, run, Boom, worker


async def main():
    stop = start_ticker()
    a = asyncio.create_task(worker("a", 3))
    try:
        await asyncio.gather(a, worker("b", 1, fail=True), worker("c", 2, fail=True))
    except Boom as e:
        print(f"gather raised Boom {e}")
    print(f"a done={a.done()}")
    await a
    print(f"a done={a.done()}")

    c = asyncio.create_task(worker("cancelled-child", 5))
    g = asyncio.gather(worker("x", 1), worker("y", 2, fail=True), c, return_exceptions=True)
    await asyncio.sleep(0)
    c.cancel()
    r = await g
    print(f"results {[x if isinstance(x, str) else ename(x) for x in r]}")
    stop()


run(main())
