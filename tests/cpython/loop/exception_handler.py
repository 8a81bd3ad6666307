# An exception in a callback goes to the loop's exception handler (context: message, exception,
# handle) and the loop goes on; run() re-raises the exception of main; set_exception_handler(None)
# restores the default.
import asyncio
from _trace import ename, run, Boom


async def main():
    loop = asyncio.get_running_loop()

    def handler(lp, ctx):
        print(f"handler: same loop={lp is loop} exception={ename(ctx['exception'])} "
              f"has message={'message' in ctx} has handle={'handle' in ctx}")

    loop.set_exception_handler(handler)
    print(f"get_exception_handler is handler: {loop.get_exception_handler() is handler}")

    def bad():
        print("bad raises")
        raise Boom()

    loop.call_soon(bad)
    loop.call_soon(lambda: print("next callback runs"))
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    loop.call_exception_handler({"message": "custom", "exception": Boom()})
    loop.set_exception_handler(None)
    print(f"get_exception_handler after reset: {loop.get_exception_handler()}")
    raise Boom("from main")


try:
    run(main())
except Boom as e:
    print(f"run raised Boom {e}")
