# The Hello World of the asyncio page.
import asyncio
from _scale import S


async def main():
    print('Hello ...')
    await asyncio.sleep(1 * S)
    print('... World!')

asyncio.run(main())
