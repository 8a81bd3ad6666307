// Conformance: the primitives' misuse errors (ASYNCIO-SEMANTICS §2) against CPython 3.13, by
// class (RangeError is asyncio's ValueError); the twin of tests/cpython/sync/misuse.py.

import { describe } from "vitest";
import { Barrier, BoundedSemaphore, Condition, Lock, Queue, Semaphore, createTask, run, sleep, type Op } from "../../../ts/index.js";
import { conformance, ename } from "../../cpython/trace.js";

describe("misuse", () => {
  conformance("misuse", async (print) => {
    const attempt = (what: string, fn: () => unknown) => {
      try {
        fn();
        print(`${what}: no error`);
      } catch (e) {
        print(`${what}: ${ename(e)}`);
      }
    };
    function* attemptAsync(what: string, op: Op<unknown>) {
      try {
        yield* op;
        print(`${what}: no error`);
      } catch (e) {
        print(`${what}: ${ename(e)}`);
      }
    }
    await run(function* () {
      attempt("Lock.release unlocked", () => new Lock().release());
      const bs = new BoundedSemaphore(1);
      attempt("BoundedSemaphore over-release", () => bs.release());
      attempt("Semaphore(-1)", () => new Semaphore(-1));
      attempt("Barrier(0)", () => new Barrier(0));
      const c = new Condition();
      attempt("Condition.notify unlocked", () => c.notify());
      attempt("Condition.notify_all unlocked", () => c.notifyAll());
      yield* attemptAsync("Condition.wait unlocked", c.wait());
      const q = new Queue<number>(1);
      attempt("Queue.task_done at 0", () => q.taskDone());
      attempt("Queue.get_nowait empty", () => q.getNowait());
      q.putNowait(1);
      attempt("Queue.put_nowait full", () => q.putNowait(2));
      q.shutdown();
      attempt("Queue.put_nowait after shutdown", () => q.putNowait(2));
      yield* attemptAsync("Queue.put after shutdown", q.put(2));
      print(`Queue.get_nowait after shutdown, not empty -> ${q.getNowait()}`);
      attempt("Queue.get_nowait after shutdown, empty", () => q.getNowait());
      yield* attemptAsync("Queue.get after shutdown, empty", q.get());
      const b = new Barrier(2);
      yield* b.abort();
      yield* attemptAsync("Barrier.wait broken", b.wait());
    });
    const lock = new Lock();
    await run(function* () {
      yield* lock.acquire();
      const t = createTask(lock.acquire());
      yield* sleep(0);
      lock.release();
      yield* t;
    });
    await run(function* () {
      yield* attemptAsync("Lock used from a second loop", lock.acquire());
    });
  });
});
