"""Shared helpers of the CPython scenario programs (tests/cpython/<area>/*.py).

Each program prints a trace, one event per line; its wasyncio twin (in the suites under
tests/ts/) records the same lines. tests/cpython/trace.ts holds the twins of these
helpers (startTicker, ename, outcome, Boom, worker; VirtualTimeLoop's is wasyncio's
VirtualClock({ autojump: true })). Python seconds are wasyncio milliseconds. The programs import
this module as `_trace`: record.sh and recordings.node.test.ts run them with
PYTHONPATH=tests/cpython.
"""
import asyncio
import selectors


def start_ticker(n=50):
    """call_soon chain that prints '-- tick k' once per loop iteration, at most n times.

    Returns stop(): programs call it before main returns, so that no tick falls into
    asyncio.run()'s shutdown iterations (whose count is an implementation detail).

    The tick is queued at the end of each iteration's ready queue (it re-queues itself when it
    runs), so events logged between '-- tick k' and '-- tick k+1' ran in the iteration after the
    k-th tick's."""
    loop = asyncio.get_running_loop()
    count = 0
    handle = None

    def tick():
        nonlocal count, handle
        count += 1
        print(f"-- tick {count}")
        handle = loop.call_soon(tick) if count < n else None

    def stop():
        if handle is not None:
            handle.cancel()

    handle = loop.call_soon(tick)
    return stop


def ename(e):
    """The exception's class name (wasyncio's names map back to these, see trace.ts)."""
    return type(e).__name__


def outcome(fut):
    """'result <v>' / 'exception <Class>' / 'cancelled' of a done future, 'pending' otherwise."""
    if not fut.done():
        return "pending"
    if fut.cancelled():
        return "cancelled"
    exc = fut.exception()
    if exc is not None:
        return f"exception {ename(exc)}"
    return f"result {fut.result()!r}"


def nwait(prim):
    """len(_waiters) of a lock-like primitive (wasyncio: statistics().waiters)."""
    return len(prim._waiters or ())


class Boom(Exception):
    """The programs' own error class (twin: Boom of trace.ts)."""


async def worker(name, hops, fail=False, log_raise=True):
    """The hop-counting worker: awaits sleep(0) `hops` times, then returns name, or raises
    Boom(name) when fail. Prints '<name> cancelled' if cancelled on the way, then
    '<name> raises' (unless not log_raise) or '<name> finishes'."""
    try:
        for _ in range(hops):
            await asyncio.sleep(0)
    except asyncio.CancelledError:
        print(f"{name} cancelled")
        raise
    if fail:
        if log_raise:
            print(f"{name} raises")
        raise Boom(name)
    print(f"{name} finishes")
    return name


def attempt(label, fn):
    """Calls fn() and prints '<label>: no error' or '<label>: <exception class>'."""
    try:
        fn()
        print(f"{label}: no error")
    except BaseException as e:
        print(f"{label}: {ename(e)}")


async def attempt_async(label, coro):
    """attempt() for an awaitable."""
    try:
        await coro
        print(f"{label}: no error")
    except BaseException as e:
        print(f"{label}: {ename(e)}")


class _VirtualSelector(selectors.DefaultSelector):
    """A real selector (the loop's self-pipe stays registered) that never waits: a select()
    with a timeout moves the loop's virtual clock to the deadline and polls."""

    loop = None

    def select(self, timeout=None):
        if timeout is not None and timeout > 0:
            self.loop.advance(timeout)
            timeout = 0
        return super().select(timeout)


class VirtualTimeLoop(asyncio.SelectorEventLoop):
    """asyncio's own event loop (BaseEventLoop._run_once and everything above it unchanged) on
    virtual time: loop.time() is a counter that select() moves to the next deadline instead of
    waiting, as wasyncio's VirtualClock({ autojump: true }) does, and as CPython's own tests do
    (Lib/test/test_asyncio/utils.py, TestLoop). Traces then depend on deadlines only, never on
    how busy the machine is. advance(s) holds the loop for s seconds (time.sleep() without the
    wait; wasyncio: clock.advance(ms))."""

    def __init__(self):
        self._virtual_now = 0.0
        selector = _VirtualSelector()
        super().__init__(selector)
        selector.loop = self

    def time(self):
        return self._virtual_now

    def advance(self, seconds):
        self._virtual_now += seconds


def run(main):
    """asyncio.run(main) on a VirtualTimeLoop."""
    return asyncio.run(main, loop_factory=VirtualTimeLoop)


def Runner():
    """asyncio.Runner() on a VirtualTimeLoop."""
    return asyncio.Runner(loop_factory=VirtualTimeLoop)


def new_event_loop():
    """asyncio.new_event_loop(), virtual time."""
    return VirtualTimeLoop()
