# shield(): cancelling the outer future does not cancel the inner one; inner result/exception
# is copied to the outer; inner cancelled -> outer cancelled; a done inner is returned as is.
import asyncio
from _trace import start_ticker, outcome, run, Boom, worker


async def main():
    stop = start_ticker()
    loop = asyncio.get_running_loop()

    inner = asyncio.create_task(worker("inner", 3))

    async def caller():
        try:
            return await asyncio.shield(inner)
        except asyncio.CancelledError:
            print("caller got CancelledError")
            raise

    c = asyncio.create_task(caller())
    await asyncio.sleep(0)
    print(f"cancel caller -> {c.cancel()}")
    await asyncio.sleep(0)
    print(f"caller {outcome(c)} inner {outcome(inner)}")
    print(f"inner result {await inner}")

    inner2 = asyncio.create_task(worker("inner2", 1))
    outer2 = asyncio.shield(inner2)
    print(f"outer is inner: {outer2 is inner2}")
    print(f"outer.cancel -> {outer2.cancel()}")
    await asyncio.sleep(0)
    print(f"outer {outcome(outer2)} inner {outcome(inner2)}")
    await inner2

    print(f"outer result {await asyncio.shield(worker('coro', 1))}")
    try:
        await asyncio.shield(worker("failing", 1, fail=True, log_raise=False))
    except Boom:
        print("shield raised Boom")

    inner3 = asyncio.create_task(worker("inner3", 5))
    outer3 = asyncio.shield(inner3)
    await asyncio.sleep(0)
    inner3.cancel()
    try:
        await outer3
    except asyncio.CancelledError:
        print("outer3 raised CancelledError")
    print(f"outer3 {outcome(outer3)}")

    done = loop.create_future()
    done.set_result(1)
    print(f"shield(done) is done: {asyncio.shield(done) is done}")
    stop()


run(main())
