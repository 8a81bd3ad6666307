"""drive_core.py: wasyncio's scheduler core driven from Python through its WIT alone.

Wasmtime (the `wasmtime` package) instantiates core.component.wasm; this file is a small event
loop in Python that asks the core what runs next and runs it: callbacks, timers and tasks
(Python generators), a Lock and a bounded Queue. The function names come from
wit/component/core.wit (which interface holds each), nothing else of wasyncio is read.
It prints one JSON object: each scenario's log, in the order things ran.
tests/wasi/facade-order.mjs writes the same programs with wasyncio's own API; scripts/test-wasi.mjs
compares the two. docs/drive-the-scheduler.md walks through this file.

Usage: python3 drive_core.py core.component.wasm core.wit
"""
import json
import math
import re
import sys

import wasmtime
from wasmtime import component as cm

TASK_BIT = 0x80000000  # types.wit `entry`: a task id with bit 31 set
RESOLUTION = 1e-6      # this loop's clock resolution (ms): collect(now + resolution)


class Cancelled(Exception):
    """asyncio.CancelledError, for the Python tasks."""


class Core:
    """The component's exports as Python methods: core.lock_acquire(l) calls locks.lock-acquire."""

    def __init__(self, component_path, wit_path):
        engine = wasmtime.Engine()
        self.store = wasmtime.Store(engine)
        self.inst = cm.Linker(engine).instantiate(self.store, cm.Component.from_file(engine, component_path))
        self.where = {}
        wit = open(wit_path).read()
        for m in re.finditer(r"\ninterface ([a-z-]+) \{(.*?)\n\}", wit, re.S):
            for f in re.finditer(r"^\s*([a-z][a-z0-9-]*): func\(", m.group(2), re.M):
                self.where[f.group(1)] = m.group(1)
        self.funcs = {}

    def __getattr__(self, name):
        kebab = name.replace("_", "-")
        if kebab not in self.where:
            raise AttributeError(name)
        iface = self.inst.get_export_index(self.store, "wasyncio:core/%s@0.1.0" % self.where[kebab])
        f = self.inst.get_func(self.store, self.inst.get_export_index(self.store, kebab, iface))
        call = lambda *a: f(self.store, *a)
        self.__dict__[name] = call
        return call


class Loop:
    """asyncio's _run_once on the core: prepare, collect(now + resolution), run the batch."""

    def __init__(self, core):
        self.core = core
        self.t = 0.0  # a virtual clock that jumps to the next timer when nothing is ready
        self.callbacks = {}
        self.tasks = {}
        self.parked = {}    # task -> waiter node it is parked on
        self.sleeping = {}  # task -> timer handle
        self.throw = set()  # tasks whose next step gets Cancelled (their sleep was cancelled)
        self.log = []

    def time(self):
        return self.t

    def call_soon(self, fn):
        h = self.core.call_soon()
        self.callbacks[h] = fn
        return h

    def call_later(self, ms, fn):
        h = self.core.call_at(float(self.t + ms))
        self.callbacks[h] = fn
        return h

    def cancel_timer(self, h):
        self.core.timer_cancel(h)
        self.callbacks.pop(h, None)

    def create_task(self, gen):
        tid = self.core.task_new(False)
        self.tasks[tid] = gen
        return tid

    def cancel_task(self, tid):
        outcome = self.core.task_cancel(tid)
        if outcome != "waiter":
            return outcome != "done"
        if tid in self.parked:
            if not self.core.task_park_cancel(tid, self.parked[tid]):
                self.core.task_set_must_cancel(tid)
        elif tid in self.sleeping:
            self.cancel_timer(self.sleeping.pop(tid))
            self.throw.add(tid)
            self.core.task_schedule(tid)
        return True

    def step(self, tid):
        gen = self.tasks[tid]
        must_cancel = self.core.task_step_begin(tid)
        self.parked.pop(tid, None)
        self.sleeping.pop(tid, None)
        try:
            if must_cancel or tid in self.throw:
                self.throw.discard(tid)
                req = gen.throw(Cancelled())
            else:
                req = gen.send(None)
        except (StopIteration, Cancelled):
            self.core.task_finish(tid)
            del self.tasks[tid]
            return
        kind, arg = req
        if kind == "park":      # wait on a waiter node the core handed out
            self.parked[tid] = arg
            self.core.task_step_park(tid, arg)
        elif kind == "sleep":   # wait on a timer of our own
            self.sleeping[tid] = self.call_later(arg, lambda: self.core.task_schedule(tid))
            self.core.task_step_wait(tid)
        else:                   # a bare yield
            self.core.task_step_yield(tid)

    def run(self):
        while True:
            deadline = self.core.prepare()
            if self.core.ready_count() == 0:
                if deadline == math.inf:
                    break
                self.t = max(self.t, deadline)
            for entry in self.core.collect(self.t + RESOLUTION):
                if entry & TASK_BIT:
                    self.step(entry & ~TASK_BIT)
                else:
                    self.callbacks.pop(entry)()
        assert self.core.check_invariants() and self.core.live_tasks() == 0
        return self.log


