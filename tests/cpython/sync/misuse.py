# Misuse errors of the primitives (ASYNCIO-SEMANTICS §2), by class name. wasyncio throws
# RangeError where asyncio raises ValueError (API.md), so the twin maps RangeError to ValueError.
import asyncio
from _trace import attempt, attempt_async


async def main():
    attempt("Lock.release unlocked", lambda: asyncio.Lock().release())
    bs = asyncio.BoundedSemaphore(1)
    attempt("BoundedSemaphore over-release", bs.release)
    attempt("Semaphore(-1)", lambda: asyncio.Semaphore(-1))
    attempt("Barrier(0)", lambda: asyncio.Barrier(0))
    c = asyncio.Condition()
    attempt("Condition.notify unlocked", c.notify)
    attempt("Condition.notify_all unlocked", c.notify_all)
    await attempt_async("Condition.wait unlocked", c.wait())
    q = asyncio.Queue(1)
    attempt("Queue.task_done at 0", q.task_done)
    attempt("Queue.get_nowait empty", q.get_nowait)
    q.put_nowait(1)
    attempt("Queue.put_nowait full", lambda: q.put_nowait(2))
    q.shutdown()
    attempt("Queue.put_nowait after shutdown", lambda: q.put_nowait(2))
    await attempt_async("Queue.put after shutdown", q.put(2))
    print(f"Queue.get_nowait after shutdown, not empty -> {q.get_nowait()}")
    attempt("Queue.get_nowait after shutdown, empty", q.get_nowait)
    await attempt_async("Queue.get after shutdown, empty", q.get())
    b = asyncio.Barrier(2)
    await b.abort()
    await attempt_async("Barrier.wait broken", b.wait())
    return bs


lock = asyncio.Lock()


async def hold_it():
    # the lock binds to this loop when a waiter has to wait (asyncio binds lazily)
    await lock.acquire()
    t = asyncio.create_task(lock.acquire())
    await asyncio.sleep(0)
    lock.release()
    await t


async def second_loop():
    await attempt_async("Lock used from a second loop", lock.acquire())


asyncio.run(main())
asyncio.run(hold_it())
asyncio.run(second_loop())
