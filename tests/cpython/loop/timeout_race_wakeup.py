# Races between a timeout and the completion of what the body awaits:
# 1. the result's wakeup is queued before the expiry (reschedule() to the past uses call_soon):
#    the wakeup runs the task's step at once, so the body gets the value;
# 2. the future completes and the deadline passes in the same iteration, completion first (the
#    loop is held past both timers: VirtualTimeLoop.advance here, VirtualClock.advance in wasyncio):
#    the task is cancelled after being woken, its step throws CancelledError instead of the
#    result, and timeout() raises TimeoutError; same with wait_for.
import asyncio
from _trace import start_ticker, ename, run


def block(seconds):
    """Hold the loop past the pending timers (time.sleep() on a real clock; wasyncio:
    clock.advance(ms))."""
    asyncio.get_running_loop().advance(seconds)


async def main():
    stop = start_ticker()
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    holder = {}

    async def body():
        async with asyncio.timeout(10) as cm:
            holder["cm"] = cm
            v = await fut
            print(f"body got {v}, expired={cm.expired()}")
        return "body done"

    t = asyncio.create_task(body())
    await asyncio.sleep(0)
    fut.set_result("value")
    holder["cm"].reschedule(loop.time() - 1)
    print("result set, deadline moved to the past")
    print(f"t -> {await t}")
    stop()

    fut2 = loop.create_future()

    async def body2():
        try:
            async with asyncio.timeout(0.2) as cm:
                v = await fut2
                print(f"not reached: got {v}")
        except TimeoutError as e:
            print(f"body2: TimeoutError cause {ename(e.__cause__)} expired={cm.expired()}")

    t2 = asyncio.create_task(body2())
    await asyncio.sleep(0)
    loop.call_later(0.1, fut2.set_result, "value")
    block(0.5)
    await t2
    print(f"fut2 result {fut2.result()}")

    fut3 = loop.create_future()
    loop.call_later(0.1, fut3.set_result, "value")

    async def body3():
        try:
            print(f"wait_for -> {await asyncio.wait_for(fut3, 0.2)}")
        except TimeoutError:
            print("wait_for: TimeoutError")

    t3 = asyncio.create_task(body3())
    await asyncio.sleep(0)
    block(0.5)
    await t3
    print(f"fut3 result {fut3.result()}")


run(main())
