# Context variables and tasks: a task runs in a copy of the context current at its creation;
# what it sets stays in its copy; two tasks given one context share it; gather's coroutines get
# copies; timeout and TaskGroup bodies share their task's context; eager tasks too.
import asyncio
import contextvars
from _trace import run

var = contextvars.ContextVar("var", default="default")
other = contextvars.ContextVar("other")


async def child(name):
    print(f"{name} starts with var={var.get()}")
    var.set(f"set by {name}")
    await asyncio.sleep(0)
    print(f"{name} after sleep var={var.get()}")
    return var.get()


async def main():
    print(f"main starts with var={var.get()}")
    var.set("main-1")
    t1 = asyncio.create_task(child("t1"))
    var.set("main-2")
    await asyncio.sleep(0)
    print(f"main after t1's first step var={var.get()}")
    print(f"t1 result {await t1}")

    shared = contextvars.copy_context()
    a = asyncio.create_task(child("a"), context=shared)
    b = asyncio.create_task(child("b"), context=shared)
    await asyncio.gather(a, b)
    print(f"shared context var={shared[var]} main var={var.get()}")
    print(f"task context is the given one: {a.get_context() is shared}")

    results = await asyncio.gather(child("g1"), child("g2"))
    print(f"gather results {results} main var={var.get()}")

    async with asyncio.timeout(10):
        var.set("in timeout body")
    print(f"after timeout body var={var.get()}")

    async with asyncio.TaskGroup() as tg:
        var.set("in taskgroup body")
        tc = tg.create_task(child("tg-child"))
    print(f"after taskgroup var={var.get()} child {tc.result()}")

    loop = asyncio.get_running_loop()
    loop.set_task_factory(asyncio.eager_task_factory)
    var.set("before eager")
    e = asyncio.create_task(child("eager"))
    print(f"eager created, main var={var.get()}")
    await e
    loop.set_task_factory(None)

    try:
        other.get()
    except LookupError as exc:
        print(f"other.get() {type(exc).__name__}")
    print(f"other.get('dflt') {other.get('dflt')}")
    print(f"var.get('arg') {var.get('arg')}")


var.set("top level")
run(main())
print(f"top level after run var={var.get()}")
