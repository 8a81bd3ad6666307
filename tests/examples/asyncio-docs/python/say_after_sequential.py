# Coroutines and tasks: awaiting say_after() twice, one after the other.
import asyncio
import time
from _scale import S


async def say_after(delay, what):
    await asyncio.sleep(delay * S)
    print(what)


async def main():
    print(f"started at {time.strftime('%X')}")
    await say_after(1, 'hello')
    await say_after(2, 'world')
    print(f"finished at {time.strftime('%X')}")

asyncio.run(main())
