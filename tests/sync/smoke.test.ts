import { describe, it, expect } from "vitest";
import { run, sleep, createTask, Lock, Queue, Semaphore, Event, Condition, Barrier, CancelledError } from "../../ts/index.js";

describe("smoke", () => {
  it("lock, queue, semaphore, event, condition, barrier", async () => {
    const log: unknown[] = [];
    await run(function* () {
      const lock = new Lock();
      const q = new Queue<number>(1);
      function* worker(i: number) {
        yield* lock.acquire();
        log.push(`w${i} in`);
        yield* sleep(1);
        lock.release();
        yield* q.put(i);
      }
      const ts = [1, 2, 3].map((i) => createTask(worker(i)));
      for (let i = 0; i < 3; i++) log.push(yield* q.get());
      const sem = new Semaphore(2);
      yield* sem.acquire();
      yield* sem.acquire();
      log.push(sem.locked());
      sem.release();
      const ev = new Event();
      const t = createTask(function* () { yield* ev.wait(); log.push("ev"); });
      yield* sleep(0);
      ev.set();
      yield* t;
      const cond = new Condition();
      const c = createTask(function* () { yield* cond.acquire(); yield* cond.wait(); log.push("notified"); cond.release(); });
      yield* sleep(0);
      yield* cond.acquire(); cond.notify(); cond.release();
      yield* c;
      const b = new Barrier(2);
      const r = createTask(function* () { return yield* b.wait(); });
      const i0 = yield* b.wait();
      log.push([i0, yield* r]);
      const x = createTask(function* () { yield* lock.acquire(); yield* q.get(); });
      yield* sleep(0);
      x.cancel();
      try { yield* x; } catch (e) { log.push(e instanceof CancelledError); }
      log.push(lock.locked());
    });
    expect(log).toEqual(["w1 in", "w2 in", 1, "w3 in", 2, 3, true, "ev", "notified", [0, 1], true, true]);
  });
});
