# Semaphore: at most two of five tasks inside at once.
import asyncio
from _scale import S


async def job(sem, i, inside):
    async with sem:
        inside.append(i)
        print(f'job {i} enters, inside: {inside}')
        await asyncio.sleep((i + 1) * 0.5 * S)
        inside.remove(i)
        print(f'job {i} leaves')


async def main():
    sem = asyncio.Semaphore(2)
    inside = []
    await asyncio.gather(*(job(sem, i, inside) for i in range(5)))
    print('locked at the end:', sem.locked())

asyncio.run(main())
