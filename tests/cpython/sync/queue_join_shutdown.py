# Queue counting and shutdown (3.13): join() waits for task_done() of every item put; too many
# task_done() is ValueError; shutdown() wakes every getter and putter; after it, puts fail,
# gets fail once empty; shutdown(immediate=True) drops the items and counts them done.
import asyncio
from _trace import start_ticker, outcome, ename


async def main():
    stop = start_ticker()
    q = asyncio.Queue()
    await q.join()
    print("join on an empty queue returns at once")
    for i in range(3):
        q.put_nowait(i)

    async def joiner(name):
        await q.join()
        print(f"{name} joined")

    js = [asyncio.create_task(joiner(n)) for n in ("j1", "j2")]
    await asyncio.sleep(0)
    for i in range(3):
        print(f"got {q.get_nowait()}")
        q.task_done()
        print(f"task_done, unfinished {q._unfinished_tasks}")
        await asyncio.sleep(0)
    await asyncio.gather(*js)
    try:
        q.task_done()
    except ValueError as e:
        print(f"task_done too many -> {ename(e)}")

    # join released at 0, then a new put before the joiner runs: it still resumes
    q.put_nowait("a")
    j3 = asyncio.create_task(joiner("j3"))
    await asyncio.sleep(0)
    q.get_nowait()
    q.task_done()
    q.put_nowait("b")
    await j3
    print(f"unfinished {q._unfinished_tasks} qsize {q.qsize()}")

    # shutdown with waiting getters
    q = asyncio.Queue()

    async def getter(name):
        try:
            v = await q.get()
            print(f"{name} got {v}")
        except asyncio.QueueShutDown as e:
            print(f"{name} -> {ename(e)}")

    gs = [asyncio.create_task(getter(n)) for n in ("g1", "g2")]
    await asyncio.sleep(0)
    q.shutdown()
    print(f"shut down, getters {len(q._getters)}")
    await asyncio.gather(*gs)
    for what, fn in (("put_nowait", lambda: q.put_nowait(1)), ("get_nowait", lambda: q.get_nowait())):
        try:
            fn()
        except asyncio.QueueShutDown as e:
            print(f"{what} after shutdown -> {ename(e)}")
    try:
        await q.put(1)
    except asyncio.QueueShutDown as e:
        print(f"put after shutdown -> {ename(e)}")

    # non-immediate: items can still be got; putters blocked on a full queue fail
    q = asyncio.Queue(2)
    q.put_nowait("x")
    q.put_nowait("y")

    async def putter(v):
        try:
            await q.put(v)
            print(f"put {v}")
        except asyncio.QueueShutDown as e:
            print(f"putter {v} -> {ename(e)}")

    p = asyncio.create_task(putter("z"))
    await asyncio.sleep(0)
    q.shutdown()
    await p
    print(f"after shutdown get -> {await q.get()} then {q.get_nowait()}")
    try:
        await q.get()
    except asyncio.QueueShutDown as e:
        print(f"get on empty shut-down queue -> {ename(e)}")
    print(f"unfinished {q._unfinished_tasks}")

    # immediate: items dropped and counted done; join() released
    q = asyncio.Queue()
    for i in range(3):
        q.put_nowait(i)
    q.get_nowait()
    jj = asyncio.create_task(joiner("jj"))
    await asyncio.sleep(0)
    print(f"before: qsize {q.qsize()} unfinished {q._unfinished_tasks}")
    q.shutdown(immediate=True)
    print(f"immediate: qsize {q.qsize()} unfinished {q._unfinished_tasks}")
    g = asyncio.create_task(getter("g"))
    await asyncio.sleep(0)
    print(f"jj {outcome(jj)} g {outcome(g)}")
    q.task_done()
    print(f"task_done after immediate, unfinished {q._unfinished_tasks}")
    await asyncio.gather(jj, g)

    # immediate with nothing unfinished left releases join() at once
    q = asyncio.Queue()
    q.put_nowait("only")
    jk = asyncio.create_task(joiner("jk"))
    await asyncio.sleep(0)
    q.shutdown(immediate=True)
    print(f"immediate 2: unfinished {q._unfinished_tasks}")
    await jk
    try:
        q.get_nowait()
    except asyncio.QueueShutDown as e:
        print(f"get_nowait -> {ename(e)}")
    stop()


asyncio.run(main())
