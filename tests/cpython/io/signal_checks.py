# signal_checks.py: loop.add_signal_handler's checks and behaviour (unix_events.py).
# Mirrored by tests/ts/loop/signals.test.ts.
import asyncio, os, signal

async def main():
    loop = asyncio.get_running_loop()
    async def coro(): pass
    for label, args in (("coroutine function", (signal.SIGUSR2, coro)), ("bad type", ("x", print)), ("bad number", (12345, print)),
                        ("SIGKILL", (signal.SIGKILL, print)), ("SIGSTOP", (signal.SIGSTOP, print))):
        try:
            loop.add_signal_handler(*args)
            print(label, "accepted")
        except Exception as e:
            print(label, type(e).__name__)
    got = []
    loop.add_signal_handler(signal.SIGUSR2, lambda *a: got.append(("first",) + a), 1)
    loop.add_signal_handler(signal.SIGUSR2, lambda *a: got.append(("second",) + a), 2)   # replaces
    os.kill(os.getpid(), signal.SIGUSR2)
    await asyncio.sleep(0.05)
    print("handled", got)
    print("remove", loop.remove_signal_handler(signal.SIGUSR2), loop.remove_signal_handler(signal.SIGUSR2))

asyncio.run(main())
