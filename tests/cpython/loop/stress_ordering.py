# The same orderings at sizes that make the scheduler grow its storage (ready queue, timer heap
# with more than 100 timers, half of them cancelled, task table): FIFO callbacks, deadline-ordered
# timers with cancellations (also from inside the batch), thousands of tasks hopping sleep(0).
# Each part prints a checksum of the order (sum of position * id) and a few entries.
import asyncio
from _trace import run


def digest(order):
    return f"n={len(order)} sum={sum(i * v for i, v in enumerate(order))} head={order[:8]} tail={order[-4:]}"


async def main():
    loop = asyncio.get_running_loop()

    # 1. 3000 callbacks, each re-queueing once: FIFO within and across iterations
    order = []

    def cb(i, again):
        order.append(i)
        if again:
            loop.call_soon(cb, i + 10000, False)

    for i in range(3000):
        loop.call_soon(cb, i, i % 2 == 0)
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    print(f"callbacks {digest(order)}")

    # 2. 400 timers at distinct deadlines; 2 of 3 cancelled up front, others cancelled by a timer
    fired = []
    hs = {}
    t0 = loop.time()  # call_at from one base: the deadlines do not drift while they are made
    for i in range(400):
        hs[i] = loop.call_at(t0 + 0.001 * (i + 1), fired.append, i)
    for i in range(400):
        if i % 3 != 0:
            hs[i].cancel()

    def canceller():
        fired.append(-1)
        for i in range(201, 400, 6):
            hs[i].cancel()

    loop.call_at(t0 + 0.2005, canceller)
    done = loop.create_future()
    loop.call_at(t0 + 0.5, done.set_result, None)
    await done
    print(f"timers {digest(fired)}")

    # 3. 2000 tasks, task i hops i % 7 times; finish order
    finished = []

    async def hopper(i):
        for _ in range(i % 7):
            await asyncio.sleep(0)
        finished.append(i)

    await asyncio.gather(*(hopper(i) for i in range(2000)))
    print(f"tasks {digest(finished)}")


run(main())
