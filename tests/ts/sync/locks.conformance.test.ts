// Conformance: Lock, Event, Condition, Semaphore, Barrier against CPython 3.13. Each
// conformance("x", ...) is the twin of tests/cpython/sync/x.py.

import { describe } from "vitest";
import { Barrier, BoundedSemaphore, BrokenBarrierError, CancelledError, Condition, Event, Lock, Queue, Semaphore, createTask, gather, run, sleep } from "../../../ts/index.js";
import { conformance, ename, outcome, py, startTicker } from "../../cpython/trace.js";

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

const RX = { returnExceptions: true } as any;

describe("Event and Condition", () => {
  conformance("event_condition", async (print) => {
    await run(function* () {
      const stop = startTicker(print);
      const ev = new Event();
      function* ewaiter(name: string) {
        try {
          const r = yield* ev.wait();
          print(py`${name} woke ${r} is_set ${ev.isSet()}`);
        } catch (e) {
          if (e instanceof CancelledError) print(`${name} cancelled`);
          throw e;
        }
      }
      const ts = ["e1", "e2", "e3"].map((n) => createTask(ewaiter(n)));
      yield* sleep(0);
      ts[1].cancel();
      print(py`waiters ${ev.statistics().waiters}`);
      ev.set();
      ev.clear();
      print(py`set+clear: is_set ${ev.isSet()} waiters ${ev.statistics().waiters}`);
      yield* gather(...ts, RX);
      print(py`event: ${ts.map(outcome)} waiters ${ev.statistics().waiters}`);
      ev.set();
      print(py`wait on set -> ${yield* ev.wait()}`);

      const cond = new Condition();
      const nw = () => cond.statistics().waiters;
      function* cwaiter(name: string) {
        using _ = yield* cond.hold();
        print(`${name} waits`);
        try {
          const r = yield* cond.wait();
          print(py`${name} notified ${r} locked ${cond.locked()}`);
        } catch (e) {
          if (e instanceof CancelledError) print(py`${name} cancelled, locked ${cond.locked()}`);
          throw e;
        }
      }
      const cs = [0, 1, 2, 3].map((i) => createTask(cwaiter(`c${i}`)));
      yield* sleep(0);
      print(py`cond waiters ${nw()} locked ${cond.locked()}`);
      {
        using _ = yield* cond.hold();
        cond.notify(2);
        print(py`notified 2, waiters ${nw()}`);
      }
      yield* sleep(0);
      print("after release");
      yield* sleep(0);
      {
        using _ = yield* cond.hold();
        cond.notifyAll();
      }
      yield* gather(...cs);
      print(py`cond waiters ${nw()} locked ${cond.locked()}`);

      const ds = [0, 1, 2].map((i) => createTask(cwaiter(`d${i}`)));
      yield* sleep(0);
      {
        using _ = yield* cond.hold();
        cond.notify(1);
        print(py`cancel d0 -> ${ds[0].cancel()}`);
      }
      for (let i = 0; i < 4; i++) yield* sleep(0);
      print(py`d: ${ds.map(outcome)} waiters ${nw()}`);
      {
        using _ = yield* cond.hold();
        cond.notifyAll();
      }
      yield* gather(...ds, RX);
      print(py`d: ${ds.map(outcome)}`);

      function* holderThenCancel() {
        using _ = yield* cond.hold();
        print("x waits");
        try {
          yield* cond.wait();
        } catch (e) {
          if (e instanceof CancelledError) print(py`x cancelled, locked ${cond.locked()}`);
          throw e;
        }
      }
      const x = createTask(holderThenCancel());
      yield* sleep(0);
      yield* cond.acquire();
      cond.notify();
      yield* sleep(0);
      print(py`cancel x while it re-acquires -> ${x.cancel()}`);
      yield* sleep(0);
      print(`x ${outcome(x)}`);
      cond.release();
      yield* gather(x, RX);
      print(py`x ${outcome(x)} locked ${cond.locked()}`);

      const state = { n: 0 };
      function* predWaiter() {
        using _ = yield* cond.hold();
        const r = yield* cond.waitFor(() => state.n >= 2 && state.n);
        print(py`wait_for -> ${r}`);
      }
      const p = createTask(predWaiter());
      for (let i = 0; i < 3; i++) {
        yield* sleep(0);
        using _ = yield* cond.hold();
        state.n += 1;
        print(`n = ${state.n}`);
        cond.notify();
      }
      yield* p;
      print(py`true predicate without lock -> ${yield* cond.waitFor(() => "yes")}`);
      for (const [what, fn] of [["notify", () => cond.notify()], ["notify_all", () => cond.notifyAll()]] as const) {
        try {
          fn();
        } catch (e) {
          print(`${what} unlocked -> ${ename(e)}`);
        }
      }
      try {
        yield* cond.wait();
      } catch (e) {
        print(`wait unlocked -> ${ename(e)}`);
      }
      stop();
    });
  });
});

