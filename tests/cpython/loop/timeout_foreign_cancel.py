# A cancellation that is not the timeout's own passes through timeout() as CancelledError, even
# when the timeout expired in the same iteration (uncancel() > baseline). A body that swallows
# the expiry's CancelledError exits normally.
import asyncio
from _trace import outcome, run


async def main():
    async def body():
        try:
            async with asyncio.timeout(1) as cm:
                await asyncio.sleep(2)
        except TimeoutError:
            print("not reached: TimeoutError")
        except asyncio.CancelledError:
            print(f"body: CancelledError passes through, expired={cm.expired()}")
            raise

    t = asyncio.create_task(body())
    await asyncio.sleep(0.05)
    t.cancel()
    await asyncio.sleep(0)
    print(f"t {outcome(t)} cancelling {t.cancelling()}")

    # expiry and foreign cancel in the same iteration (call_at the timeout's own deadline: both
    # handles are due together; whichever runs first, the outcome is the same)
    loop = asyncio.get_running_loop()
    holder = {}

    async def body2():
        try:
            async with asyncio.timeout(0.1) as cm:
                holder["cm"] = cm
                await asyncio.sleep(2)
        except TimeoutError:
            print("not reached: TimeoutError")
        except asyncio.CancelledError:
            print(f"body2: CancelledError passes through, expired={cm.expired()}")
            raise

    t2 = asyncio.create_task(body2())
    await asyncio.sleep(0)
    loop.call_at(holder["cm"].when(), t2.cancel)
    try:
        await t2
    except asyncio.CancelledError:
        pass
    print(f"t2 {outcome(t2)} cancelling {t2.cancelling()}")

    async def swallow():
        async with asyncio.timeout(0.05) as cm:
            try:
                await asyncio.sleep(1)
            except asyncio.CancelledError:
                print("swallow: swallowed")
        print(f"swallow: exited normally, expired={cm.expired()} cancelling {asyncio.current_task().cancelling()}")
        return "ok"

    print(f"swallow -> {await asyncio.create_task(swallow())}")


run(main())
