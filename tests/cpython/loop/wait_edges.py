# wait() details: with FIRST_EXCEPTION a cancelled future is not an exception (wait goes on);
# timeout=0 returns what is done now; FIRST_COMPLETED with a done future returns without
# waiting for the others; the same future twice counts once.
import asyncio
from _trace import run


async def job(name, delay):
    await asyncio.sleep(delay)
    print(f"{name} finishes")
    return name


async def main():
    a = asyncio.create_task(job("a", 0.1))
    b = asyncio.create_task(job("b", 0.3))
    c = asyncio.create_task(job("c", 0.2))
    asyncio.get_running_loop().call_later(0.05, a.cancel)
    done, pending = await asyncio.wait([a, b, c], return_when=asyncio.FIRST_EXCEPTION)
    print(f"FIRST_EXCEPTION with a cancelled task: {len(done)} done, {len(pending)} pending, a cancelled={a.cancelled()}")

    d = asyncio.create_task(job("d", 0.1))
    await asyncio.sleep(0)
    done, pending = await asyncio.wait([d, b], timeout=0)
    print(f"timeout=0: {len(done)} done, {len(pending)} pending")
    await d

    f = asyncio.get_running_loop().create_future()
    f.set_result("ready")
    e = asyncio.create_task(job("e", 0.1))
    done, pending = await asyncio.wait([f, e, f], return_when=asyncio.FIRST_COMPLETED)
    print(f"FIRST_COMPLETED with a done future: {len(done)} done, {len(pending)} pending")
    await e


run(main())
