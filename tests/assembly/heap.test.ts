// heap.test.ts: assembly/heap.ts through the scheduler's timer exports (callAt, timerCancel,
// prepare, collect): ordering by (when, seq), growth, the collect(end) cut, and lazy
// cancellation with CPython's rebuild threshold (more than 100 timers, more than half cancelled).
import { describe, it, expect, beforeEach } from "vitest";
import type { CoreExports } from "../../gen/core-abi.js";
import { builds, iterate } from "./core.js";

describe.each(builds)("timer heap ($name build)", (build) => {
  let c: CoreExports;
  beforeEach(() => {
    c = build.make();
  });

  it("collect() moves timers out in deadline order", () => {
    const t30 = c.callAt(30);
    const t10 = c.callAt(10);
    const t20 = c.callAt(20);
    expect(c.timerCount()).toBe(3);
    expect(c.prepare()).toBe(10);
    expect(iterate(c)).toEqual([t10, t20, t30]);
    expect(c.timerCount()).toBe(0);
    expect(c.prepare()).toBe(Infinity);
  });

  it("timers with equal deadlines come out in the order they were scheduled (FIFO ties)", () => {
    const ids: number[] = [];
    for (let i = 0; i < 50; i++) ids.push(c.callAt(5));
    const early = c.callAt(4);
    expect(iterate(c)).toEqual([early, ...ids]);
  });

  it("ties stay FIFO when the ids are recycled out of order", () => {
    // Free ids 1..3 so that later timers get descending ids: seq, not the id, breaks ties.
    c.callSoon();
    c.callSoon();
    c.callSoon();
    iterate(c);
    iterate(c);
    const order = [c.callAt(7), c.callAt(7), c.callAt(7)];
    expect(order).toEqual([3, 2, 1]);
    expect(iterate(c)).toEqual(order);
  });

  it("the heap grows past its first capacity and stays ordered", () => {
    const n = 3000;
    const scheduled: [number, number, number][] = [];
    let x = 12345;
    for (let i = 0; i < n; i++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      const when = x % 500; // many ties
      scheduled.push([when, i, c.callAt(when)]);
    }
    expect(c.timerCount()).toBe(n);
    expect(c.checkInvariants()).toBe(1);
    scheduled.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    expect(iterate(c)).toEqual(scheduled.map((s) => s[2]));
  });

  it("collect(end) moves only timers with when < end", () => {
    const a = c.callAt(10);
    const b = c.callAt(20);
    const d = c.callAt(20.5);
    expect(iterate(c, 10)).toEqual([]);
    expect(iterate(c, 20)).toEqual([a]);
    expect(c.prepare()).toBe(20);
    expect(iterate(c, 20.25)).toEqual([b]);
    expect(iterate(c, 1e9)).toEqual([d]);
  });

  it("due timers join the ready ring after the entries already there", () => {
    const t = c.callAt(0);
    const h1 = c.callSoon();
    const h2 = c.callSoon();
    expect(iterate(c, 1)).toEqual([h1, h2, t]);
  });

  it("timers at -Infinity and +Infinity are ordered too", () => {
    const inf = c.callAt(Infinity);
    const ninf = c.callAt(-Infinity);
    const zero = c.callAt(0);
    expect(c.prepare()).toBe(-Infinity);
    expect(iterate(c, Infinity)).toEqual([ninf, zero]);
    expect(c.prepare()).toBe(Infinity); // the next deadline is +Infinity: one timer still waits
    expect(c.timerCount()).toBe(1);
    expect(inf).toBeGreaterThan(0);
  });

  describe("lazy cancellation", () => {
    it("timerCancel() counts a timer still in the heap once", () => {
      const a = c.callAt(10);
      c.callAt(5);
      expect(c.timerCancel(a)).toBe(1);
      expect(c.cancelledTimers()).toBe(1);
      expect(c.timerCancel(a)).toBe(0);
      expect(c.cancelledTimers()).toBe(1);
      // a is not at the top: it stays in the heap.
      c.prepare();
      expect(c.timerCount()).toBe(2);
      expect(c.cancelledTimers()).toBe(1);
      expect(c.checkInvariants()).toBe(1);
    });

    it("timerCancel() returns false for a timer that already left the heap", () => {
      const a = c.callAt(1);
      expect(iterate(c, 2)).toEqual([a]);
      expect(c.timerCancel(a)).toBe(0);
      expect(c.cancelledTimers()).toBe(0);
      // The entry is still in this iteration's batch; its id is freed at the next collect().
      expect(c.liveHandles()).toBe(1);
      iterate(c);
      expect(c.liveHandles()).toBe(0);
    });

    it("timerCancel() returns false for a callSoon() handle", () => {
      const h = c.callSoon();
      expect(c.timerCancel(h)).toBe(0);
      expect(c.cancelledTimers()).toBe(0);
      expect(iterate(c)).toEqual([h]);
    });

    it("prepare() drops cancelled timers at the top and frees their ids at once", () => {
      const a = c.callAt(1);
      const b = c.callAt(2);
      const d = c.callAt(3);
      c.timerCancel(a);
      c.timerCancel(b);
      expect(c.prepare()).toBe(3);
      expect(c.timerCount()).toBe(1);
      expect(c.cancelledTimers()).toBe(0);
      expect(c.liveHandles()).toBe(1);
      expect(c.callAt(9)).toBe(b); // most recently freed id first
      expect(iterate(c)).toEqual([d, b]);
    });

    it("prepare() returns +Infinity when every timer is cancelled", () => {
      for (let i = 0; i < 5; i++) c.timerCancel(c.callAt(i));
      expect(c.prepare()).toBe(Infinity);
      expect(c.timerCount()).toBe(0);
      expect(c.liveHandles()).toBe(0);
    });

    it("collect() drops a timer cancelled after prepare() and never runs it", () => {
      const a = c.callAt(1);
      const b = c.callAt(2);
      expect(c.prepare()).toBe(1);
      c.timerCancel(a);
      expect(Array.from(new Uint32Array(c.memory.buffer, c.batchPtr(), c.collect(10)))).toEqual([b]);
      expect(c.cancelledTimers()).toBe(0);
      expect(c.timerCount()).toBe(0);
    });

    it("a cancelled timer below the top stays until it reaches the top", () => {
      const a = c.callAt(1);
      const d = c.callAt(2);
      const x = c.callAt(3);
      c.timerCancel(x);
      expect(iterate(c, 1.5)).toEqual([a]);
      expect(c.timerCount()).toBe(2);
      expect(c.cancelledTimers()).toBe(1);
      // Once d has left, x is at the top: collect() drops it as the next prepare() would.
      expect(iterate(c, 2.5)).toEqual([d]);
      expect(c.timerCount()).toBe(0);
      expect(c.cancelledTimers()).toBe(0);
      expect(c.prepare()).toBe(Infinity);
    });

    // Cancels `k` of `n` timers, never the earliest, so that only the rebuild can drop them.
    function cancelBehindTop(n: number, k: number): number[] {
      const ids: number[] = [];
      for (let i = 0; i < n; i++) ids.push(c.callAt(i));
      for (let i = 0; i < k; i++) expect(c.timerCancel(ids[n - 1 - i])).toBe(1);
      return ids;
    }

    it("prepare() rebuilds the heap when more than 100 timers are in it and more than half are cancelled", () => {
      const ids = cancelBehindTop(101, 51);
      expect(c.prepare()).toBe(0);
      expect(c.timerCount()).toBe(50);
      expect(c.cancelledTimers()).toBe(0);
      expect(c.liveHandles()).toBe(50);
      expect(c.checkInvariants()).toBe(1);
      expect(iterate(c)).toEqual(ids.slice(0, 50));
    });

    it("prepare() does not rebuild at exactly half cancelled", () => {
      cancelBehindTop(102, 51);
      c.prepare();
      expect(c.timerCount()).toBe(102);
      expect(c.cancelledTimers()).toBe(51);
    });

    it("prepare() does not rebuild with exactly 100 timers, however many are cancelled", () => {
      cancelBehindTop(100, 99);
      c.prepare();
      expect(c.timerCount()).toBe(100);
      expect(c.cancelledTimers()).toBe(99);
    });

    it("the rebuild keeps (when, seq) order over a large shuffled heap", () => {
      const live: [number, number, number][] = [];
      let x = 7;
      const all: number[] = [];
      for (let i = 0; i < 2000; i++) {
        x = (x * 1103515245 + 12345) % 2147483648;
        const when = x % 97;
        const id = c.callAt(when);
        all.push(id);
        if (x % 3 !== 0) c.timerCancel(id);
        else live.push([when, i, id]);
      }
      expect(c.cancelledTimers() * 2).toBeGreaterThan(c.timerCount());
      c.prepare();
      expect(c.cancelledTimers()).toBe(0);
      expect(c.timerCount()).toBe(live.length);
      expect(c.liveHandles()).toBe(live.length);
      expect(c.checkInvariants()).toBe(1);
      live.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      expect(iterate(c)).toEqual(live.map((l) => l[2]));
    });

    it("reset() empties the heap and its cancelled count", () => {
      cancelBehindTop(10, 3);
      c.reset();
      expect(c.timerCount()).toBe(0);
      expect(c.cancelledTimers()).toBe(0);
      expect(c.prepare()).toBe(Infinity);
      expect(c.callAt(1)).toBe(1);
    });
  });
});
