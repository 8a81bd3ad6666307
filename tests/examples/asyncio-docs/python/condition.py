# Condition: consumers wait for items; the producer wakes one, then all of them.
import asyncio
from _scale import S


async def consumer(cond, items, name):
    async with cond:
        await cond.wait_for(lambda: len(items) > 0)
        print(f'{name} took {items.pop(0)}')


async def main():
    cond = asyncio.Condition()
    items = []
    tasks = [asyncio.create_task(consumer(cond, items, f'consumer-{i}')) for i in range(3)]
    await asyncio.sleep(0.1 * S)
    async with cond:
        items.append('first')
        cond.notify(1)
    await asyncio.sleep(0.1 * S)
    async with cond:
        items.extend(['second', 'third'])
        cond.notify_all()
    await asyncio.gather(*tasks)
    print('left:', items)

asyncio.run(main())
