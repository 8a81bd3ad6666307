# sleep(): print the date every second for five seconds.
import asyncio
import datetime
from _scale import S


async def display_date():
    loop = asyncio.get_running_loop()
    end_time = loop.time() + 5.0 * S
    while True:
        print(datetime.datetime.now())
        if (loop.time() + 1.0 * S) >= end_time:
            break
        await asyncio.sleep(1 * S)

asyncio.run(display_date())
