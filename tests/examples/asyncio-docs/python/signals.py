# add_signal_handler(): SIGINT or SIGTERM stops the loop (asyncio.run then raises RuntimeError,
# the loop having stopped before main() completed). The docs print the pid before asyncio.run();
# here it comes once the handlers are in place, so that a signal sent after it is handled.
import asyncio
import functools
import os
import signal


def ask_exit(signame, loop):
    print("got signal %s: exit" % signame)
    loop.stop()


async def main():
    loop = asyncio.get_running_loop()
    for signame in {'SIGINT', 'SIGTERM'}:
        loop.add_signal_handler(
            getattr(signal, signame),
            functools.partial(ask_exit, signame, loop))
    print(f"pid {os.getpid()}: send SIGINT or SIGTERM to exit.", flush=True)
    await asyncio.sleep(3600)

print("Event loop running for 1 hour, press Ctrl+C to interrupt.")

asyncio.run(main())
