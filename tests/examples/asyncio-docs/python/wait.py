# wait(): done and pending sets, with FIRST_COMPLETED and with a timeout.
import asyncio
from _scale import S


async def work(name, delay):
    await asyncio.sleep(delay * S)
    return name


async def main():
    tasks = [asyncio.create_task(work(n, d), name=n) for n, d in (('fast', 1), ('slow', 3), ('slower', 5))]
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    print('first completed:', sorted(t.result() for t in done), 'pending:', sorted(t.get_name() for t in pending))
    done, pending = await asyncio.wait(tasks, timeout=3.5 * S)
    print('after the timeout, done:', sorted(t.result() for t in done), 'pending:', sorted(t.get_name() for t in pending))
    done, pending = await asyncio.wait(tasks)
    print('all completed:', sorted(t.result() for t in done), 'pending:', len(pending))

asyncio.run(main())