# ---- the scenarios (tests/wasi/facade-order.mjs: the same with wasyncio's API) ----------------

def timers(core):
    loop = Loop(core)
    say = lambda name: lambda: loop.log.append("%s@%g" % (name, loop.time()))
    loop.call_later(10, say("A"))
    loop.call_later(5, say("B"))
    c = loop.call_later(10, say("C"))
    loop.call_later(5, say("D"))
    loop.call_soon(say("E"))
    loop.cancel_timer(c)
    return loop.run()


def batch(core):
    loop = Loop(core)
    log = loop.log

    def x():
        log.append("X")
        loop.call_soon(lambda: log.append("Y"))
        loop.call_later(0, lambda: log.append("W"))

    loop.call_soon(x)
    loop.call_soon(lambda: log.append("Z"))
    return loop.run()


def lock(core):
    loop = Loop(core)
    log = loop.log
    lk = core.lock_new()

    def acquire(name):
        node = core.lock_acquire(lk)
        if node:
            try:
                yield ("park", node)
                if core.waiter_state(node) != "woken":  # task-park-cancel chose the wait's end
                    raise Cancelled()
            except Cancelled:
                core.lock_acquire_end(lk, node, True)
                log.append("%s cancelled@%g" % (name, loop.time()))
                raise
            core.lock_acquire_end(lk, node, False)
        log.append("%s acquired@%g" % (name, loop.time()))

    def holder(name, ms):
        yield from acquire(name)
        yield ("sleep", ms)
        core.lock_release(lk)

    def guarded(name):
        try:
            yield from holder(name, 1)
        except Cancelled:
            pass

    loop.create_task(holder("T1", 5))
    loop.create_task(guarded("T2"))
    t3 = loop.create_task(guarded("T3"))
    loop.create_task(guarded("T4"))
    loop.call_later(2, lambda: loop.cancel_task(t3))
    log_ = loop.run()
    core.lock_free(lk)
    return log_


def queue(core):
    loop = Loop(core)
    log = loop.log
    q = core.q_new("fifo", 1.0)
    items = {}

    def put(value):
        items[len(items) + 1] = value
        while core.q_put(q, len(items), 0.0) < 0:  # full: park until a getter makes room
            node = core.q_wait_put(q)
            yield ("park", node)
            core.q_wait_end(q, node, "put", False)

    def get():
        while True:
            st = core.q_get(q)
            if st >= 0:
                return items[st]
            node = core.q_wait_get(q)  # empty: park until a putter brings one
            yield ("park", node)
            core.q_wait_end(q, node, "get", False)

    def producer():
        for v in "abc":
            yield from put(v)
            log.append("put %s@%g" % (v, loop.time()))

    def consumer():
        yield ("sleep", 1)
        for _ in range(3):
            v = yield from get()
            log.append("got %s@%g" % (v, loop.time()))

    loop.create_task(producer())
    loop.create_task(consumer())
    log_ = loop.run()
    core.q_free(q)
    return log_


if __name__ == "__main__":
    core = Core(sys.argv[1], sys.argv[2])
    out = {}
    for name, scenario in (("timers", timers), ("batch", batch), ("lock", lock), ("queue", queue)):
        out[name] = scenario(core)
        core.reset()
    print(json.dumps(out))
