// reset.test.ts: reset() (assembly/index.ts) returns an instance to its freshly instantiated
// state: with every table filled (callbacks, timers, cancelled ones among them, tasks in every
// state, each primitive kind with parked waiters, queues holding items), afterwards every live
// counter is 0, nothing is ready or due, and the same calls hand out the same ids as on a fresh
// instance. The checked builds' invariants hold throughout, and there the old ids are invalid.
import { describe, it, expect } from "vitest";
import { Q_FIFO, Q_LIFO, Q_PRIORITY, type CoreExports } from "../../gen/core-abi.js";
import { builds, iterate } from "./core.js";

/** Every live counter of the core. */
const COUNTERS = [
  "liveHandles", "liveTasks", "timerCount", "cancelledTimers", "readyCount", "liveWaiters", "livePrimitives",
  "liveLists", "liveItems",
] as const;
const counters = (c: CoreExports) => Object.fromEntries(COUNTERS.map((k) => [k, c[k]()]));
const EMPTY = Object.fromEntries(COUNTERS.map((k) => [k, 0]));

/** A task parked on each node, as the façade's task step does; returns the tasks. */
function park(c: CoreExports, nodes: number[]): number[] {
  return nodes.map((n) => {
    expect(n).toBeGreaterThan(0);
    const t = c.taskNew(1);
    c.taskStepBegin(t);
    c.taskStepPark(t, n);
    return t;
  });
}

/** Fills every table, past its initial capacity where that is cheap; returns every id handed out,
 *  in order (deterministic: the same on any instance in the same state). */
function fill(c: CoreExports): number[] {
  const ids: number[] = [];
  const note = (...xs: number[]) => (ids.push(...xs), xs[0]);
  // Timers (a third cancelled, lazily still in the heap) and callbacks.
  for (let i = 0; i < 300; i++) {
    const h = note(c.callAt(1000 + (i % 37)));
    if (i % 3 === 0) c.timerCancel(h);
  }
  for (let i = 0; i < 50; i++) note(c.callSoon());
  // Tasks: scheduled, running, waiting, cancelled.
  for (let i = 0; i < 300; i++) note(c.taskNew(i & 1));
  const running = note(c.taskNew(1));
  c.taskStepBegin(running);
  c.taskCancel(note(c.taskNew(0)));
  // One batch is out (its handle ids stay taken until the next collect), and more is ready.
  iterate(c, 0);
  note(c.callSoon(), c.taskNew(0));
  // Each primitive kind, with parked waiters.
  const lock = note(c.lockNew());
  expect(c.lockAcquire(lock)).toBe(0);
  note(...park(c, [note(c.lockAcquire(lock)), note(c.lockAcquire(lock))]));
  const cl = note(c.lockNew());
  const cond = note(c.condNew(cl));
  expect(c.lockAcquire(cl)).toBe(0);
  note(...park(c, [note(c.condWait(cond))]));
  const ev = note(c.eventNew(0));
  note(...park(c, Array.from({ length: 300 }, () => note(c.eventWait(ev)))));
  const sem = note(c.semNew(0, -1));
  const semWaiters = [note(c.semAcquire(sem)), note(c.semAcquire(sem))];
  note(...park(c, semWaiters));
  c.waiterCancel(semWaiters[0]);
  note(c.semNew(2, 2));
  const bl = note(c.lockNew());
  const bc = note(c.condNew(bl));
  const bar = note(c.barrierNew(3, bc));
  note(c.barrierEnter(bar));
  // Queues: a full FIFO with a parked putter and a join waiter, a priority queue and a LIFO
  // holding items (the item pool past its capacity), an empty LIFO with a parked getter.
  const fifo = note(c.qNew(Q_FIFO, 2));
  c.qPut(fifo, 1, 0);
  c.qPut(fifo, 2, 0);
  note(...park(c, [note(c.qWaitPut(fifo)), note(c.qJoin(fifo))]));
  const pq = note(c.qNew(Q_PRIORITY, 0));
  for (let i = 0; i < 300; i++) c.qPut(pq, i, i % 7);
  const lifo = note(c.qNew(Q_LIFO, 0));
  for (let i = 0; i < 10; i++) c.qPut(lifo, i, 0);
  const empty = note(c.qNew(Q_LIFO, 0));
  note(...park(c, [note(c.qWaitGet(empty))]));
  for (let i = 0; i < 5; i++) c.qGet(pq);
  c.qPut(fifo, 3, 0); // full: ST_FULL, nothing changes
  return ids;
}

describe.each(builds)("reset() ($name build)", (build) => {
  it("frees every table: every live counter is 0, nothing is ready or due", () => {
    const c = build.make();
    fill(c);
    for (const [k, v] of Object.entries(counters(c))) expect(v, `${k} before reset()`).toBeGreaterThan(0);
    expect(c.checkInvariants()).toBe(1);
    expect(c.checkWaiters()).toBe(1);
    c.reset();
    expect(counters(c)).toEqual(EMPTY);
    expect(c.checkInvariants()).toBe(1);
    expect(c.checkWaiters()).toBe(1);
    expect(c.prepare()).toBe(Infinity);
    expect(iterate(c)).toEqual([]);
  });

  it("hands out the ids a fresh instance does, and again after each reset()", () => {
    const fresh = fill(build.make());
    const c = build.make();
    for (let round = 0; round < 3; round++) {
      expect(fill(c)).toEqual(fresh);
      expect(c.checkInvariants()).toBe(1);
      expect(c.checkWaiters()).toBe(1);
      c.reset();
    }
    // And each id's table row starts fresh: a first allocation of each kind behaves as on a new
    // instance (a lock is free, an event clear, a queue empty, a task scheduled).
    const d = build.make();
    const first = (x: CoreExports) => {
      const l = x.lockNew();
      const e = x.eventNew(0);
      const q = x.qNew(Q_FIFO, 0);
      const t = x.taskNew(0);
      return [l, x.lockAcquire(l), e, x.eventIsSet(e), q, x.qSize(q), x.qGet(q), t, x.taskFlags(t), x.callSoon(), ...iterate(x)];
    };
    expect(first(c)).toEqual(first(d));
  });

  it.runIf(build.checked)("makes the old loop's ids invalid: using one traps", () => {
    const c = build.make();
    fill(c);
    c.reset();
    expect(() => c.lockLocked(1)).toThrow(/invalid or free primitive id/);
    expect(() => c.taskCancelling(1)).toThrow(/invalid or finished task id/);
    expect(() => c.timerCancel(1)).toThrow(/invalid handle id/);
    expect(c.waiterState(1)).toBe(0);
    expect(c.taskFlags(1)).toBe(0);
  });
});
