# Nested TaskGroups: an inner group's ExceptionGroup is a child error of the outer group (the
# outer raises a group that contains the inner group); a failing sibling of the outer group
# cancels the inner group's body, whose children are cancelled too; a group nested in the body
# of another fails the outer body.
import asyncio
from _trace import start_ticker, ename, run, Boom, worker


def shape(eg):
    """ExceptionGroup -> nested lists of class names."""
    return [shape(e) if isinstance(e, BaseExceptionGroup) else f"{ename(e)} {e}" for e in eg.exceptions]


async def main():
    stop = start_ticker()
    me = asyncio.current_task()

    async def inner_group(fail):
        try:
            async with asyncio.TaskGroup() as tg:
                tg.create_task(worker("inner-a", 4))
                tg.create_task(worker("inner-b", 1, fail=fail))
                await asyncio.sleep(10)
        except asyncio.CancelledError:
            print("inner group body cancelled")
            raise

    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(inner_group(True))
            tg.create_task(worker("outer-c", 5))
    except ExceptionGroup as eg:
        print(f"outer: {shape(eg)}")
    print(f"cancelling {me.cancelling()}")

    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(inner_group(False))
            tg.create_task(worker("outer-d", 2, fail=True))
    except ExceptionGroup as eg:
        print(f"outer: {shape(eg)}")
    print(f"cancelling {me.cancelling()}")

    # a group inside the body of another, body-level nesting
    try:
        async with asyncio.TaskGroup() as outer:
            outer.create_task(worker("sibling", 3))
            async with asyncio.TaskGroup() as inner:
                inner.create_task(worker("nested", 1, fail=True))
            print("not reached")
    except ExceptionGroup as eg:
        print(f"body-nested: {shape(eg)}")
    print(f"cancelling {me.cancelling()}")
    stop()


run(main())
