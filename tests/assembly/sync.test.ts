// The primitives' core exports (assembly/sync.ts) driven directly, on the release build and on
// the debug build (assertions on): which parked tasks a wake schedules and in what order, list
// invariants, id reuse,
// and the leftist heap under many items.

import { describe, expect, it } from "vitest";
import { _openCore } from "../../ts/loop/core.js";
import { instantiate as instantiatePortable } from "../../gen/core-portable.js";
import {
  TASK_BIT, ID_MASK, W_PENDING, W_WOKEN, W_CANCELLED, ST_NOT_LOCKED, ST_OVER_RELEASE, ST_EMPTY, ST_FULL,
  ST_SHUTDOWN, Q_FIFO, Q_PRIORITY, SIDE_GET, SIDE_PUT, type CoreExports,
} from "../../gen/core-abi.js";

/** Each node parks a task of its own, as the façade's task step does (taskStepPark). */
const taskOf = new WeakMap<CoreExports, Map<number, number>>();
function park(core: CoreExports, ...nodes: number[]): void {
  let m = taskOf.get(core);
  if (m === undefined) taskOf.set(core, (m = new Map()));
  for (const n of nodes) {
    const t = core.taskNew(1);
    core.taskStepBegin(t);
    expect(core.taskStepPark(t, n)).toBe(0);
    m.set(t, n);
  }
}

/** The nodes whose tasks the core scheduled since the last call, in ready-ring order. */
function woken(core: CoreExports): number[] {
  const n = core.collect(-Infinity);
  const m = new Uint32Array(core.memory.buffer);
  const base = core.batchPtr() >>> 2;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const e = m[base + i];
    expect(e & TASK_BIT).not.toBe(0);
    const t = e & ID_MASK;
    out.push(taskOf.get(core)!.get(t)!);
    core.taskStepBegin(t); // the step runs; the task then parks again or finishes in the tests
    core.taskFinish(t);
  }
  return out;
}

/** Entries in the ready ring: after woken() drained it, the tasks the exports since scheduled. */
function scheduled(core: CoreExports): number {
  return core.readyCount();
}

const BUILDS: [string, () => CoreExports][] = [
  ["release", () => _openCore("release")],
  ["debug", () => _openCore("checked")],
  ["portable (wasm2js)", () => instantiatePortable({}) as unknown as CoreExports],
];

