# Nested timeouts: the one that expires converts its own cancellation; the other sees it as
# TimeoutError passing through (or, for the outer, a CancelledError it converts). When both
# expire in the same iteration, only the outermost converts.
import asyncio
from _trace import ename, run


async def case(outer_d, inner_d, label):
    try:
        async with asyncio.timeout(outer_d) as outer:
            try:
                async with asyncio.timeout(inner_d) as inner:
                    await asyncio.sleep(1)
            except TimeoutError:
                print(f"{label}: inner raised TimeoutError (inner expired={inner.expired()})")
                await asyncio.sleep(0.2)
                print(f"{label}: not reached")
            except asyncio.CancelledError:
                print(f"{label}: inner raised CancelledError (inner expired={inner.expired()})")
                raise
    except TimeoutError:
        print(f"{label}: outer raised TimeoutError (outer expired={outer.expired()} inner expired={inner.expired()})")
    print(f"{label}: cancelling {asyncio.current_task().cancelling()}")


async def main():
    await case(0.2, 0.1, "inner first")
    await case(0.1, 0.2, "outer first")
    loop = asyncio.get_running_loop()
    # same deadline: both fire in one iteration
    when = loop.time() + 0.1
    try:
        async with asyncio.timeout_at(when) as outer:
            try:
                async with asyncio.timeout_at(when) as inner:
                    await asyncio.sleep(1)
            except TimeoutError:
                print("same: inner raised TimeoutError")
            except asyncio.CancelledError:
                print("same: inner raised CancelledError")
                raise
    except TimeoutError:
        print(f"same: outer raised TimeoutError (outer expired={outer.expired()} inner expired={inner.expired()})")
    print(f"same: cancelling {asyncio.current_task().cancelling()}")


run(main())
