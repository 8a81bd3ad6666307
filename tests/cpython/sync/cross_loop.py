# cross_loop.py: primitives used by a second loop after they waited in a first one (asyncio's
# mixins._LoopBoundMixin): a primitive binds to the loop in which it first has to wait; in another
# loop everything that does not wait still works, and only a wait raises RuntimeError.
# Mirrored by tests/ts/sync/locks.test.ts.
import asyncio
from _trace import attempt_async

lock = asyncio.Lock()
ev = asyncio.Event()
sem = asyncio.Semaphore(1)
q = asyncio.Queue(2)
cond = asyncio.Condition()


async def first():
    await lock.acquire()
    t = asyncio.create_task(lock.acquire())
    await asyncio.sleep(0)
    lock.release()
    await t
    lock.release()
    w = asyncio.create_task(ev.wait())
    await asyncio.sleep(0)
    ev.set()
    await w
    ev.clear()
    g = asyncio.create_task(q.get())
    await asyncio.sleep(0)
    q.put_nowait(1)
    print("first loop got", await g)
    await sem.acquire()
    s2 = asyncio.create_task(sem.acquire())
    await asyncio.sleep(0)
    sem.release()
    await s2
    sem.release()
    q.put_nowait(7)


async def second():
    print("lock locked", lock.locked(), "queue size", q.qsize())
    await lock.acquire()
    print("uncontended acquire: ok")
    await attempt_async("contended acquire", lock.acquire())
    lock.release()
    print("lock locked after release", lock.locked())
    ev.set()
    print("event set", ev.is_set())
    await ev.wait()
    print("wait on a set event: ok")
    ev.clear()
    await attempt_async("wait on a clear event", ev.wait())
    q.put_nowait(8)
    print("get_nowait", q.get_nowait(), q.get_nowait(), "size", q.qsize())
    await attempt_async("get on an empty queue", q.get())
    await sem.acquire()
    print("semaphore acquire: ok")
    await attempt_async("semaphore acquire that waits", sem.acquire())
    sem.release()
    async with cond:
        cond.notify_all()
        print("condition never bound: notify_all ok")


asyncio.run(first())
asyncio.run(second())
