# Misuse errors (ASYNCIO-SEMANTICS §2): the exception class only, never the message.
# wasyncio maps ValueError to RangeError (API.md, Conventions).
# Not covered, no wasyncio equivalent: asyncio.run(non-coroutine) is ValueError in Python but
# TypeError in wasyncio by design (API.md, Errors); set_exception(ExcClass) instantiating the
# class; TaskGroup/Timeout used before entering (the callback forms enter at once).
import asyncio
import types
from _trace import Runner, new_event_loop, run, attempt, attempt_async


class BadYield:
    def __await__(self):
        yield 5  # not a future: "Task got bad yield"


async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    attempt("pending Future.result()", fut.result)
    attempt("pending Future.exception()", fut.exception)
    fut.set_result(1)
    attempt("Future.set_result() twice", lambda: fut.set_result(2))
    attempt("Future.set_exception() on done", lambda: fut.set_exception(Exception()))
    c = loop.create_future()
    c.cancel()
    attempt("cancelled Future.result()", c.result)
    attempt("cancelled Future.exception()", c.exception)

    t = asyncio.create_task(asyncio.sleep(0))
    attempt("Task.set_result()", lambda: t.set_result(1))
    attempt("Task.set_exception()", lambda: t.set_exception(Exception()))
    await t

    await attempt_async("sleep(NaN)", asyncio.sleep(float("nan")))
    await attempt_async("wait([])", asyncio.wait([]))
    f2 = loop.create_future()
    f2.set_result(0)
    await attempt_async("wait(return_when=bogus)", asyncio.wait([f2], return_when="bogus"))
    co = asyncio.sleep(0)
    await attempt_async("wait([coroutine])", asyncio.wait([co]))
    co.close()
    attempt("create_task(123)", lambda: asyncio.create_task(123))
    attempt("call_later(None)", lambda: loop.call_later(None, print))

    async def awaits_bad_yield():
        await BadYield()

    await attempt_async("bad yield", asyncio.create_task(awaits_bad_yield()))

    async def awaits_itself():
        await asyncio.current_task()

    await attempt_async("task awaits itself", asyncio.create_task(awaits_itself()))

    async with asyncio.timeout(1) as cm:
        pass
    attempt("Timeout.reschedule() after exit", lambda: cm.reschedule(None))

    try:
        async with asyncio.timeout(0.01) as cm2:
            try:
                await asyncio.sleep(1)
            except asyncio.CancelledError:
                attempt("Timeout.reschedule() while expiring", lambda: cm2.reschedule(None))
                raise
    except TimeoutError:
        pass

    f3 = loop.create_future()
    await attempt_async("wait(a future)", asyncio.wait(f3))
    attempt("as_completed(a future)", lambda: asyncio.as_completed(f3))

    co = asyncio.sleep(0)
    attempt("run() inside a running loop", lambda: asyncio.run(co))
    co.close()
    attempt("run_forever() inside a running loop", loop.run_forever)

    async def coro_fn():
        pass

    loop.set_debug(True)
    attempt("call_soon(coroutine function) in debug mode", lambda: loop.call_soon(coro_fn))
    loop.set_debug(False)


attempt("current_task() outside a loop", asyncio.current_task)
attempt("get_running_loop() outside a loop", asyncio.get_running_loop)
run(main())

runner = Runner()
runner.run(asyncio.sleep(0))
runner.close()
co = asyncio.sleep(0)
attempt("Runner.run() after close", lambda: runner.run(co))
co.close()

stopped = new_event_loop()
never = stopped.create_future()
stopped.call_soon(stopped.stop)
attempt("run_until_complete() stopped before done", lambda: stopped.run_until_complete(never))
stopped.close()

closed = new_event_loop()
closed.close()
attempt("call_soon() on a closed loop", lambda: closed.call_soon(print))
co = asyncio.sleep(0)
attempt("create_task() on a closed loop", lambda: closed.create_task(co))
co.close()
co = asyncio.sleep(0)
attempt("run_until_complete() on a closed loop", lambda: closed.run_until_complete(co))
co.close()
