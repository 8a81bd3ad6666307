"""Shared helpers for the sync conformance programs (tests/sync/python/*.py).

Each program prints a trace, one event per line; its wasyncio twin in tests/sync/conformance.test.ts
records the same lines (tests/sync/helpers.ts mirrors these helpers). Python seconds are
wasyncio milliseconds. The ticker and the outcome helpers are the loop conformance suite's
(tests/python/_trace.py), loaded from there rather than copied.
"""
import importlib.util
import os

_spec = importlib.util.spec_from_file_location(
    "_loop_trace", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "python", "_trace.py"))
_loop_trace = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_loop_trace)

ename = _loop_trace.ename
outcome = _loop_trace.outcome


def start_ticker(n=60):
    """The loop suite's '-- tick k' chain, with this suite's default length."""
    return _loop_trace.start_ticker(n)


def nwait(prim):
    """len(_waiters) of a lock-like primitive (wasyncio: statistics().waiters)."""
    return len(prim._waiters or ())
