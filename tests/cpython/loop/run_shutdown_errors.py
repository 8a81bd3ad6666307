# asyncio.run() shutdown: a leftover task whose cleanup raises (not CancelledError) is reported
# to the exception handler; the run still returns main's value.
import asyncio
from _trace import ename, run, Boom


async def bad_cleanup():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print("leftover raises Boom in its cleanup")
        raise Boom()


async def main():
    loop = asyncio.get_running_loop()
    loop.set_exception_handler(
        lambda lp, ctx: print(f"handler: exception={ename(ctx.get('exception'))} has task={'task' in ctx}"))
    asyncio.create_task(bad_cleanup())
    await asyncio.sleep(0)
    print("main returns")
    return "value"


print(f"run -> {run(main())}")
