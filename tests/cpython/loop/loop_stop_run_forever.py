# loop.stop() lets the current iteration finish (every handle that was ready runs); what those
# handles queue stays for the next run_forever(). run_until_complete() returns the result; a
# future completed by a callback; current_task() in a plain callback is None.
import asyncio
from _trace import new_event_loop


loop = new_event_loop()


def cb(name, then=None):
    print(f"cb {name} current_task={asyncio.current_task()}")
    if then:
        loop.call_soon(cb, then)


loop.call_soon(cb, "a", "a2")
loop.call_soon(loop.stop)
loop.call_soon(cb, "b", "b2")
print("run_forever 1")
loop.run_forever()
print("stopped 1")
loop.call_soon(cb, "c")
loop.call_soon(loop.stop)
print("run_forever 2")
loop.run_forever()
print("stopped 2")

fut = loop.create_future()
loop.call_later(0.01, fut.set_result, "from timer")
print(f"run_until_complete -> {loop.run_until_complete(fut)}")


async def coro():
    await asyncio.sleep(0)
    return "from coro"


print(f"run_until_complete -> {loop.run_until_complete(coro())}")
print(f"is_running={loop.is_running()} is_closed={loop.is_closed()}")
loop.close()
print(f"is_closed={loop.is_closed()}")
loop.close()
print("close twice ok")
