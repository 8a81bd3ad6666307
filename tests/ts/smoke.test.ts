// smoke.test.ts: the README example and one program over every primitive, end to end.
import { describe, it, expect } from "vitest";
import { Barrier, CancelledError, Condition, Event, Lock, Queue, Semaphore, TimeoutError, createTask, gather, run, sleep, taskGroup, timeout } from "../../ts/index.js";

describe("smoke", () => {
  it("runs the README example", async () => {
    const log: unknown[] = [];
    function* fetchOne(i: number) {
      yield* sleep(10 * i);
      return i * i;
    }
    function* main() {
      const tasks = yield* taskGroup(function* (tg) {
        return [1, 2, 3].map((i) => tg.createTask(fetchOne(i)));
      });
      log.push(tasks.map((t) => t.result()));
      try {
        yield* timeout(50, function* () {
          yield* sleep(1000);
        });
      } catch (e) {
        if (!(e instanceof TimeoutError)) throw e;
        log.push("timeout");
      }
      return "done";
    }
    expect(await run(main())).toBe("done");
    expect(log).toEqual([[1, 4, 9], "timeout"]);
  });

  it("gathers async functions and generators", async () => {
    const r = await run(function* () {
      const a = createTask(async () => {
        await sleep(5);
        return "a";
      });
      return yield* gather(a, (function* () { yield* sleep(1); return "b"; })());
    });
    expect(r).toEqual(["a", "b"]);
  });
});

describe("smoke: primitives", () => {
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
