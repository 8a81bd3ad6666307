# asyncio.run()/Runner.close(): after main returns, the tasks still pending are cancelled and
# awaited (their cleanup runs, even if it awaits); a Runner runs several mains on one loop.
# One leftover task per run: close cancels them in all_tasks() order, a set (unordered).
import asyncio
from _trace import Runner, run


async def leftover(name, cleanup_hops):
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print(f"{name} cancelled at close")
        for i in range(cleanup_hops):
            await asyncio.sleep(0)
            print(f"{name} cleanup hop {i}")
        raise
    finally:
        print(f"{name} finally")


async def stubborn():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print("stubborn swallows the close cancel")
    return "stubborn result"


async def main():
    asyncio.create_task(leftover("a", 2))
    await asyncio.sleep(0)
    print("main returns")
    return "main result"


async def main2():
    asyncio.create_task(stubborn())
    await asyncio.sleep(0)
    print("main2 returns")
    return "main2 result"


print(f"run -> {run(main())}")
print(f"run -> {run(main2())}")

with Runner() as runner:
    async def first():
        asyncio.create_task(leftover("kept", 0))
        await asyncio.sleep(0)
        print("first returns")
        return 1

    async def second():
        print(f"second sees {len(asyncio.all_tasks())} tasks")
        return 2

    print(f"runner.run -> {runner.run(first())}")
    print(f"runner.run -> {runner.run(second())}")
    print("closing runner")
print("runner closed")
