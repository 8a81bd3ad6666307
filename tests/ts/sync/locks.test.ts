// Façade behaviour of ts/sync/ that the CPython traces do not cover: misuse errors in JS terms
// (ASYNCIO-SEMANTICS §2), statistics(), loop binding, hold()/using, async-function callers.

import { describe, expect, it } from "vitest";
import { Barrier, BoundedSemaphore, BrokenBarrierError, CancelledError, Condition, Event, Lock, RuntimeError, Semaphore, createTask, gather, newEventLoop, Queue, run, sleep } from "../../../ts/index.js";

describe("misuse", () => {
  it("Lock.release() of an unlocked lock throws RuntimeError, inside and outside a loop", async () => {
    expect(() => new Lock().release()).toThrow(RuntimeError);
    await run(function* () {
      const l = new Lock();
      expect(() => l.release()).toThrow(RuntimeError);
      yield* l.acquire();
      l.release();
      expect(() => l.release()).toThrow(RuntimeError);
    });
  });

  it("BoundedSemaphore over-release is RangeError; Semaphore can go above its initial value", async () => {
    const b = new BoundedSemaphore(2);
    expect(() => b.release()).toThrow(RangeError);
    await run(function* () {
      yield* b.acquire();
      b.release();
      expect(() => b.release()).toThrow(RangeError);
      expect(b.statistics()).toEqual({ value: 2, waiters: 0 });
    });
    const s = new Semaphore(1);
    s.release();
    expect(s.statistics().value).toBe(2);
  });

  it("bad constructor values are RangeError / TypeError naming the value", () => {
    expect(() => new Semaphore(-1)).toThrow(/received -1/);
    expect(() => new Semaphore(-1)).toThrow(RangeError);
    expect(() => new Semaphore(1.5)).toThrow(RangeError);
    expect(() => new Semaphore(NaN)).toThrow(RangeError);
    expect(() => new Semaphore("2" as any)).toThrow(TypeError);
    expect(() => new BoundedSemaphore(-3)).toThrow(/BoundedSemaphore.*received -3/);
    expect(() => new Barrier(0)).toThrow(RangeError);
    expect(() => new Barrier(0)).toThrow(/received 0/);
    expect(() => new Barrier(2.5)).toThrow(RangeError);
    expect(() => new Barrier(undefined as any)).toThrow(TypeError);
    expect(() => new Condition({} as any)).toThrow(TypeError);
    expect(new Semaphore().statistics().value).toBe(1);
    expect(new Semaphore(0).locked()).toBe(true);
  });

  it("Condition.wait/notify/notifyAll without the lock throw RuntimeError; notify(NaN) RangeError", async () => {
    const c = new Condition();
    expect(() => c.notify()).toThrow(RuntimeError);
    expect(() => c.notifyAll()).toThrow(RuntimeError);
    await run(function* () {
      expect(() => c.notify()).toThrow(RuntimeError);
      let err: unknown;
      try {
        yield* c.wait();
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(RuntimeError);
      yield* c.acquire();
      expect(() => c.notify(NaN)).toThrow(RangeError);
      expect(() => c.notify("1" as any)).toThrow(TypeError);
      c.notify(0);
      c.release();
    });
  });

  it("a Lock is not awaitable itself (no iterator), only its acquire()", () => {
    expect((new Lock() as any)[Symbol.iterator]).toBeUndefined();
    expect((new Semaphore() as any)[Symbol.iterator]).toBeUndefined();
  });

  it("primitives across loops (#11): bound where they first wait; elsewhere only a wait raises RuntimeError naming the primitive", async () => {
    const l = new Lock();
    const e = new Event();
    const s = new Semaphore(1);
    const c = new Condition(l);
    // First loop: every primitive has to wait once, which binds it there.
    await run(function* () {
      yield* l.acquire();
      const t = createTask(l.acquire());
      yield;
      l.release();
      yield* t;
      l.release();
      const w = createTask(e.wait());
      yield;
      e.set();
      yield* w;
      yield* s.acquire();
      const u = createTask(s.acquire());
      yield;
      s.release();
      yield* u;
      yield* l.acquire();
      const cw = createTask(function* () {
        yield* l.acquire();
        try {
          yield* c.wait();
        } finally {
          l.release();
        }
      });
      l.release();
      yield;
      yield* l.acquire();
      c.notifyAll();
      l.release();
      yield* cw;
    });
    const out: string[] = [];
    await run(function* () {
      // What does not wait works: state, release, set, an acquire that does not wait.
      out.push(`locked ${l.locked()} set ${e.isSet()} value ${s.statistics().value}`);
      yield* l.acquire();
      out.push(`acquire ${l.locked()}`);
      for (const [what, op] of [["Lock", l.acquire()], ["Semaphore", s.acquire()]] as const) {
        try {
          yield* op;
          out.push(`${what} wait: no error`);
        } catch (err) {
          out.push(`${what} wait: ${err instanceof RuntimeError && /is bound to a different event loop/.test(String(err)) && String(err).includes(what) ? "RuntimeError naming it" : String(err)}`);
        }
      }
      try {
        yield* c.wait();
      } catch (err) {
        out.push(`Condition wait: ${err instanceof RuntimeError ? "RuntimeError" : String(err)}`);
      }
      out.push(`lock still held ${l.locked()} waiters ${l.statistics().waiters}`);
      l.release();
      s.release();
      e.clear();
      try {
        yield* e.wait();
      } catch (err) {
        out.push(`Event wait: ${err instanceof RuntimeError ? "RuntimeError" : String(err)}`);
      }
      out.push(`semaphore value ${s.statistics().value} waiters ${s.statistics().waiters}`);
    });
    expect(out).toEqual([
      "locked false set true value 0",
      "acquire true",
      "Lock wait: RuntimeError naming it",
      "Semaphore wait: RuntimeError naming it",
      "Condition wait: RuntimeError",
      "lock still held true waiters 0",
      "Event wait: RuntimeError",
      "semaphore value 1 waiters 0",
    ]);
  });

  it("a primitive that never waited follows whichever loop uses it, waits included", async () => {
    const l = new Lock();
    const q = new Queue<number>();
    await run(function* () {
      yield* l.acquire();
      q.putNowait(1);
    });
    expect([l.locked(), q.qsize()]).toEqual([true, 1]);
    const r = await run(function* () {
      const t = createTask(function* () {
        yield* l.acquire(); // waits here: binds to this loop
        return yield* q.get();
      });
      yield;
      l.release();
      return yield* t;
    });
    expect(r).toBe(1);
  });
});

describe("state before any loop runs", () => {
  it("Event and Semaphore state set outside a loop moves into the loop that first uses them", async () => {
    const e = new Event();
    e.set();
    const s = new Semaphore(0);
    s.release();
    s.release();
    expect(s.statistics().value).toBe(2);
    const r = await run(function* () {
      const ok = yield* e.wait();
      yield* s.acquire();
      yield* s.acquire();
      return [ok, s.locked(), s.statistics().value];
    });
    expect(r).toEqual([true, true, 0]);
  });
});

describe("statistics() and toString()", () => {
  it("report state and waiter counts", async () => {
    await run(function* () {
      const l = new Lock();
      expect(l.statistics()).toEqual({ locked: false, waiters: 0 });
      yield* l.acquire();
      const t = createTask(l.acquire());
      yield* sleep(0);
      expect(l.statistics()).toEqual({ locked: true, waiters: 1 });
      expect(String(l)).toBe("<Lock [locked, waiters:1]>");
      l.release();
      yield* t;
      l.release();

      const e = new Event();
      const w = createTask(e.wait());
      yield* sleep(0);
      expect(e.statistics()).toEqual({ set: false, waiters: 1 });
      e.set();
      yield* w;
      expect(e.statistics()).toEqual({ set: true, waiters: 0 });

      const c = new Condition();
      const cw = createTask(function* () {
        using _ = yield* c.hold();
        yield* c.wait();
      });
      yield* sleep(0);
      expect(c.statistics()).toEqual({ locked: false, waiters: 1 });
      yield* c.acquire();
      c.notifyAll();
      c.release();
      yield* cw;

      const s = new Semaphore(1);
      yield* s.acquire();
      const sw = createTask(s.acquire());
      yield* sleep(0);
      expect(s.statistics()).toEqual({ value: 0, waiters: 1 });
      expect(String(s)).toBe("<Semaphore [locked, waiters:1]>");
      s.release();
      yield* sw;

      const b = new Barrier(3);
      expect(b.statistics()).toEqual({ parties: 3, nWaiting: 0, broken: false, state: "filling" });
      const bw = createTask(b.wait());
      yield* sleep(0);
      expect(b.statistics()).toEqual({ parties: 3, nWaiting: 1, broken: false, state: "filling" });
      yield* b.abort();
      expect(b.statistics()).toEqual({ parties: 3, nWaiting: 0, broken: true, state: "broken" });
      let err: unknown;
      try {
        yield* bw;
      } catch (x) {
        err = x;
      }
      expect(err).toBeInstanceOf(BrokenBarrierError);
      expect(String(b)).toBe("<Barrier [broken]>");
    });
  });
});

describe("hold() and async functions", () => {
  it("hold() releases at the end of a using block, also when the body throws", async () => {
    await run(function* () {
      const l = new Lock();
      const s = new Semaphore(2);
      try {
        using _a = yield* l.hold();
        using _b = yield* s.hold();
        expect([l.locked(), s.statistics().value]).toEqual([true, 1]);
        throw new Error("boom");
      } catch (e) {
        expect((e as Error).message).toBe("boom");
      }
      expect([l.locked(), s.statistics().value]).toEqual([false, 2]);
    });
  });

  it("acquire() is lazy: nothing happens until it is awaited, and it runs once", async () => {
    await run(function* () {
      const l = new Lock();
      const op = l.acquire();
      expect(l.locked()).toBe(false);
      expect(yield* op).toBe(true);
      expect(yield* op).toBe(true); // the remembered outcome, not a second acquire
      expect(l.locked()).toBe(true);
      l.release();
    });
  });

  it("many contended acquire/release cycles leave no waiter node behind", async () => {
    await run(function* () {
      const l = new Lock();
      let inside = 0;
      let max = 0;
      function* w() {
        for (let i = 0; i < 50; i++) {
          yield* l.acquire();
          inside++;
          max = Math.max(max, inside);
          yield* sleep(0);
          inside--;
          l.release();
        }
      }
      yield* gather(...Array.from({ length: 20 }, () => createTask(w())));
      expect(max).toBe(1);
      const core = (l as any)._home.core;
      expect(core.liveWaiters()).toBe(0);
      expect(core.checkWaiters()).toBe(1);
    });
  });
});

describe("one event loop per primitive", () => {
  it("a loop made with newEventLoop binds its own primitives", async () => {
    const loop = newEventLoop();
    const l = new Lock();
    const r = await loop.runUntilComplete(function* () {
      yield* l.acquire();
      return l.locked();
    });
    expect(r).toBe(true);
    loop.close();
  });
});

describe("more wake-up paths", () => {
  it("Event.set() wakes 5000 waiting tasks in FIFO order (the core schedules them across memory growth)", async () => {
    const order: number[] = [];
    await run(function* () {
      const e = new Event();
      const ts = Array.from({ length: 5000 }, (_, i) =>
        createTask(function* () {
          yield* e.wait();
          order.push(i);
        }),
      );
      yield* sleep(0);
      e.set();
      yield* gather(...ts);
    });
    expect(order).toEqual(Array.from({ length: 5000 }, (_, i) => i));
  });

  it("two Conditions sharing one Lock notify their own waiters only", async () => {
    const log: string[] = [];
    await run(function* () {
      const lock = new Lock();
      const a = new Condition(lock);
      const b = new Condition(lock);
      const wa = createTask(function* () {
        using _ = yield* a.hold();
        yield* a.wait();
        log.push("a woke");
      });
      const wb = createTask(function* () {
        using _ = yield* b.hold();
        yield* b.wait();
        log.push("b woke");
      });
      yield* sleep(0);
      expect([a.statistics().waiters, b.statistics().waiters, lock.locked()]).toEqual([1, 1, false]);
      yield* lock.acquire();
      b.notify();
      expect(a.locked()).toBe(true);
      lock.release();
      yield* wb;
      expect(log).toEqual(["b woke"]);
      yield* a.acquire();
      a.notifyAll();
      a.release();
      yield* wa;
    });
    expect(log).toEqual(["b woke", "a woke"]);
  });
});

describe("Lock is not Semaphore(1)", () => {
  it("after a release that woke a waiter, Lock.locked() is false and Semaphore(1).locked() is true; neither lets a newcomer in first", async () => {
    await run(function* () {
      const l = new Lock();
      const s = new Semaphore(1);
      const order: string[] = [];
      yield* l.acquire();
      yield* s.acquire();
      const lw = createTask(function* () {
        yield* l.acquire();
        order.push("lock waiter");
        l.release();
      });
      const sw = createTask(function* () {
        yield* s.acquire();
        order.push("sem waiter");
        s.release();
      });
      yield* sleep(0);
      l.release();
      s.release();
      expect([l.locked(), s.locked()]).toEqual([false, true]);
      const ln = createTask(function* () {
        yield* l.acquire();
        order.push("lock newcomer");
        l.release();
      });
      const sn = createTask(function* () {
        yield* s.acquire();
        order.push("sem newcomer");
        s.release();
      });
      yield* gather(lw, sw, ln, sn);
      expect(order).toEqual(["lock waiter", "sem waiter", "lock newcomer", "sem newcomer"]);
    });
  });

  it("a host callback that sets, releases or cancels wakes the idle loop's parked tasks", async () => {
    const log: string[] = [];
    await run(function* () {
      const ev = new Event();
      const sem = new Semaphore(0);
      const lock = new Lock();
      yield* lock.acquire();
      const waiters = [
        createTask(function* () { yield* ev.wait(); log.push("event"); }),
        createTask(function* () { yield* sem.acquire(); log.push("semaphore"); }),
        createTask(function* () { yield* lock.acquire(); log.push("lock"); }),
      ];
      const doomed = createTask(function* () { yield* new Event().wait(); });
      yield; // every task parks; nothing is ready and no timer is due: the loop is idle
      // Each callback first records what the loop has run since the previous one.
      const host = (what: () => void, ms: number) => setTimeout(() => { log.push(`@${ms}`); what(); }, ms);
      host(() => ev.set(), 1);
      host(() => sem.release(), 30);
      host(() => lock.release(), 60);
      host(() => doomed.cancel("from outside"), 90);
      for (const t of waiters) yield* t;
      let err: unknown;
      try {
        yield* doomed;
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(CancelledError);
      expect((err as Error).message).toBe("from outside");
    });
    expect(log).toEqual(["@1", "event", "@30", "semaphore", "@60", "lock", "@90"]);
  });
});
