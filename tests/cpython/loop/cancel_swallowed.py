# A task that swallows CancelledError keeps cancelling() > 0 until uncancel(); it keeps running
# and can be cancelled again; after uncancel() to 0 it can finish with a result.
import asyncio
from _trace import start_ticker, outcome, run


async def main():
    stop = start_ticker()

    async def stubborn():
        me = asyncio.current_task()
        for i in range(2):
            try:
                await asyncio.sleep(10)
            except asyncio.CancelledError:
                print(f"stubborn swallowed #{i} cancelling {me.cancelling()}")
        print(f"stubborn uncancel -> {me.uncancel()}")
        print(f"stubborn uncancel -> {me.uncancel()}")
        print(f"stubborn uncancel -> {me.uncancel()}")
        await asyncio.sleep(0)
        print("stubborn returns")
        return "done"

    t = asyncio.create_task(stubborn())
    await asyncio.sleep(0)
    print(f"cancel -> {t.cancel()}")
    await asyncio.sleep(0)
    print(f"after 1st cancel t {outcome(t)} cancelling {t.cancelling()}")
    print(f"cancel -> {t.cancel()}")
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    print(f"t {outcome(t)} cancelling {t.cancelling()}")
    stop()


run(main())
