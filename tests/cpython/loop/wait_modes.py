# wait(): FIRST_COMPLETED / FIRST_EXCEPTION / ALL_COMPLETED, with and without timeout. It never
# raises TimeoutError nor cancels anything; it deduplicates; `done` reflects done() at return
# time (FIRST_COMPLETED can return several).
import asyncio
from _trace import run, Boom


async def job(name, delay, fail=False):
    await asyncio.sleep(delay)
    if fail:
        print(f"{name} raises")
        raise Boom(name)
    print(f"{name} finishes")
    return name


def names(s, tasks):
    return sorted(n for n, t in tasks.items() if t in s)


async def main():
    def mk(*specs):
        return {n: asyncio.create_task(job(n, d, f)) for n, d, f in specs}

    ts = mk(("a", 0.1, False), ("b", 0.2, False), ("c", 0.3, False))
    done, pending = await asyncio.wait(list(ts.values()) + [ts["a"]], return_when=asyncio.FIRST_COMPLETED)
    print(f"FIRST_COMPLETED done {names(done, ts)} pending {names(pending, ts)}")
    done, pending = await asyncio.wait(ts.values())
    print(f"ALL_COMPLETED done {names(done, ts)} pending {names(pending, ts)}")

    ts = mk(("d", 0.1, False), ("e", 0.2, True), ("f", 0.3, False))
    done, pending = await asyncio.wait(ts.values(), return_when=asyncio.FIRST_EXCEPTION)
    print(f"FIRST_EXCEPTION done {names(done, ts)} pending {names(pending, ts)}")
    await ts["f"]

    ts = mk(("g", 0.1, False), ("h", 0.3, False))
    done, pending = await asyncio.wait(ts.values(), timeout=0.2)
    print(f"timeout done {names(done, ts)} pending {names(pending, ts)} h cancelled={ts['h'].cancelled()}")
    done, pending = await asyncio.wait(ts.values(), timeout=0.5)
    print(f"timeout done {names(done, ts)} pending {names(pending, ts)}")

    # FIRST_EXCEPTION with no exception behaves like ALL_COMPLETED
    ts = mk(("i", 0.1, False), ("j", 0.2, False))
    done, pending = await asyncio.wait(ts.values(), return_when=asyncio.FIRST_EXCEPTION)
    print(f"FIRST_EXCEPTION no error done {names(done, ts)} pending {names(pending, ts)}")

    # done at return time: both finish in the same iteration
    loop = asyncio.get_running_loop()
    f1, f2 = loop.create_future(), loop.create_future()
    loop.call_soon(f1.set_result, 1)
    loop.call_soon(f2.set_result, 2)
    done, pending = await asyncio.wait([f1, f2], return_when=asyncio.FIRST_COMPLETED)
    print(f"same iteration done {len(done)} pending {len(pending)}")

    # cancelling the caller does not cancel the children
    ts = mk(("k", 0.2, False),)

    async def caller():
        await asyncio.wait(ts.values())

    c = asyncio.create_task(caller())
    await asyncio.sleep(0.1)
    c.cancel()
    await asyncio.sleep(0)
    print(f"caller cancelled={c.cancelled()} k cancelled={ts['k'].cancelled()}")
    await ts["k"]


run(main())