for (const [build, fresh] of BUILDS) {
  describe(`sync core (${build} build)`, () => {
    it("a node chosen before its task parked schedules the task at park time; taskParkCancel cancels only a pending wait of that task", () => {
      const core = fresh();
      const l = core.lockNew();
      expect(core.lockAcquire(l)).toBe(0);
      const a = core.lockAcquire(l);
      expect(core.lockRelease(l)).toBe(0); // a is chosen during "its step", before it parked
      expect(scheduled(core)).toBe(0);
      park(core, a);
      expect(woken(core)).toEqual([a]);
      core.lockAcquireEnd(l, a, 0);
      const b = core.lockAcquire(l);
      const d = core.lockAcquire(l);
      park(core, b, d);
      const [tb, td] = [...taskOf.get(core)!.entries()].filter(([, n]) => n === b || n === d).map(([t]) => t);
      expect(core.taskParkCancel(td, b)).toBe(0); // not d's node
      expect(core.waiterState(b)).toBe(W_PENDING);
      expect(core.taskParkCancel(tb, b)).toBe(1);
      expect(core.waiterState(b)).toBe(W_CANCELLED);
      expect(core.taskParkCancel(tb, b)).toBe(0); // cancelled already
      expect(woken(core)).toEqual([b]); // the cancelled task's step, to throw in
      core.lockAcquireEnd(l, b, 1);
      expect(core.lockRelease(l)).toBe(0);
      expect(scheduled(core)).toBe(1);
      expect(core.taskParkCancel(td, d)).toBe(0); // chosen already: asyncio's cancel() of a done future
      expect(woken(core)).toEqual([d]);
      core.lockAcquireEnd(l, d, 0);
      expect(core.liveWaiters()).toBe(0);
      expect(core.checkWaiters()).toBe(1);
    });

    it("a node wakes its task only while the task is still suspended on it", () => {
      const core = fresh();
      const l = core.lockNew();
      expect(core.lockAcquire(l)).toBe(0);
      const a = core.lockAcquire(l);
      park(core, a);
      const t = [...taskOf.get(core)!.entries()].find(([, n]) => n === a)![0];
      // Something else resumes the task (its coroutine was driven by hand and left the wait).
      core.taskSchedule(t);
      expect(core.collect(-Infinity)).toBe(1);
      core.taskStepBegin(t);
      core.taskStepYield(t);
      expect(core.collect(-Infinity)).toBe(1);
      expect(core.lockRelease(l)).toBe(0);
      expect(core.waiterState(a)).toBe(W_WOKEN); // chosen, as asyncio's release chooses the head
      expect(scheduled(core)).toBe(0); // but the task is not suspended on it: not scheduled
      expect(core.taskParkCancel(t, a)).toBe(0);
    });

    it("Event.set wakes every pending waiter in FIFO order, across memory growth", () => {
      const core = fresh();
      const e = core.eventNew(0);
      const nodes: number[] = [];
      for (let i = 0; i < 20000; i++) nodes.push(core.eventWait(e));
      park(core, ...nodes);
      core.waiterCancel(nodes[1]);
      expect(core.eventSet(e)).toBe(19999);
      expect(scheduled(core)).toBe(19999);
      expect(woken(core)).toEqual(nodes.filter((_, i) => i !== 1));
      expect(core.eventWaiters(e)).toBe(20000);
      for (const n of nodes) core.eventWaitEnd(e, n);
      expect(core.liveWaiters()).toBe(0);
      expect(core.checkWaiters()).toBe(1);
      core.eventFree(e);
      expect(core.liveLists()).toBe(0);
    });

    it("Lock: fast path only with no live waiter; release wakes the head only if it is pending", () => {
      const core = fresh();
      const l = core.lockNew();
      expect(core.lockAcquire(l)).toBe(0);
      const a = core.lockAcquire(l);
      const b = core.lockAcquire(l);
      expect(a).toBeGreaterThan(0);
      park(core, a, b);
      core.waiterCancel(a);
      expect(core.lockRelease(l)).toBe(0);
      expect(woken(core)).toEqual([]); // cancelled head: nobody woken yet
      expect(core.lockCheck(l)).toBe(1);
      core.lockAcquireEnd(l, a, 1); // the cancelled head resumes and passes the turn on
      expect(woken(core)).toEqual([b]);
      core.lockAcquireEnd(l, b, 0);
      expect(core.lockLocked(l)).toBe(1);
      expect(core.lockRelease(l)).toBe(0);
      expect(core.lockRelease(l)).toBe(ST_NOT_LOCKED);
      expect(core.checkWaiters()).toBe(1);
    });

    it("Semaphore: a woken waiter's unit is reserved; a cancel after the wake gives it back to the next", () => {
      const core = fresh();
      const s = core.semNew(0, -1);
      const a = core.semAcquire(s);
      const b = core.semAcquire(s);
      park(core, a, b);
      expect(core.semRelease(s)).toBe(0);
      expect(woken(core)).toEqual([a]);
      expect([core.semValue(s), core.semLocked(s)]).toEqual([0, 1]);
      core.semAcquireEnd(s, a, 1);
      expect(woken(core)).toEqual([b]);
      expect(core.semValue(s)).toBe(0);
      core.semAcquireEnd(s, b, 0);
      expect(core.semLocked(s)).toBe(1);
      const bs = core.semNew(1, 1);
      expect(core.semRelease(bs)).toBe(ST_OVER_RELEASE);
    });

    it("PriorityQueue buffer: 30k random items come out by (priority, arrival)", () => {
      const core = fresh();
      const q = core.qNew(Q_PRIORITY, 0);
      const model: [number, number][] = [];
      let x = 7;
      const rnd = () => ((x = (x * 1103515245 + 12345) & 0x7fffffff), x);
      for (let h = 0; h < 30000; h++) {
        const p = rnd() % 50;
        expect(core.qPut(q, h, p)).toBe(0);
        model.push([p, h]);
      }
      expect(core.qCheck(q)).toBe(1);
      model.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      const out: number[] = [];
      for (let i = 0; i < 30000; i++) out.push(core.qGet(q));
      expect(out).toEqual(model.map((m) => m[1]));
      expect(core.qGet(q)).toBe(ST_EMPTY);
      expect(core.liveItems()).toBe(0);
    });

    it("Queue: put wakes the first pending getter, popping cancelled ones; shutdown wakes all", () => {
      const core = fresh();
      const q = core.qNew(Q_FIFO, 1);
      const g1 = core.qWaitGet(q);
      const g2 = core.qWaitGet(q);
      const g3 = core.qWaitGet(q);
      park(core, g1, g2, g3);
      core.waiterCancel(g1);
      expect(core.qPut(q, 5, 0)).toBe(0);
      expect(woken(core)).toEqual([g2]);
      expect(core.qGetters(q)).toBe(1); // g1 popped and dropped, g2 popped and woken
      expect(core.qPut(q, 6, 0)).toBe(ST_FULL);
      const p1 = core.qWaitPut(q);
      park(core, p1);
      core.qShutdown(q, 1);
      expect(woken(core)).toEqual([g3, p1]);
      expect([core.qSize(q), core.qUnfinished(q), core.qIsShutdown(q)]).toEqual([0, 0, 1]);
      for (const n of [g1, g2, g3]) core.qWaitEnd(q, n, SIDE_GET, 0);
      core.qWaitEnd(q, p1, SIDE_PUT, 0);
      expect(core.qGet(q)).toBe(ST_SHUTDOWN);
      expect(core.qPut(q, 1, 0)).toBe(ST_SHUTDOWN);
      expect(core.liveWaiters()).toBe(0);
      core.qFree(q);
      expect(core.livePrimitives()).toBe(0);
    });
  });
}