describe("Semaphore", () => {
  conformance("semaphore", async (print) => {
    await run(function* () {
      const stop = startTicker(print);
      const sem = new Semaphore(2);
      const val = () => sem.statistics().value;
      function* worker(name: string, hold = 1) {
        try {
          yield* sem.acquire();
        } catch (e) {
          if (e instanceof CancelledError) print(`${name} cancelled value ${val()}`);
          throw e;
        }
        print(py`${name} got a unit, value ${val()} locked ${sem.locked()}`);
        for (let i = 0; i < hold; i++) yield* sleep(0);
        sem.release();
        print(`${name} released, value ${val()}`);
      }
      yield* sem.acquire();
      yield* sem.acquire();
      print(py`value ${val()} locked ${sem.locked()}`);
      const ws = ["a", "b", "c"].map((n) => createTask(worker(n)));
      yield* sleep(0);
      sem.release();
      print(py`released one: value ${val()} locked ${sem.locked()} waiters ${sem.statistics().waiters}`);
      const newcomer = createTask(worker("new", 0));
      sem.release();
      print(py`released two: value ${val()} locked ${sem.locked()}`);
      yield* gather(...ws, newcomer);
      print(py`value ${val()} locked ${sem.locked()} waiters ${sem.statistics().waiters}`);

      yield* sem.acquire();
      yield* sem.acquire();
      const xs = ["x", "y", "z"].map((n) => createTask(worker(n)));
      yield* sleep(0);
      sem.release();
      print(py`cancel x -> ${xs[0].cancel()} value ${val()}`);
      yield* sleep(0);
      print(`value ${val()} waiters ${sem.statistics().waiters}`);
      sem.release();
      yield* gather(...xs, RX);
      print(`x ${outcome(xs[0])} y ${outcome(xs[1])} z ${outcome(xs[2])} value ${val()}`);

      yield* sem.acquire();
      yield* sem.acquire();
      const ps = [0, 1, 2, 3, 4].map((i) => createTask(worker(`p${i}`, 2)));
      yield* sleep(0);
      ps[1].cancel();
      sem.release();
      sem.release();
      print(`two released, value ${val()} waiters ${sem.statistics().waiters}`);
      yield* gather(...ps, RX);
      print(py`p: ${ps.map(outcome)} value ${val()} locked ${sem.locked()}`);
      {
        using _ = yield* sem.hold();
        print(`in with value ${val()}`);
      }
      print(`after with value ${val()}`);

      const bs = new BoundedSemaphore(1);
      yield* bs.acquire();
      bs.release();
      try {
        bs.release();
      } catch (e) {
        print(`over-release -> ${ename(e)} value ${bs.statistics().value}`);
      }
      const s0 = new Semaphore(0);
      print(py`Semaphore(0) locked ${s0.locked()}`);
      s0.release();
      print(py`after release locked ${s0.locked()} value ${s0.statistics().value}`);
      stop();
    });
  });
});

