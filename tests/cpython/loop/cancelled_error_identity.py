# Which CancelledError each await of a cancelled task raises: the first await re-raises the very
# exception the task's coroutine raised (its message kept); later ones get a fresh one, without
# the message (Future._make_cancelled_error consumes the stored exception).
import asyncio
from _trace import run


async def main():
    inner = None

    async def sleeper():
        nonlocal inner
        try:
            await asyncio.sleep(3600)
        except asyncio.CancelledError as e:
            inner = e
            raise

    t = asyncio.create_task(sleeper())
    await asyncio.sleep(0)
    t.cancel("stop")
    caught = []
    for _ in range(3):
        try:
            await t
        except asyncio.CancelledError as e:
            caught.append(e)
    print(f"first is the coroutine's: {caught[0] is inner}, args {caught[0].args}")
    print(f"second is the first: {caught[1] is caught[0]}, args {caught[1].args}")
    print(f"third is the second: {caught[2] is caught[1]}")
    try:
        t.result()
    except asyncio.CancelledError as e:
        print(f"result() raises a fresh one: {e is not caught[2] and e is not inner}")

    # exception() consumes the stored one the same way, when it comes first
    inner = None
    u = asyncio.create_task(sleeper())
    await asyncio.sleep(0)
    u.cancel("halt")
    await asyncio.sleep(0)
    raised = []
    for _ in range(2):
        try:
            u.exception()
        except asyncio.CancelledError as e:
            raised.append(e)
    print(f"exception() first is the coroutine's: {raised[0] is inner}, args {raised[0].args}; then a fresh one: {raised[1] is not inner}, args {raised[1].args}")


run(main())
