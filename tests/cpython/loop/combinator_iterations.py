# How many loop iterations each combinator takes around a child that returns at once (the
# tick lines count them): gather, wait_for, shield, wait,
# as_completed, timeout() with an immediate body, TaskGroup with none / one child. Notable:
# gather() takes done arguments into account synchronously (0 iterations), and wait_for()
# (3.12+) awaits a coroutine in the caller's own task, inside timeout() (0 iterations).
import asyncio
from _trace import start_ticker, run


async def returns_immediately(name):
    print(f"{name} runs")
    return name


async def main():
    stop = start_ticker()
    loop = asyncio.get_running_loop()

    print("gather")
    print(f"gather -> {await asyncio.gather(returns_immediately('g'))}")
    print("gather of a done future")
    done = loop.create_future()
    done.set_result("d")
    print(f"gather -> {await asyncio.gather(done)}")
    print("wait_for")
    print(f"wait_for -> {await asyncio.wait_for(returns_immediately('wf'), 10)}")
    print("wait_for(None)")
    print(f"wait_for -> {await asyncio.wait_for(returns_immediately('wfn'), None)}")
    print("shield")
    print(f"shield -> {await asyncio.shield(returns_immediately('s'))}")
    print("wait")
    t = asyncio.create_task(returns_immediately("w"))
    d, p = await asyncio.wait([t])
    print(f"wait -> {len(d)} done")
    print("wait on done")
    d, p = await asyncio.wait([done])
    print(f"wait -> {len(d)} done")
    print("wait timeout=0 on pending")
    pending = loop.create_future()
    d, p = await asyncio.wait([pending], timeout=0)
    print(f"wait -> {len(d)} done {len(p)} pending")
    print("as_completed")
    for aw in asyncio.as_completed([returns_immediately("ac")]):
        print(f"as_completed -> {await aw}")
    print("timeout")
    async with asyncio.timeout(10):
        pass
    print("timeout done")
    print("empty TaskGroup")
    async with asyncio.TaskGroup():
        pass
    print("empty TaskGroup done")
    print("TaskGroup with one child")
    async with asyncio.TaskGroup() as tg:
        tg.create_task(returns_immediately("tg"))
    print("TaskGroup done")
    print("sleep(0) after all")
    await asyncio.sleep(0)
    print("end")
    stop()


run(main())
