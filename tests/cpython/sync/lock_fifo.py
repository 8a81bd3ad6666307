# Lock: FIFO hand-over; locked() is False between a release and the woken waiter's run, yet a
# newcomer cannot barge past that woken waiter; release without the lock is RuntimeError.
import asyncio
from _trace import start_ticker, nwait, ename


async def main():
    stop = start_ticker()
    lock = asyncio.Lock()

    async def worker(name, hold):
        print(f"{name} wants")
        await lock.acquire()
        print(f"{name} has it")
        for _ in range(hold):
            await asyncio.sleep(0)
        print(f"{name} releases")
        lock.release()

    print(f"acquire -> {await lock.acquire()} locked {lock.locked()}")
    ts = [asyncio.create_task(worker(n, 1)) for n in ("a", "b", "c")]
    await asyncio.sleep(0)
    print(f"waiters {nwait(lock)}")
    lock.release()
    print(f"after release locked {lock.locked()} waiters {nwait(lock)}")
    late = asyncio.create_task(worker("late", 0))
    await asyncio.gather(*ts, late)
    print(f"end locked {lock.locked()} waiters {nwait(lock)}")
    try:
        lock.release()
    except RuntimeError as e:
        print(f"release unlocked -> {ename(e)}")
    # fast path: no suspension at all
    async def quick():
        async with lock:
            print(f"in with locked {lock.locked()}")
    await quick()
    print(f"after with locked {lock.locked()}")
    stop()


asyncio.run(main())
