# timeout(None) then reschedule(): the deadline is known only once inside the block.
import asyncio
from _scale import S


async def long_running_task():
    await asyncio.sleep(3600)


async def main():
    try:
        async with asyncio.timeout(None) as cm:
            new_deadline = asyncio.get_running_loop().time() + 10 * S
            cm.reschedule(new_deadline)
            await long_running_task()
    except TimeoutError:
        pass
    if cm.expired():
        print("Looks like we haven't finished on time.")

asyncio.run(main())
