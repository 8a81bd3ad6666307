# Queue: three workers share twenty jobs; join() waits until every item is marked done.
# The docs draw the sleep times with random.uniform(0.05, 1.0); here a small linear
# congruential generator (the same one as the port's) draws them, so both programs sleep the
# same times.
import asyncio
import time
from _scale import S

seed = 1


def uniform(a, b):
    global seed
    seed = (seed * 1103515245 + 12345) % 2**31
    return a + (b - a) * seed / 2**31


async def worker(name, queue):
    while True:
        sleep_for = await queue.get()
        await asyncio.sleep(sleep_for * S)
        queue.task_done()
        print(f'{name} has slept for {sleep_for:.2f} seconds')


async def main():
    queue = asyncio.Queue()
    total_sleep_time = 0
    for _ in range(20):
        sleep_for = uniform(0.05, 1.0)
        total_sleep_time += sleep_for
        queue.put_nowait(sleep_for)

    tasks = []
    for i in range(3):
        task = asyncio.create_task(worker(f'worker-{i}', queue))
        tasks.append(task)

    started_at = time.monotonic()
    await queue.join()
    total_slept_for = time.monotonic() - started_at

    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)

    print('====')
    print(f'3 workers slept in parallel for {total_slept_for / S:.2f} seconds')
    print(f'total expected sleep time: {total_sleep_time:.2f} seconds')

asyncio.run(main())
