"""Shared helpers for the sync conformance programs (tests/sync/python/*.py).

Each program prints a trace, one event per line; its wasyncio twin in tests/sync/conformance.test.ts
records the same lines (tests/sync/helpers.ts mirrors these helpers). Python seconds are
wasyncio milliseconds.
"""
import asyncio


def start_ticker(n=60):
    """call_soon chain printing '-- tick k' once per loop iteration (at most n times); returns
    stop(), called before main returns so that no tick falls into asyncio.run()'s shutdown."""
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
    return type(e).__name__


def outcome(fut):
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
