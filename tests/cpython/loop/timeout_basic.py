# timeout(): expiry cancels the task and converts the CancelledError to TimeoutError at exit;
# when() / reschedule() / expired(); reschedule(None) disables it; a deadline in the past fires
# on the next iteration; timeout(None) never expires; timeout_at takes loop.time().
import asyncio
from _trace import ename, run


async def main():
    loop = asyncio.get_running_loop()
    t0 = loop.time()

    def rel(when):
        return None if when is None else round((when - t0) * 1000)

    try:
        async with asyncio.timeout(0.1) as cm:
            print(f"when {rel(cm.when())} expired={cm.expired()}")
            await asyncio.sleep(1)
    except TimeoutError as e:
        print(f"TimeoutError cause {ename(e.__cause__)} expired={cm.expired()}")
    t0 = loop.time()

    async with asyncio.timeout(0.1) as cm:
        cm.reschedule(loop.time() + 0.3)
        print(f"rescheduled when {rel(cm.when())}")
        await asyncio.sleep(0.2)
        print("slept past the first deadline")
    print(f"exited normally expired={cm.expired()}")

    async with asyncio.timeout(0.1) as cm:
        cm.reschedule(None)
        print(f"when {cm.when()}")
        await asyncio.sleep(0.2)
    print(f"disabled: exited normally expired={cm.expired()}")

    async with asyncio.timeout(None) as cm:
        await asyncio.sleep(0.05)
        print(f"timeout(None) when {cm.when()}")
        cm.reschedule(loop.time() + 0.05)
        try:
            await asyncio.sleep(0.2)
        except asyncio.CancelledError:
            print("body sees CancelledError")
            raise
    print("not reached")


async def past():
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout(0.5) as cm:
            cm.reschedule(loop.time() - 1)
            print(f"expired after reschedule to past: {cm.expired()}")
            await asyncio.sleep(0)
            print("not reached: fires on the next iteration")
    except TimeoutError:
        print(f"past: TimeoutError expired={cm.expired()}")

    try:
        async with asyncio.timeout(-1):
            print("timeout(-1) body runs until its first await")
            await asyncio.sleep(0)
            print("not reached")
    except TimeoutError:
        print("timeout(-1): TimeoutError")

    try:
        async with asyncio.timeout_at(loop.time() + 0.05) as cm:
            await asyncio.sleep(1)
    except TimeoutError:
        print(f"timeout_at: TimeoutError expired={cm.expired()}")

    # the body's value / a finished body: the timeout does not fire later
    async with asyncio.timeout(0.05):
        pass
    await asyncio.sleep(0.1)
    print("no late expiry")


async def both():
    try:
        await main()
    except TimeoutError:
        print("timeout(None) rescheduled: TimeoutError")
    await past()


run(both())
