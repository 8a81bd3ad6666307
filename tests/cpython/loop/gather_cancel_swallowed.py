# outer.cancel() on a gather whose children swallow the cancel and return: the outer future
# still ends with CancelledError (bpo-32684), with and without return_exceptions. wait_for() on
# a task (not a coroutine) cancels the task on timeout and waits for its cleanup.
import asyncio
from _trace import start_ticker, outcome, run


async def swallower(name):
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print(f"{name} swallows")
    return name


async def main():
    for rex in (False, True):
        a = asyncio.create_task(swallower("a"))
        g = asyncio.gather(a, return_exceptions=rex)
        await asyncio.sleep(0)
        print(f"outer.cancel -> {g.cancel()}")
        try:
            print(f"gather -> {await g}")
        except asyncio.CancelledError:
            print(f"return_exceptions={rex}: gather raised CancelledError, a {outcome(a)}")

    async def with_cleanup():
        try:
            await asyncio.sleep(1)
        except asyncio.CancelledError:
            print("task cleanup starts")
            await asyncio.sleep(0.05)
            print("task cleanup ends")
            raise

    t = asyncio.create_task(with_cleanup())
    try:
        await asyncio.wait_for(t, 0.1)
    except TimeoutError:
        print(f"wait_for(task): TimeoutError, task {outcome(t)}")


run(main())
