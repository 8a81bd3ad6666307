# cancel(msg): the message reaches the CancelledError thrown into the coroutine, the one raised
# by awaiting the cancelled task, and Future.result() of a cancelled future.
import asyncio
from _trace import start_ticker, run


async def main():
    stop = start_ticker()
    loop = asyncio.get_running_loop()

    fut = loop.create_future()
    fut.cancel("fut msg")
    try:
        fut.result()
    except asyncio.CancelledError as e:
        print(f"fut.result() CancelledError {str(e)!r}")

    async def sleeper():
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError as e:
            print(f"inside CancelledError {str(e)!r}")
            raise

    t = asyncio.create_task(sleeper())
    await asyncio.sleep(0)
    t.cancel("task msg")
    try:
        await t
    except asyncio.CancelledError as e:
        print(f"await task CancelledError {str(e)!r}")
    try:
        t.result()
    except asyncio.CancelledError:
        # the class only: CPython hands the saved instance to the first retrieval (the await
        # above) and makes a fresh, message-less one for later calls, an implementation detail
        print("task.result() CancelledError")

    # must-cancel path (cancelled before its first step) carries the message too
    u = asyncio.create_task(sleeper())
    u.cancel("early msg")
    try:
        await u
    except asyncio.CancelledError as e:
        print(f"await early task CancelledError {str(e)!r}")
    stop()


run(main())
