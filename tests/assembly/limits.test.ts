// The core's memory ceiling (assembly/limits.ts, setMemoryLimit) driven directly, on every build:
// each table is filled until its export says NO_MEMORY, and then that export has changed
// nothing (counts, invariants, the lock still held for a refused condition wait), the memory
// never passed the ceiling, nothing trapped (the checked builds would), and what was freed is
// reused without growing.
import { describe, expect, it } from "vitest";
import { _openCore } from "../../ts/loop/core.js";
import { builds } from "./core.js";
import { NO_MEMORY, Q_FIFO, Q_PRIORITY, type CoreExports } from "../../gen/core-abi.js";

const PAGES = 8;
const LIMIT = PAGES * 65536;

/** A fresh core of the build (never a pooled one: its memory may have grown) with the ceiling. */
function limited(b: (typeof builds)[number]): CoreExports {
  const c = b.name.startsWith("portable") ? b.make() : _openCore(b.checked ? "checked" : "release", false);
  expect(c.setMemoryLimit(PAGES)).toBe(1);
  return c;
}

/** Calls `f` until it returns NO_MEMORY; returns how many times it did not (bounded). */
function fill(c: CoreExports, f: () => number): number {
  for (let i = 0; i < 10_000_000; i++) {
    const r = f();
    if (r === NO_MEMORY) return i;
    expect(c.memory.buffer.byteLength).toBeLessThanOrEqual(LIMIT);
  }
  throw new Error("never refused");
}

describe.each(builds.map((b) => [b.name, b] as const))("memory ceiling (%s)", (_name, b) => {
  it("refuses a larger memory than the ceiling at once", () => {
    const c = b.name.startsWith("portable") ? b.make() : _openCore(b.checked ? "checked" : "release", false);
    for (let i = 0; i < 3000; i++) c.taskNew(0);
    expect(c.setMemoryLimit(1)).toBe(0);
    expect(c.taskNew(0)).toBeGreaterThan(0); // no ceiling was set
  });

  it("tasks: taskNew refused, the ring and the table unchanged", () => {
    const c = limited(b);
    const n = fill(c, () => c.taskNew(0));
    expect(n).toBeGreaterThan(1000);
    expect(c.liveTasks()).toBe(n);
    expect(c.readyCount()).toBe(n);
    expect(c.taskNew(1)).toBe(NO_MEMORY);
    expect(c.checkInvariants()).toBe(1);
    // Every step runs; a finished task's row is taken again without growth.
    expect(c.collect(-Infinity)).toBe(n);
    for (let id = 1; id <= n; id++) {
      c.taskStepBegin(id);
      c.taskFinish(id);
    }
    expect(c.liveTasks()).toBe(0);
    expect(fill(c, () => c.taskNew(0))).toBe(n);
    expect(c.memory.buffer.byteLength).toBeLessThanOrEqual(LIMIT);
  });

  it("timers and callbacks: callAt and callSoon refused, the heap in order", () => {
    const c = limited(b);
    const n = fill(c, () => c.callAt(1000 - (Math.random() * 1000) | 0));
    expect(n).toBeGreaterThan(1000);
    expect(c.timerCount()).toBe(n);
    const m = fill(c, () => c.callSoon());
    expect(c.liveHandles()).toBe(n + m);
    expect(c.callAt(5)).toBe(NO_MEMORY);
    expect(c.checkInvariants()).toBe(1);
    expect(c.prepare()).toBeLessThanOrEqual(1000);
    expect(c.collect(Infinity)).toBe(n + m);
    expect(c.collect(Infinity)).toBe(0); // the ids are free now, and reused:
    expect(fill(c, () => c.callSoon())).toBeGreaterThanOrEqual(n + m);
  });

  it("waiters: every parking export refused; a refused condition wait keeps the lock", () => {
    const c = limited(b);
    const lock = c.lockNew();
    const cond = c.condNew(lock);
    const ev = c.eventNew(0);
    const sem = c.semNew(0, -1);
    const q = c.qNew(Q_FIFO, 1);
    expect(c.lockAcquire(lock)).toBe(0);
    const n = fill(c, () => c.lockAcquire(lock));
    expect(n).toBeGreaterThan(1000);
    expect(c.lockWaiters(lock)).toBe(n);
    expect(c.condWait(cond)).toBe(NO_MEMORY);
    expect(c.lockLocked(lock)).toBe(1);
    expect(c.condWaiters(cond)).toBe(0);
    expect(c.eventWait(ev)).toBe(NO_MEMORY);
    expect(c.semAcquire(sem)).toBe(NO_MEMORY);
    expect(c.qWaitGet(q)).toBe(NO_MEMORY);
    expect(c.qPut(q, 1, 0)).toBe(0);
    expect(c.qWaitPut(q)).toBe(NO_MEMORY);
    expect(c.qJoin(q)).toBe(NO_MEMORY);
    expect([c.eventWaiters(ev), c.semWaiters(sem), c.qGetters(q), c.qPutters(q), c.qJoiners(q)]).toEqual([0, 0, 0, 0, 0]);
    expect(c.checkWaiters()).toBe(1);
    expect(c.lockCheck(lock)).toBe(1);
    // An uncontended acquire needs no node: still granted.
    const other = c.lockNew();
    if (other !== NO_MEMORY) expect(c.lockAcquire(other)).toBe(0);
  });

  it("queue items: qPut refused, the buffer whole and in order", () => {
    for (const kind of [Q_FIFO, Q_PRIORITY]) {
      const c = limited(b);
      const q = c.qNew(kind, 0);
      const n = fill(c, () => c.qPut(q, 7, 1));
      expect(n).toBeGreaterThan(1000);
      expect(c.qSize(q)).toBe(n);
      expect(c.qUnfinished(q)).toBe(n);
      expect(c.qCheck(q)).toBe(1);
      for (let i = 0; i < n; i++) expect(c.qGet(q)).toBe(7);
      expect(fill(c, () => c.qPut(q, 7, 1))).toBe(n);
    }
  });

  it("primitives: every *New refused, none half made", () => {
    const c = limited(b);
    const n = fill(c, () => c.qNew(Q_FIFO, 0));
    expect(n).toBeGreaterThan(100);
    const before = [c.livePrimitives(), c.liveLists()];
    const lock = c.lockNew();
    const made = lock === NO_MEMORY ? 0 : 1;
    for (const f of [() => c.eventNew(0), () => c.semNew(1, -1), () => c.qNew(Q_FIFO, 0), () => c.lockNew()]) {
      fill(c, f);
    }
    expect(c.eventNew(1)).toBe(NO_MEMORY);
    expect(c.qNew(Q_PRIORITY, 3)).toBe(NO_MEMORY);
    expect(c.livePrimitives()).toBeGreaterThanOrEqual(before[0] + made);
    expect(c.checkWaiters()).toBe(1);
    expect(c.memory.buffer.byteLength).toBeLessThanOrEqual(LIMIT);
  });
});
