# wait_for(): a coroutine that would sleep for an hour, given one second.
import asyncio
from _scale import S


async def eternity():
    await asyncio.sleep(3600)
    print('yay!')


async def main():
    try:
        await asyncio.wait_for(eternity(), timeout=1.0 * S)
    except TimeoutError:
        print('timeout!')

asyncio.run(main())
