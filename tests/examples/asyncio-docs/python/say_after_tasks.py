# Coroutines and tasks: the two say_after() calls as concurrent tasks.
import asyncio
import time
from _scale import S


async def say_after(delay, what):
    await asyncio.sleep(delay * S)
    print(what)


async def main():
    task1 = asyncio.create_task(say_after(1, 'hello'))
    task2 = asyncio.create_task(say_after(2, 'world'))
    print(f"started at {time.strftime('%X')}")
    await task1
    await task2
    print(f"finished at {time.strftime('%X')}")

asyncio.run(main())
