# run() when main ends cancelled: a child cancels the main task, main lets CancelledError out,
# run() raises CancelledError (not KeyboardInterrupt: no SIGINT was involved); a main that
# swallows it returns normally.
import asyncio
from _trace import run


async def main():
    me = asyncio.current_task()
    asyncio.get_running_loop().call_soon(me.cancel)
    try:
        await asyncio.sleep(1)
    finally:
        print(f"main finally, cancelling {me.cancelling()}")


try:
    run(main())
except asyncio.CancelledError:
    print("run raised CancelledError")


async def main2():
    me = asyncio.current_task()
    asyncio.get_running_loop().call_soon(me.cancel)
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError:
        print("main2 swallows")
    return "main2 value"


print(f"run -> {run(main2())}")
