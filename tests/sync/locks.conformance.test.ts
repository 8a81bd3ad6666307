// Conformance: Lock, Event, Condition, Semaphore, Barrier against CPython 3.13. Each
// conformance("x", ...) is the twin of tests/sync/python/x.py.

import { describe } from "vitest";
import { CancelledError, Lock, createTask, gather, run, sleep } from "../../ts/index.js";
import { conformance, ename, outcome, py, startTicker } from "./helpers.js";

describe("Lock", () => {
  conformance("lock_fifo", async (print) => {
    await run(function* () {
      const stop = startTicker(print);
      const lock = new Lock();
      function* worker(name: string, hold: number) {
        print(py`${name} wants`);
        yield* lock.acquire();
        print(py`${name} has it`);
        for (let i = 0; i < hold; i++) yield* sleep(0);
        print(py`${name} releases`);
        lock.release();
      }
      print(py`acquire -> ${yield* lock.acquire()} locked ${lock.locked()}`);
      const ts = ["a", "b", "c"].map((n) => createTask(worker(n, 1)));
      yield* sleep(0);
      print(py`waiters ${lock.statistics().waiters}`);
      lock.release();
      print(py`after release locked ${lock.locked()} waiters ${lock.statistics().waiters}`);
      const late = createTask(worker("late", 0));
      yield* gather(...ts, late);
      print(py`end locked ${lock.locked()} waiters ${lock.statistics().waiters}`);
      try {
        lock.release();
      } catch (e) {
        print(py`release unlocked -> ${ename(e)}`);
      }
      function* quick() {
        using _ = yield* lock.hold();
        print(py`in with locked ${lock.locked()}`);
      }
      yield* quick();
      print(py`after with locked ${lock.locked()}`);
      stop();
    });
  });

  conformance("lock_cancel", async (print) => {
    await run(function* () {
      const stop = startTicker(print);
      const lock = new Lock();
      const nw = () => lock.statistics().waiters;
      function* waiter(name: string) {
        try {
          yield* lock.acquire();
        } catch (e) {
          if (e instanceof CancelledError) print(py`${name} cancelled (locked ${lock.locked()})`);
          throw e;
        }
        print(py`${name} acquired`);
        yield* sleep(0);
        lock.release();
        print(py`${name} released`);
      }
      const opts = { returnExceptions: true } as any;
      yield* lock.acquire();
      const a = createTask(waiter("a"));
      const b = createTask(waiter("b"));
      yield* sleep(0);
      lock.release();
      print(py`cancel a -> ${a.cancel()} locked ${lock.locked()}`);
      yield* sleep(0);
      print(py`waiters ${nw()}`);
      yield* gather(a, b, opts);
      print(py`1: a ${outcome(a)} b ${outcome(b)} locked ${lock.locked()}`);

      yield* lock.acquire();
      const c = createTask(waiter("c"));
      const d = createTask(waiter("d"));
      yield* sleep(0);
      print(py`cancel c -> ${c.cancel()}`);
      lock.release();
      print(py`released: locked ${lock.locked()} waiters ${nw()}`);
      yield* sleep(0);
      print(py`next iteration waiters ${nw()}`);
      yield* gather(c, d, opts);
      print(py`2: c ${outcome(c)} d ${outcome(d)} locked ${lock.locked()}`);

      yield* lock.acquire();
      const e = createTask(waiter("e"));
      const f = createTask(waiter("f"));
      yield* sleep(0);
      e.cancel();
      f.cancel();
      lock.release();
      print(py`all cancelled, waiters ${nw()}`);
      yield* lock.acquire();
      print(py`newcomer acquired at once, waiters ${nw()}`);
      lock.release();
      yield* gather(e, f, opts);
      print(py`3: e ${outcome(e)} f ${outcome(f)} locked ${lock.locked()}`);

      yield* lock.acquire();
      const g = createTask(waiter("g"));
      const h = createTask(waiter("h"));
      const i = createTask(waiter("i"));
      yield* sleep(0);
      h.cancel();
      yield* sleep(0);
      print(py`waiters ${nw()}`);
      lock.release();
      yield* gather(g, h, i, opts);
      print(py`4: g ${outcome(g)} h ${outcome(h)} i ${outcome(i)} locked ${lock.locked()}`);
      stop();
    });
  });
});
