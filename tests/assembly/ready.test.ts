// ready.test.ts: assembly/ready.ts and the batch rule of scheduler.collect(), driven through
// core.wasm's ABI on every build.
import { describe, it, expect, beforeEach } from "vitest";
import { TASK_BIT, type CoreExports } from "../../gen/core-abi.js";
import { builds, batchOf, iterate } from "./core.js";

describe.each(builds)("ready ring ($name build)", (build) => {
  let c: CoreExports;
  beforeEach(() => {
    c = build.make();
  });

  it("callSoon() entries come out of collect() in FIFO order", () => {
    const ids = [c.callSoon(), c.callSoon(), c.callSoon(), c.callSoon()];
    expect(ids).toEqual([1, 2, 3, 4]);
    expect(c.readyCount()).toBe(4);
    expect(iterate(c)).toEqual(ids);
    expect(c.readyCount()).toBe(0);
    expect(c.checkInvariants()).toBe(1);
  });

  it("collect() of an empty ring returns an empty batch", () => {
    expect(c.collect(Infinity)).toBe(0);
    expect(c.prepare()).toBe(Infinity);
  });

  it("the ring grows past 1024 entries and keeps FIFO order", () => {
    const ids: number[] = [];
    for (let i = 0; i < 5000; i++) ids.push(c.callSoon());
    expect(c.readyCount()).toBe(5000);
    expect(iterate(c)).toEqual(ids);
    expect(c.checkInvariants()).toBe(1);
  });

  it("the ring grows while wrapped around (head not at 0) and keeps FIFO order", () => {
    // Move the head to 700, then fill past capacity so that the live entries wrap first.
    for (let i = 0; i < 700; i++) c.callSoon();
    expect(iterate(c)).toHaveLength(700);
    const want: number[] = [];
    for (let i = 0; i < 1500; i++) {
      if (i % 3 === 0) {
        const t = c.taskNew(0);
        want.push((t | TASK_BIT) >>> 0);
      } else want.push(c.callSoon());
    }
    expect(iterate(c)).toEqual(want);
  });

  it("the ring at exactly 1024 entries does not lose or duplicate an entry", () => {
    for (let round = 0; round < 3; round++) {
      const ids: number[] = [];
      for (let i = 0; i < 1024 + round; i++) ids.push(c.callSoon());
      expect(new Set(iterate(c)).size).toBe(ids.length);
    }
  });

  it("collect() snapshots only what was ready: entries pushed after it wait for the next collect()", () => {
    const a = c.callSoon();
    const b = c.callSoon();
    expect(iterate(c)).toEqual([a, b]);
    // "Running" the batch: each entry schedules another one.
    const c1 = c.callSoon();
    const t = c.taskNew(0);
    const c2 = c.callSoon();
    expect(c.readyCount()).toBe(3);
    expect(iterate(c)).toEqual([c1, (t | TASK_BIT) >>> 0, c2]);
    expect(c.readyCount()).toBe(0);
    expect(iterate(c)).toEqual([]);
  });

  it("the batch stays readable at batchPtr() while new entries are scheduled", () => {
    const ids: number[] = [];
    for (let i = 0; i < 3000; i++) ids.push(c.callSoon());
    const n = c.collect(Infinity);
    // Scheduling more (and growing the ring) during the iteration leaves the batch intact.
    for (let i = 0; i < 3000; i++) c.callSoon();
    expect(batchOf(c, n)).toEqual(ids);
  });

  it("handle ids are recycled one iteration late", () => {
    const a = c.callSoon();
    const b = c.callSoon();
    expect(iterate(c)).toEqual([a, b]);
    // While the batch [a, b] runs, its ids are still taken.
    const d = c.callSoon();
    expect([a, b]).not.toContain(d);
    expect(c.liveHandles()).toBe(3);
    expect(iterate(c)).toEqual([d]);
    // The next collect() released a and b: they are handed out again (most recently freed first).
    expect(c.liveHandles()).toBe(1);
    const e = c.callSoon();
    const f = c.callSoon();
    expect([e, f].sort()).toEqual([a, b].sort());
    expect([a, b]).not.toContain(c.callSoon());
  });

  it("task entries do not consume handle ids", () => {
    const t = c.taskNew(0);
    expect(t).toBe(1);
    expect(c.callSoon()).toBe(1);
    expect(iterate(c)).toEqual([(1 | TASK_BIT) >>> 0, 1]);
    expect(c.liveHandles()).toBe(1);
    iterate(c);
    expect(c.liveHandles()).toBe(0);
    expect(c.liveTasks()).toBe(1);
  });

  it("the id tables grow past 256 live handles", () => {
    const ids = new Set<number>();
    for (let i = 0; i < 2000; i++) ids.add(c.callSoon());
    expect(ids.size).toBe(2000);
    expect(Math.max(...ids)).toBe(2000);
    iterate(c);
    iterate(c);
    expect(c.liveHandles()).toBe(0);
    // All 2000 come back, and no new id is minted while freed ones remain.
    const again = new Set<number>();
    for (let i = 0; i < 2000; i++) again.add(c.callSoon());
    expect(again).toEqual(ids);
  });

  it("reset() drops every ready entry and restarts the ids", () => {
    c.callSoon();
    c.callSoon();
    c.taskNew(0);
    c.reset();
    expect(c.readyCount()).toBe(0);
    expect(c.liveHandles()).toBe(0);
    expect(c.liveTasks()).toBe(0);
    expect(iterate(c)).toEqual([]);
    expect(c.callSoon()).toBe(1);
  });
});
