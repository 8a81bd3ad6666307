# cancel() during the task's final step: the coroutine then returns, but the task still ends
# cancelled (tasks.py: _must_cancel checked on StopIteration), unless uncancel() brought the
# count back to 0 first (3.13). A coroutine that raises CancelledError itself (no cancel())
# also ends the task cancelled.
import asyncio
from _trace import start_ticker, outcome, run


async def main():
    stop = start_ticker()

    async def self_cancel():
        print(f"cancel self -> {asyncio.current_task().cancel()}")
        return "returned"

    t = asyncio.create_task(self_cancel())
    await asyncio.sleep(0)
    print(f"t {outcome(t)} cancelling {t.cancelling()}")

    async def cancel_then_uncancel():
        me = asyncio.current_task()
        me.cancel()
        print(f"uncancel -> {me.uncancel()}")
        return "returned"

    u = asyncio.create_task(cancel_then_uncancel())
    await asyncio.sleep(0)
    print(f"u {outcome(u)}")

    async def raises_cancelled():
        raise asyncio.CancelledError()

    r = asyncio.create_task(raises_cancelled())
    await asyncio.sleep(0)
    print(f"r {outcome(r)} cancelling {r.cancelling()}")

    # cancel() while the task is between steps (a step is queued): delivered at that step, so
    # the rest of the coroutine does not run
    async def two_steps():
        await asyncio.sleep(0)
        print("two_steps last step")
        return "returned"

    s = asyncio.create_task(two_steps())
    await asyncio.sleep(0)
    print(f"cancel -> {s.cancel()}")
    await asyncio.sleep(0)
    print(f"s {outcome(s)}")
    stop()


run(main())
