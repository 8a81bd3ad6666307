# Semaphore: FIFO even while units are free; a woken waiter's unit is reserved (locked() stays
# true); a waiter cancelled after its wake-up gives the unit back; after an acquire that waited
# ends, the waiters that now fit are woken (3.13); BoundedSemaphore over-release.
import asyncio
from _trace import start_ticker, nwait, outcome, ename


async def main():
    stop = start_ticker()
    sem = asyncio.Semaphore(2)

    async def worker(name, hold=1):
        try:
            await sem.acquire()
        except asyncio.CancelledError:
            print(f"{name} cancelled value {sem._value}")
            raise
        print(f"{name} got a unit, value {sem._value} locked {sem.locked()}")
        for _ in range(hold):
            await asyncio.sleep(0)
        sem.release()
        print(f"{name} released, value {sem._value}")

    await sem.acquire()
    await sem.acquire()
    print(f"value {sem._value} locked {sem.locked()}")
    ws = [asyncio.create_task(worker(n)) for n in ("a", "b", "c")]
    await asyncio.sleep(0)
    sem.release()
    print(f"released one: value {sem._value} locked {sem.locked()} waiters {nwait(sem)}")
    newcomer = asyncio.create_task(worker("new", 0))
    sem.release()
    print(f"released two: value {sem._value} locked {sem.locked()}")
    await asyncio.gather(*ws, newcomer)
    print(f"value {sem._value} locked {sem.locked()} waiters {nwait(sem)}")

    # cancelled after its wake-up: the unit goes back and reaches the next waiter
    await sem.acquire()
    await sem.acquire()
    xs = [asyncio.create_task(worker(n)) for n in ("x", "y", "z")]
    await asyncio.sleep(0)
    sem.release()
    print(f"cancel x -> {xs[0].cancel()} value {sem._value}")
    await asyncio.sleep(0)
    print(f"value {sem._value} waiters {nwait(sem)}")
    sem.release()
    await asyncio.gather(*xs, return_exceptions=True)
    print(f"x {outcome(xs[0])} y {outcome(xs[1])} z {outcome(xs[2])} value {sem._value}")

    # several releases while many wait, and a cancelled pending waiter among them
    await sem.acquire()
    await sem.acquire()
    ps = [asyncio.create_task(worker(f"p{i}", 2)) for i in range(5)]
    await asyncio.sleep(0)
    ps[1].cancel()
    sem.release()
    sem.release()
    print(f"two released, value {sem._value} waiters {nwait(sem)}")
    await asyncio.gather(*ps, return_exceptions=True)
    print(f"p: {[outcome(t) for t in ps]} value {sem._value} locked {sem.locked()}")

    async with sem:
        print(f"in with value {sem._value}")
    print(f"after with value {sem._value}")

    bs = asyncio.BoundedSemaphore(1)
    await bs.acquire()
    bs.release()
    try:
        bs.release()
    except ValueError as e:
        print(f"over-release -> {ename(e)} value {bs._value}")
    s0 = asyncio.Semaphore(0)
    print(f"Semaphore(0) locked {s0.locked()}")
    s0.release()
    print(f"after release locked {s0.locked()} value {s0._value}")
    stop()


asyncio.run(main())
