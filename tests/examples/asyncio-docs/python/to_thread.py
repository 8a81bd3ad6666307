# to_thread(): a blocking function in a thread while the loop sleeps concurrently.
import asyncio
import time
from _scale import S


def blocking_io():
    print(f"start blocking_io at {time.strftime('%X')}")
    time.sleep(1 * S)
    print(f"blocking_io complete at {time.strftime('%X')}")


async def main():
    print(f"started main at {time.strftime('%X')}")
    await asyncio.gather(
        asyncio.to_thread(blocking_io),
        asyncio.sleep(1 * S))
    print(f"finished main at {time.strftime('%X')}")

asyncio.run(main())
