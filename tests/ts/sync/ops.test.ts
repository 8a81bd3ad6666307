// The Ops of ts/sync/ and ts/queues/ that complete without a generator when they can
// (FastOp, ts/sync/binding.ts) keep every Op rule (ts/tasks/op.ts): lazy until first awaited, run once,
// the outcome remembered, usable as a task body, cancellable before they start.

import { describe, expect, it } from "vitest";
import { CancelledError, Lock, Queue, QueueShutDown, Semaphore, createTask, ensureFuture, gather, run, sleep, waitFor } from "../../../ts/index.js";

describe("FastOp", () => {
  it("as a task body, acquire() runs at the task's first step, not at createTask", async () => {
    await run(function* () {
      const l = new Lock();
      const t = createTask(l.acquire());
      expect(l.locked()).toBe(false);
      yield* sleep(0);
      expect(l.locked()).toBe(true);
      expect(t.result()).toBe(true);
      l.release();
    });
  });

  it("a task cancelled before its first step never runs the Op", async () => {
    await run(function* () {
      const l = new Lock();
      const q = new Queue<number>();
      q.putNowait(1);
      const a = createTask(l.acquire());
      const g = createTask(q.get());
      a.cancel();
      g.cancel();
      yield* gather(a, g, { returnExceptions: true } as any);
      expect([a.cancelled(), g.cancelled(), l.locked(), q.qsize()]).toEqual([true, true, false, 1]);
    });
  });

  it("a second awaiter of a parked Op gets the same outcome", async () => {
    await run(function* () {
      const q = new Queue<string>();
      const op = q.get();
      const t1 = createTask(function* () {
        return yield* op;
      });
      const t2 = createTask(function* () {
        yield* sleep(0);
        return yield* op;
      });
      yield* sleep(0);
      yield* sleep(0);
      q.putNowait("x");
      q.putNowait("y");
      expect(yield* gather(t1, t2)).toEqual(["x", "x"]);
      expect(q.qsize()).toBe(1);
    });
  });

  it("a failure is remembered: a get() on a shut-down queue throws each time it is awaited", async () => {
    await run(function* () {
      const q = new Queue<number>();
      q.shutdown();
      const op = q.get();
      for (let i = 0; i < 2; i++) {
        let err: unknown;
        try {
          yield* op;
        } catch (e) {
          err = e;
        }
        expect(err).toBeInstanceOf(QueueShutDown);
      }
    });
  });

  it("ensureFuture() and await run the whole operation as a task", async () => {
    const r = await run(async () => {
      const s = new Semaphore(1);
      const f = ensureFuture(s.acquire());
      await f;
      const q = new Queue<number>();
      const g = q.get();
      setTimeout(() => q.putNowait(7), 1);
      return [f.result(), s.locked(), await g, await g];
    });
    expect(r).toEqual([true, true, 7, 7]);
  });

  it("cancelling a parked acquire through its task leaves no trace", async () => {
    await run(function* () {
      const l = new Lock();
      yield* l.acquire();
      const t = createTask(l.acquire());
      yield* sleep(0);
      t.cancel();
      let err: unknown;
      try {
        yield* t;
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(CancelledError);
      expect(l.statistics()).toEqual({ locked: true, waiters: 0 });
      l.release();
    });
  });

  it("two iterators taken before either runs: the first next() runs the operation once, the other gets its outcome", async () => {
    await run(function* () {
      const q = new Queue<string>();
      q.putNowait("a");
      q.putNowait("b");
      const op = q.get();
      const first = op[Symbol.iterator]();
      const second = op[Symbol.iterator]();
      expect(second).not.toBe(first);
      expect(q.qsize()).toBe(2); // lazy: taking an iterator runs nothing
      expect(second.next()).toEqual({ done: true, value: "a" });
      expect(q.qsize()).toBe(1);
      // The first iterator now waits for the outcome the second one produced: no second item.
      const t = createTask(function* () {
        return yield* { [Symbol.iterator]: () => first };
      });
      expect(yield* t).toBe("a");
      expect(second.next()).toEqual({ done: true, value: undefined });
      expect(q.qsize()).toBe(1);
      expect(yield* op).toBe("a");
    });
  });

  it("an iterator thrown into or returned before its first next() leaves the operation unrun", async () => {
    await run(function* () {
      const q = new Queue<number>();
      q.putNowait(1);
      const thrown = q.get();
      const it = thrown[Symbol.iterator]();
      const boom = new Error("boom");
      expect(() => it.throw!(boom)).toThrow(boom);
      expect(it.next()).toEqual({ done: true, value: undefined });
      const closed = q.put(2);
      const it2 = closed[Symbol.iterator]();
      expect(it2.return!(undefined)).toEqual({ done: true, value: undefined });
      expect(it2.next()).toEqual({ done: true, value: undefined });
      expect(q.qsize()).toBe(1);
      // Neither op ran; awaited afresh, each runs once.
      expect(yield* thrown).toBe(1);
      yield* closed;
      expect(q.getNowait()).toBe(2);
    });
  });

  it("an iterator taken, then the op awaited through then(): the task runs it, the iterator gets its outcome", async () => {
    const r = await run(async () => {
      const q = new Queue<string>();
      const op = q.get();
      const it = op[Symbol.iterator]();
      const p = op.then((v) => v);
      q.putNowait("first");
      q.putNowait("second");
      const v = await p;
      // The iterator's first next() waits on the task's outcome (already there): no second item.
      return [v, it.next(), q.qsize()];
    });
    expect(r).toEqual(["first", { done: true, value: "first" }, 1]);
  });

  it("a task whose function body returns an Op drives the Op itself; cancelled while it waits, it takes nothing", async () => {
    const r = await run(function* () {
      const q = new Queue<string>();
      q.putNowait("q");
      const got = [
        yield* createTask(() => q.get()),
        yield* createTask(() => sleep(0, "s0")),
        yield* createTask(() => waitFor(sleep(1, "w"), 50)),
        yield* createTask(() => new Lock().acquire()),
      ];
      const blocked = createTask(() => q.get());
      yield* sleep(1);
      blocked.cancel();
      const outcome = yield* gather(blocked, { returnExceptions: true } as any);
      q.putNowait("kept");
      return [got, (outcome[0] as unknown) instanceof CancelledError, q.getNowait()];
    });
    expect(r).toEqual([["q", "s0", "w", true], true, "kept"]);
  });
});
