# call_later(): a callback prints the date every second for five seconds, then stops the loop.
import asyncio
import datetime
from _scale import S


def display_date(end_time, loop):
    print(datetime.datetime.now())
    if (loop.time() + 1.0 * S) < end_time:
        loop.call_later(1 * S, display_date, end_time, loop)
    else:
        loop.stop()

loop = asyncio.new_event_loop()
end_time = loop.time() + 5.0 * S
loop.call_soon(display_date, end_time, loop)
try:
    loop.run_forever()
finally:
    loop.close()
