# as_completed(): plain iteration yields awaitables resolving in completion order; async
# iteration (3.13) yields the original tasks; on timeout every remaining await raises
# TimeoutError and the tasks are not cancelled.
import asyncio
from _trace import run


async def job(name, delay):
    await asyncio.sleep(delay)
    return name


async def main():
    ts = [asyncio.create_task(job(n, d)) for n, d in (("a", 0.3), ("b", 0.1), ("c", 0.2))]
    for aw in asyncio.as_completed(ts):
        print(f"plain got {await aw}")

    ts = [asyncio.create_task(job(n, d)) for n, d in (("a", 0.3), ("b", 0.1), ("c", 0.2))]
    async for t in asyncio.as_completed(ts):
        print(f"async got original={t in ts} result {t.result()}")

    ts = [asyncio.create_task(job(n, d)) for n, d in (("a", 0.3), ("b", 0.1), ("c", 0.5))]
    try:
        for aw in asyncio.as_completed(ts, timeout=0.2):
            print(f"timeout got {await aw}")
    except TimeoutError:
        print("timeout: TimeoutError")
    print(f"cancelled {[t.cancelled() for t in ts]}")
    for aw in asyncio.as_completed(ts):
        print(f"rest got {await aw}")

    ts = [asyncio.create_task(job(n, d)) for n, d in (("a", 0.3), ("b", 0.1))]
    it = asyncio.as_completed(ts, timeout=0.2)
    aws = [next(it), next(it)]
    for aw in aws:
        try:
            print(f"each got {await aw}")
        except TimeoutError:
            print("each: TimeoutError")
    await ts[0]
    print(f"a cancelled={ts[0].cancelled()}")

    # coroutines are wrapped in tasks too
    for aw in asyncio.as_completed([job("x", 0.2), job("y", 0.1)]):
        print(f"coro got {await aw}")


run(main())
