# Event: a task waits until another one sets the event.
import asyncio
from _scale import S


async def waiter(event):
    print('waiting for it ...')
    await event.wait()
    print('... got it!')


async def main():
    event = asyncio.Event()
    waiter_task = asyncio.create_task(waiter(event))
    await asyncio.sleep(1 * S)
    event.set()
    await waiter_task

asyncio.run(main())
