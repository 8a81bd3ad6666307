# Barrier: indexes in arrival order; arrivals while draining wait for the refill; reset() breaks
# the waiters and refills; abort() breaks for good; a cancelled waiter leaves (n_waiting down).
import asyncio
from _trace import start_ticker, outcome, ename


def st(b):
    return f"state {b._state.value} n_waiting {b.n_waiting} broken {b.broken}"


async def main():
    stop = start_ticker()
    b = asyncio.Barrier(3)

    async def party(name, rounds=1):
        for r in range(rounds):
            try:
                i = await b.wait()
                print(f"{name} passed round {r} index {i}")
            except asyncio.BrokenBarrierError as e:
                print(f"{name} broken: {ename(e)}")
                return "broken"
            except asyncio.CancelledError:
                print(f"{name} cancelled, {st(b)}")
                raise
        return name

    ts = [asyncio.create_task(party(n, 2)) for n in ("a", "b", "c")]
    await asyncio.sleep(0)
    print(st(b))
    await asyncio.gather(*ts)
    print(f"after two rounds: {st(b)}")

    # an extra party arrives while the barrier drains: it waits for the refill
    ts = [asyncio.create_task(party(n)) for n in ("d", "e", "f", "g")]
    for _ in range(3):
        await asyncio.sleep(0)
        print(st(b))
    print(f"g {outcome(ts[3])}")

    # reset while g waits (with two more)
    h = asyncio.create_task(party("h"))
    await asyncio.sleep(0)
    print(f"before reset: {st(b)}")
    await b.reset()
    print(f"after reset: {st(b)}")
    await asyncio.gather(*ts, h)
    print(f"after reset drained: {st(b)}")

    # cancel a waiter: n_waiting goes down
    i = asyncio.create_task(party("i"))
    j = asyncio.create_task(party("j"))
    await asyncio.sleep(0)
    print(f"two waiting: {st(b)}")
    j.cancel()
    await asyncio.sleep(0)
    print(f"j cancelled: {st(b)} j {outcome(j)}")
    await asyncio.sleep(0)
    print(f"j {outcome(j)}: {st(b)}")

    # abort: i breaks, later waits break at once
    await b.abort()
    await asyncio.sleep(0)
    print(f"aborted: {st(b)} i {outcome(i)}")
    k = asyncio.create_task(party("k"))
    await k
    print(f"k {outcome(k)}")
    await b.reset()
    print(f"reset after abort: {st(b)}")

    async with asyncio.Barrier(1) as idx:
        print(f"single party index {idx}")
    try:
        asyncio.Barrier(0)
    except ValueError as e:
        print(f"Barrier(0) -> {ename(e)}")
    stop()


asyncio.run(main())
