# gather(): results in argument order whatever the completion order; a duplicate argument
# (task or coroutine) shares one future; gather() with no arguments is a done future with [].
import asyncio
from _trace import start_ticker, run, worker


async def main():
    stop = start_ticker()
    empty = asyncio.gather()
    print(f"empty done={empty.done()} result={empty.result()}")
    r = await asyncio.gather(worker("a", 3), worker("b", 1), worker("c", 2))
    print(f"results {r}")
    t = asyncio.create_task(worker("t", 1))
    r = await asyncio.gather(t, t, worker("d", 0))
    print(f"results {r}")
    co = worker("same coroutine", 1)
    r = await asyncio.gather(co, co)
    print(f"results {r}")
    fut = asyncio.get_running_loop().create_future()
    fut.set_result("done-fut")
    r = await asyncio.gather(fut, worker("e", 0))
    print(f"results {r}")
    stop()


run(main())
