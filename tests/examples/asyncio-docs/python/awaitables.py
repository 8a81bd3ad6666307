# Awaitables: a coroutine awaited directly and as a task.
import asyncio


async def nested():
    return 42


async def main():
    print(await nested())
    task = asyncio.create_task(nested())
    print(await task)

asyncio.run(main())
