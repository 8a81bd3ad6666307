# Lock: three tasks read, wait and write a shared counter; the lock keeps each update whole.
import asyncio
from _scale import S


async def add_one(lock, shared, name):
    async with lock:
        value = shared['count']
        await asyncio.sleep(0.1 * S)
        shared['count'] = value + 1
        print(f"{name} wrote {shared['count']}")


async def main():
    lock = asyncio.Lock()
    shared = {'count': 0}
    await asyncio.gather(*(add_one(lock, shared, f'task-{i}') for i in range(3)))
    print('count:', shared['count'], 'locked:', lock.locked())

asyncio.run(main())
