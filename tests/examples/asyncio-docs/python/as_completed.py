# as_completed(): results in the order they finish, by plain iteration and by async for.
import asyncio
from _scale import S


async def work(name, delay):
    await asyncio.sleep(delay * S)
    return name


async def main():
    for coro in asyncio.as_completed([work('c', 3), work('a', 1), work('b', 2)]):
        earliest_result = await coro
        print('earliest:', earliest_result)
    tasks = [asyncio.create_task(work(n, d)) for n, d in (('z', 2), ('y', 1))]
    async for task in asyncio.as_completed(tasks):
        print('task done:', task.result(), task in tasks)

asyncio.run(main())
