# shield(): the outer await is cancelled, the shielded task goes on; and the pattern that
# ignores the cancellation with try/except.
import asyncio
from _scale import S


async def something():
    await asyncio.sleep(1 * S)
    print('something() finished')
    return 'result'


async def caller(inner):
    try:
        res = await asyncio.shield(inner)
    except asyncio.CancelledError:
        print('caller: cancelled, something() goes on')
        res = None
    return res


async def main():
    inner = asyncio.create_task(something())
    outer = asyncio.create_task(caller(inner))
    await asyncio.sleep(0.5 * S)
    outer.cancel()
    print('caller returned', await outer)
    print('inner result:', await inner)

asyncio.run(main())
