# Futures, odds and ends: set_exception(CancelledError()) finishes the future with that
# exception (it is not cancelled()), and a task awaiting it ends cancelled; set_exception(Class)
# instantiates the class; exception() returns without raising; a done callback gets the future
# itself; ensure_future() returns futures and tasks unchanged and wraps a coroutine in a task;
# isfuture(); awaiting a future of another loop is RuntimeError (thrown into the coroutine).
import asyncio
from _trace import ename, outcome, new_event_loop, run, Boom


async def main():
    loop = asyncio.get_running_loop()
    f = loop.create_future()
    f.set_exception(asyncio.CancelledError())
    print(f"set_exception(CancelledError()): {outcome(f)} cancelled()={f.cancelled()}")

    g = loop.create_future()

    async def waiter():
        await g

    t = asyncio.create_task(waiter())
    await asyncio.sleep(0)
    g.set_exception(asyncio.CancelledError())
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    print(f"task awaiting it: {outcome(t)} cancelling {t.cancelling()}")

    h = loop.create_future()
    h.set_exception(Boom)
    print(f"set_exception(Boom) -> exception() is a Boom instance: {isinstance(h.exception(), Boom)}")

    seen = []
    k = loop.create_future()
    k.add_done_callback(lambda x: seen.append(x is k))
    k.set_result(1)
    await asyncio.sleep(0)
    print(f"callback got the future: {seen}")

    async def coro():
        return "c"

    print(f"ensure_future(fut) is fut: {asyncio.ensure_future(k) is k}")
    print(f"ensure_future(task) is task: {asyncio.ensure_future(t) is t}")
    c = asyncio.ensure_future(coro())
    print(f"ensure_future(coro) is a Task: {isinstance(c, asyncio.Task)} -> {await c}")
    print(f"isfuture: fut={asyncio.isfuture(k)} task={asyncio.isfuture(t)} number={asyncio.isfuture(5)}")

    other = new_event_loop()
    foreign = other.create_future()

    async def awaits_foreign():
        await foreign

    try:
        await asyncio.create_task(awaits_foreign())
    except RuntimeError as e:
        print(f"future of another loop: {ename(e)}")
    other.close()


run(main())
