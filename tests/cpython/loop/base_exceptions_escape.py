# KeyboardInterrupt / SystemExit raised in a task are not task outcomes to await: they escape
# the loop, out of asyncio.run() (which still cancels and finishes the remaining tasks).
import asyncio
from _trace import outcome, run


async def main_si():
    async def exits():
        await asyncio.sleep(0)
        print("child raises SystemExit")
        raise SystemExit(3)

    t = asyncio.create_task(exits())
    try:
        await asyncio.sleep(10)
        print("not reached")
    except asyncio.CancelledError:
        print(f"main cancelled at shutdown, child {outcome(t)}")
        raise


try:
    run(main_si())
except SystemExit as e:
    print(f"run raised SystemExit {e.code}")


async def main_ki():
    print("main raises KeyboardInterrupt")
    raise KeyboardInterrupt()


try:
    run(main_ki())
except KeyboardInterrupt:
    print("run raised KeyboardInterrupt")


async def main_cb():
    def cb():
        print("callback raises SystemExit")
        raise SystemExit(5)

    asyncio.get_running_loop().call_soon(cb)
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print("main cancelled at shutdown")
        raise


try:
    run(main_cb())
except SystemExit as e:
    print(f"run raised SystemExit {e.code}")
