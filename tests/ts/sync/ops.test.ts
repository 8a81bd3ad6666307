// The Ops of ts/sync/ and ts/queues/ that complete without a generator when they can
// (FastOp, ts/sync/binding.ts) keep every Op rule (ts/tasks/op.ts): lazy until first awaited, run once,
// the outcome remembered, usable as a task body, cancellable before they start.

import { describe, expect, it } from "vitest";
import { CancelledError, Lock, Queue, QueueShutDown, Semaphore, createTask, ensureFuture, gather, run, sleep } from "../../../ts/index.js";

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
});