describe("Barrier", () => {
  conformance("barrier", async (print) => {
    await run(function* () {
      const stop = startTicker(print);
      const b = new Barrier(3);
      const st = () => py`state ${b.statistics().state} n_waiting ${b.nWaiting} broken ${b.broken}`;
      function* party(name: string, rounds = 1) {
        for (let r = 0; r < rounds; r++) {
          try {
            const i = yield* b.wait();
            print(`${name} passed round ${r} index ${i}`);
          } catch (e) {
            if (e instanceof BrokenBarrierError) {
              print(`${name} broken: ${ename(e)}`);
              return "broken";
            }
            if (e instanceof CancelledError) print(`${name} cancelled, ${st()}`);
            throw e;
          }
        }
        return name;
      }
      let ts = ["a", "b", "c"].map((n) => createTask(party(n, 2)));
      yield* sleep(0);
      print(st());
      yield* gather(...ts);
      print(`after two rounds: ${st()}`);

      ts = ["d", "e", "f", "g"].map((n) => createTask(party(n)));
      for (let i = 0; i < 3; i++) {
        yield* sleep(0);
        print(st());
      }
      print(`g ${outcome(ts[3])}`);
      const h = createTask(party("h"));
      yield* sleep(0);
      print(`before reset: ${st()}`);
      yield* b.reset();
      print(`after reset: ${st()}`);
      yield* gather(...ts, h);
      print(`after reset drained: ${st()}`);

      const i = createTask(party("i"));
      const j = createTask(party("j"));
      yield* sleep(0);
      print(`two waiting: ${st()}`);
      j.cancel();
      yield* sleep(0);
      print(`j cancelled: ${st()} j ${outcome(j)}`);
      yield* sleep(0);
      print(`j ${outcome(j)}: ${st()}`);

      yield* b.abort();
      yield* sleep(0);
      print(`aborted: ${st()} i ${outcome(i)}`);
      const k = createTask(party("k"));
      yield* k;
      print(`k ${outcome(k)}`);
      yield* b.reset();
      print(`reset after abort: ${st()}`);
      const idx = yield* new Barrier(1).wait();
      print(`single party index ${idx}`);
      try {
        new Barrier(0);
      } catch (e) {
        print(`Barrier(0) -> ${ename(e)}`);
      }
      stop();
    });
  });
});

describe("across loops", () => {
  conformance("cross_loop", async (print) => {
    const lock = new Lock();
    const ev = new Event();
    const sem = new Semaphore(1);
    const q = new Queue<number>(2);
    const cond = new Condition();
    function* tryWait(label: string, op: Iterable<unknown>) {
      try {
        yield* op as Generator<unknown, unknown, unknown>;
        print(`${label}: no error`);
      } catch (e) {
        print(`${label}: ${ename(e)}`);
      }
    }
    await run(function* () {
      yield* lock.acquire();
      const t = createTask(lock.acquire());
      yield* sleep(0);
      lock.release();
      yield* t;
      lock.release();
      const w = createTask(ev.wait());
      yield* sleep(0);
      ev.set();
      yield* w;
      ev.clear();
      const g = createTask(q.get());
      yield* sleep(0);
      q.putNowait(1);
      print(py`first loop got ${yield* g}`);
      yield* sem.acquire();
      const s2 = createTask(sem.acquire());
      yield* sleep(0);
      sem.release();
      yield* s2;
      sem.release();
      q.putNowait(7);
    });
    await run(function* () {
      print(py`lock locked ${lock.locked()} queue size ${q.qsize()}`);
      yield* lock.acquire();
      print("uncontended acquire: ok");
      yield* tryWait("contended acquire", lock.acquire());
      lock.release();
      print(py`lock locked after release ${lock.locked()}`);
      ev.set();
      print(py`event set ${ev.isSet()}`);
      yield* ev.wait();
      print("wait on a set event: ok");
      ev.clear();
      yield* tryWait("wait on a clear event", ev.wait());
      q.putNowait(8);
      print(py`get_nowait ${q.getNowait()} ${q.getNowait()} size ${q.qsize()}`);
      yield* tryWait("get on an empty queue", q.get());
      yield* sem.acquire();
      print("semaphore acquire: ok");
      yield* tryWait("semaphore acquire that waits", sem.acquire());
      sem.release();
      using _ = yield* cond.hold();
      cond.notifyAll();
      print("condition never bound: notify_all ok");
    });
  });
});
