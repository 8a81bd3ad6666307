# Context variables and callbacks: call_soon, call_later, call_at and done callbacks run in a copy
# of the context current when they were registered; what they set does not leak; the exception
# handler runs in the failing callback's or task's context.
import asyncio
import contextvars
from _trace import run

var = contextvars.ContextVar("var", default="default")


def cb(name):
    print(f"{name} sees var={var.get()}")
    var.set(f"set by {name}")


def boom(name):
    var.set(f"boom {name}")
    raise RuntimeError(name)


async def failing():
    var.set("failing task")
    raise RuntimeError("task")


async def main():
    loop = asyncio.get_running_loop()
    loop.set_exception_handler(lambda lp, ctx: print(f"handler: {ctx['message'].split(' ')[0]} sees var={var.get()}"))
    var.set("at call_soon")
    loop.call_soon(cb, "soon")
    var.set("at call_later")
    loop.call_later(0.1, cb, "later")
    var.set("at call_at")
    loop.call_at(loop.time() + 0.05, cb, "at")
    fut = loop.create_future()
    var.set("at add_done_callback")
    fut.add_done_callback(lambda f: cb("done"))
    ctx = contextvars.copy_context()
    ctx.run(var.set, "in explicit context")
    fut.add_done_callback(lambda f: cb("done-explicit"), context=ctx)
    var.set("at call_soon boom")
    loop.call_soon(boom, "cb")
    var.set("when setting the result")
    fut.set_result(1)
    await asyncio.sleep(0.2)
    print(f"main var={var.get()}")
    t = asyncio.create_task(failing())
    await asyncio.sleep(0)
    loop.call_exception_handler({"message": "Task failed", "exception": t.exception(), "task": t})
    h = loop.call_soon(cb, "handle")
    print(f"handle context has var: {h.get_context()[var]}")
    await asyncio.sleep(0)


run(main())
