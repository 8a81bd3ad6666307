# timeout(): an operation that takes too long, handled.
import asyncio
from _scale import S


async def long_running_task():
    await asyncio.sleep(3600)


async def main():
    try:
        async with asyncio.timeout(10 * S):
            await long_running_task()
    except TimeoutError:
        print("The long operation timed out, but we've handled it.")
    print("This statement will run regardless.")

asyncio.run(main())
