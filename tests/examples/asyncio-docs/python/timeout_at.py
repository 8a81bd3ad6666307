# timeout_at(): an absolute deadline on the loop's clock.
import asyncio
from _scale import S


async def long_running_task():
    await asyncio.sleep(3600)


async def main():
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 20 * S
    try:
        async with asyncio.timeout_at(deadline):
            await long_running_task()
    except TimeoutError:
        print("The long operation timed out, but we've handled it.")
    print("This statement will run regardless.")

asyncio.run(main())
