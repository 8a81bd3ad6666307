# as_completed deduplicates its input (a set): a task given twice is yielded once; a done
# future comes first.
import asyncio
from _trace import run


async def job(name, delay):
    await asyncio.sleep(delay)
    return name


async def main():
    loop = asyncio.get_running_loop()
    a = asyncio.create_task(job("a", 0.2))
    done = loop.create_future()
    done.set_result("done")
    n = 0
    for aw in asyncio.as_completed([a, a, done]):
        n += 1
        print(f"got {await aw}")
    print(f"{n} awaitables")


run(main())
