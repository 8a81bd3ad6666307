# Random interleavings, replayed: seeded random programs over Lock, Semaphore(2), Queue(1),
# Queue(0), Condition and Event (spawn waiters, release, cancel, put/get, notify, set/clear,
# shutdown, and `step` to let the loop run), each printed as "== program k <json>" and then its
# trace: worker events, the primitive's state after every command, tick marks, final outcomes.
# The wasyncio twin (conformance("replay") in tests/ts/sync/replay.test.ts) reads the programs back
# from the recording and must print the same lines.
import asyncio
import json
import random
from _trace import start_ticker, outcome, nwait, ename

KINDS = ["lock", "sem", "queue1", "queue0", "cond", "event"]
N_PROGRAMS = 180
N_TASKS = 5


def gen(rng, kind):
    cmds = []
    for _ in range(rng.randint(8, 40)):
        r = rng.random()
        i = rng.randrange(N_TASKS)
        if r < 0.25:
            cmds.append(["step"])
        elif r < 0.4:
            cmds.append(["cancel", i])
        elif kind in ("lock", "sem"):
            cmds.append(["acq", i] if rng.random() < 0.6 else ["rel", i])
        elif kind.startswith("queue"):
            c = rng.random()
            if c < 0.3:
                cmds.append(["get", i])
            elif c < 0.55:
                cmds.append(["put", i, rng.randrange(100)])
            elif c < 0.7:
                cmds.append(["putn", rng.randrange(100)])
            elif c < 0.85:
                cmds.append(["getn"])
            elif c < 0.95:
                cmds.append(["done"])
            else:
                cmds.append(["shutdown", rng.random() < 0.5])
        elif kind == "cond":
            cmds.append(["wait", i] if rng.random() < 0.6 else ["notify", rng.randrange(3)])
        else:
            c = rng.random()
            cmds.append(["wait", i] if c < 0.6 else ["set"] if c < 0.85 else ["clear"])
    return cmds


async def replay(kind, cmds):
    stop = start_ticker(300)
    tasks = {}
    signals = {}
    loop = asyncio.get_running_loop()
    if kind == "lock":
        prim = asyncio.Lock()
        state = lambda: f"locked {prim.locked()} waiters {nwait(prim)}"
    elif kind == "sem":
        prim = asyncio.Semaphore(2)
        state = lambda: f"value {prim._value} locked {prim.locked()} waiters {nwait(prim)}"
    elif kind.startswith("queue"):
        prim = asyncio.Queue(int(kind[5:]))
        state = lambda: (f"qsize {prim.qsize()} getters {len(prim._getters)} putters {len(prim._putters)} "
                         f"unfinished {prim._unfinished_tasks}")
    elif kind == "cond":
        prim = asyncio.Condition()
        state = lambda: f"locked {prim.locked()} waiters {nwait(prim)}"
    else:
        prim = asyncio.Event()
        state = lambda: f"set {prim.is_set()} waiters {nwait(prim)}"

    async def holder(i):
        try:
            await prim.acquire()
        except asyncio.CancelledError:
            print(f"t{i} cancelled waiting")
            raise
        print(f"t{i} acquired")
        f = loop.create_future()
        signals[i] = f
        try:
            await f
        except asyncio.CancelledError:
            print(f"t{i} cancelled holding")
        finally:
            prim.release()
            print(f"t{i} released")

    async def getter(i):
        try:
            v = await prim.get()
        except asyncio.CancelledError:
            print(f"t{i} get cancelled")
            raise
        except asyncio.QueueShutDown as e:
            print(f"t{i} get {ename(e)}")
            return
        print(f"t{i} got {v}")

    async def putter(i, x):
        try:
            await prim.put(x)
        except asyncio.CancelledError:
            print(f"t{i} put {x} cancelled")
            raise
        except asyncio.QueueShutDown as e:
            print(f"t{i} put {ename(e)}")
            return
        print(f"t{i} put {x}")

    async def cwaiter(i):
        async with prim:
            try:
                await prim.wait()
            except asyncio.CancelledError:
                print(f"t{i} wait cancelled, locked {prim.locked()}")
                raise
            print(f"t{i} notified, locked {prim.locked()}")

    async def ewaiter(i):
        try:
            await prim.wait()
        except asyncio.CancelledError:
            print(f"t{i} wait cancelled")
            raise
        print(f"t{i} woke, set {prim.is_set()}")

    def free(i):
        return i not in tasks or tasks[i].done()

    for c in cmds:
        op = c[0]
        if op == "step":
            await asyncio.sleep(0)
        elif op == "cancel":
            t = tasks.get(c[1])
            if t is not None and not t.done():
                print(f"cancel t{c[1]} -> {t.cancel()}")
        elif op == "acq" and free(c[1]):
            tasks[c[1]] = asyncio.create_task(holder(c[1]))
        elif op == "rel":
            f = signals.get(c[1])
            if f is not None and not f.done():
                f.set_result(None)
        elif op == "get" and free(c[1]):
            tasks[c[1]] = asyncio.create_task(getter(c[1]))
        elif op == "put" and free(c[1]):
            tasks[c[1]] = asyncio.create_task(putter(c[1], c[2]))
        elif op == "putn":
            try:
                prim.put_nowait(c[1])
                print(f"put_nowait {c[1]}")
            except (asyncio.QueueFull, asyncio.QueueShutDown) as e:
                print(f"put_nowait {c[1]} -> {ename(e)}")
        elif op == "getn":
            try:
                print(f"get_nowait -> {prim.get_nowait()}")
            except (asyncio.QueueEmpty, asyncio.QueueShutDown) as e:
                print(f"get_nowait -> {ename(e)}")
        elif op == "done":
            try:
                prim.task_done()
                print("task_done")
            except ValueError as e:
                print(f"task_done -> {ename(e)}")
        elif op == "shutdown":
            prim.shutdown(c[1])
            print(f"shutdown immediate={c[1]}")
        elif op == "wait" and free(c[1]):
            tasks[c[1]] = asyncio.create_task(cwaiter(c[1]) if kind == "cond" else ewaiter(c[1]))
        elif op == "notify":
            async with prim:
                prim.notify(c[1])
                print(f"notify {c[1]}")
        elif op == "set":
            prim.set()
        elif op == "clear":
            prim.clear()
        print(f"{' '.join(map(str, c))}: {state()}")
    for _ in range(10):
        await asyncio.sleep(0)
    stop()
    print(f"end: {state()} tasks {[outcome(tasks[i]) for i in sorted(tasks)]}")
    for i in sorted(tasks):
        tasks[i].cancel()
    for f in signals.values():
        if not f.done():
            f.set_result(None)
    await asyncio.gather(*tasks.values(), return_exceptions=True)


def main():
    rng = random.Random(20261202)
    for k in range(N_PROGRAMS):
        kind = KINDS[k % len(KINDS)]
        cmds = gen(rng, kind)
        print(f"== program {k} {json.dumps({'kind': kind, 'cmds': cmds}, separators=(',', ':'))}")
        asyncio.run(replay(kind, cmds))


main()
