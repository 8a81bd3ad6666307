// Façade behaviour of ts/queues/ beyond the CPython traces: PriorityQueue's numeric priorities,
// argument errors, state put before any loop runs, statistics(), loop binding, Op semantics.

import { describe, expect, it } from "vitest";
import { LifoQueue, PriorityQueue, Queue, QueueEmpty, QueueFull, QueueShutDown, RuntimeError, createTask, gather, run, sleep } from "../../../ts/index.js";

describe("PriorityQueue priorities", () => {
  it("orders numbers, arrays by item[0], and the priority option; ties FIFO", () => {
    const q = new PriorityQueue<number>();
    for (const x of [5, 1, 4, 1, -2, Infinity, 0]) q.putNowait(x);
    expect(Array.from({ length: 7 }, () => q.getNowait())).toEqual([-2, 0, 1, 1, 4, 5, Infinity]);
    const a = new PriorityQueue<[number, string]>();
    for (const it of [[2, "x"], [1, "b"], [1, "a"], [2, "y"], [1, "c"]] as [number, string][]) a.putNowait(it);
    expect(Array.from({ length: 5 }, () => a.getNowait()[1])).toEqual(["b", "a", "c", "x", "y"]);
    const o = new PriorityQueue<{ p: number; n: string }>({ priority: (i) => i.p, maxsize: 3 });
    o.putNowait({ p: 3, n: "c" });
    o.putNowait({ p: 1, n: "a" });
    o.putNowait({ p: 1, n: "a2" });
    expect(() => o.putNowait({ p: 0, n: "z" })).toThrow(QueueFull);
    expect([o.getNowait().n, o.getNowait().n, o.getNowait().n]).toEqual(["a", "a2", "c"]);
  });

  it("an item without a numeric priority is TypeError, NaN is RangeError, and nothing is put", () => {
    const q = new PriorityQueue<any>();
    expect(() => q.putNowait("x")).toThrow(TypeError);
    expect(() => q.putNowait({})).toThrow(TypeError);
    expect(() => q.putNowait(["a", 1])).toThrow(TypeError);
    expect(() => q.putNowait(NaN)).toThrow(RangeError);
    expect(q.qsize()).toBe(0);
    expect(q.statistics().unfinished).toBe(0);
  });

  it("stays ordered over many random puts and gets (heap invariant checked by the core)", () => {
    const q = new PriorityQueue<[number, number]>();
    const model: [number, number][] = [];
    let seq = 0;
    let x = 12345;
    const rnd = () => ((x = (x * 1103515245 + 12345) & 0x7fffffff), x);
    for (let i = 0; i < 3000; i++) {
      if (rnd() % 3 !== 0 || model.length === 0) {
        const it: [number, number] = [rnd() % 20, seq++];
        q.putNowait(it);
        model.push(it);
        model.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      } else expect(q.getNowait()).toEqual(model.shift());
    }
    expect((q as any)._home.core.qCheck((q as any)._id)).toBe(1);
    while (model.length) expect(q.getNowait()).toEqual(model.shift());
  });
});

describe("constructor arguments", () => {
  it("maxsize must be a number (TypeError) and not NaN (RangeError)", () => {
    expect(() => new Queue("3" as any)).toThrow(TypeError);
    expect(() => new Queue(NaN)).toThrow(RangeError);
    expect(() => new LifoQueue(NaN)).toThrow(/LifoQueue/);
    expect(() => new PriorityQueue({ priority: 3 as any })).toThrow(TypeError);
    expect(new Queue().maxsize).toBe(0);
    expect(new Queue({ maxsize: 4 }).maxsize).toBe(4);
  });
});

describe("state before any loop runs", () => {
  it("items, counts and shutdown put outside a loop move into the first loop that uses the queue", async () => {
    const q = new Queue<number>(5);
    const l = new LifoQueue<number>();
    const p = new PriorityQueue<number>();
    for (const x of [3, 1, 2, 1]) {
      q.putNowait(x);
      l.putNowait(x);
      p.putNowait(x);
    }
    q.getNowait();
    q.taskDone();
    const s = new Queue<string>();
    s.putNowait("last");
    s.shutdown();
    expect(q.statistics()).toEqual({ qsize: 3, maxsize: 5, getters: 0, putters: 0, unfinished: 3, shutdown: false });
    const r = await run(function* () {
      const out = [];
      out.push(yield* q.get(), yield* q.get(), yield* q.get());
      out.push(l.getNowait(), l.getNowait(), l.getNowait(), l.getNowait());
      out.push(p.getNowait(), p.getNowait(), p.getNowait(), p.getNowait());
      out.push(q.statistics().unfinished, yield* s.get());
      let err: unknown;
      try {
        yield* s.get();
      } catch (e) {
        err = e;
      }
      out.push(err instanceof QueueShutDown);
      return out;
    });
    expect(r).toEqual([1, 2, 1, 1, 2, 1, 3, 1, 1, 2, 3, 3, "last", true]);
  });
});

describe("binding and Op semantics", () => {
  it("a queue that waited in one loop (#11): in another, puts and gets that do not wait work; a get that must wait raises RuntimeError", async () => {
    const q = new Queue<number>();
    await run(function* () {
      const g = createTask(q.get()); // waits: binds q to this loop
      yield;
      q.putNowait(1);
      yield* g;
      q.putNowait(2);
    });
    expect(q.qsize()).toBe(1); // no loop runs: the state is readable
    const out = await run(function* () {
      q.putNowait(3);
      const got = [q.getNowait(), yield* q.get()];
      let err = "";
      try {
        yield* q.get();
      } catch (e) {
        err = e instanceof RuntimeError && /Queue.*bound to a different event loop/.test(String(e)) ? "RuntimeError" : String(e);
      }
      return [got, err, q.statistics().getters];
    });
    expect(out).toEqual([[2, 3], "RuntimeError", 0]);
  });

  it("get() is lazy and runs once: awaiting the same Op twice gives the same item", async () => {
    await run(function* () {
      const q = new Queue<string>();
      q.putNowait("a");
      q.putNowait("b");
      const op = q.get();
      expect(q.qsize()).toBe(2);
      expect(yield* op).toBe("a");
      expect(yield* op).toBe("a");
      expect(q.qsize()).toBe(1);
    });
  });

  it("Promise.race over get() from an async task loses no item", async () => {
    const got = await run(async () => {
      const q = new Queue<number>();
      const a = q.get();
      const b = q.get();
      const first = createTask(async () => Promise.race([a, b]));
      await sleep(1);
      q.putNowait(1);
      q.putNowait(2);
      const w = await first;
      return [w, await a, await b].sort();
    });
    expect(got).toEqual([1, 1, 2]);
  });

  it("statistics() and toString() report buffer, waiters, counts and shutdown", async () => {
    await run(function* () {
      const q = new Queue<number>(1);
      const g = createTask(q.get());
      yield* sleep(0);
      expect(q.statistics()).toEqual({ qsize: 0, maxsize: 1, getters: 1, putters: 0, unfinished: 0, shutdown: false });
      q.putNowait(1);
      yield* g;
      q.putNowait(2);
      const p = createTask(q.put(3));
      yield* sleep(0);
      expect(q.statistics()).toEqual({ qsize: 1, maxsize: 1, getters: 0, putters: 1, unfinished: 2, shutdown: false });
      expect(String(q)).toBe("<Queue maxsize=1 qsize=1 putters[1] tasks=2>");
      q.shutdown(true);
      yield* gather(p, { returnExceptions: true } as any);
      expect(p.exception()).toBeInstanceOf(QueueShutDown);
      expect(q.statistics()).toEqual({ qsize: 0, maxsize: 1, getters: 0, putters: 0, unfinished: 1, shutdown: true });
      expect(() => q.getNowait()).toThrow(QueueShutDown);
      expect(() => new Queue().getNowait()).toThrow(QueueEmpty);
    });
  });

  it("a producer/consumer pipeline moves every item once and frees every core node", async () => {
    await run(function* () {
      const q = new Queue<number>(3);
      const got: number[] = [];
      function* producer(base: number) {
        for (let i = 0; i < 200; i++) yield* q.put(base + i);
      }
      function* consumer() {
        for (;;) {
          const v = yield* q.get();
          got.push(v);
          q.taskDone();
          if (v % 7 === 0) yield* sleep(0);
        }
      }
      const cs = [0, 1, 2].map(() => createTask(consumer()));
      yield* gather(createTask(producer(0)), createTask(producer(1000)));
      yield* q.join();
      for (const c of cs) c.cancel();
      yield* gather(...cs, { returnExceptions: true } as any);
      expect(got.length).toBe(400);
      expect(new Set(got).size).toBe(400);
      const core = (q as any)._home.core;
      expect(core.liveWaiters()).toBe(0);
      expect(core.checkWaiters()).toBe(1);
      expect(q.statistics().getters).toBe(0);
    });
  });
});

describe("timeouts around waits", () => {
  it("waitFor(q.get(), ms) timing out takes no item; a put racing the timeout is not lost", async () => {
    const { waitFor, TimeoutError } = await import("../../../ts/index.js");
    await run(function* () {
      const q = new Queue<number>();
      let err: unknown;
      try {
        yield* waitFor(q.get(), 5);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(TimeoutError);
      expect(q.statistics().getters).toBe(0);
      // a put in the same iteration as the timeout's cancellation: the item stays for the next get
      for (let i = 0; i < 20; i++) {
        const t = createTask(waitFor(q.get(), 1));
        yield* sleep(0);
        const loop = (q as any)._home.loop;
        loop.callLater(1, () => q.putNowait(i));
        try {
          const v = yield* t;
          expect(v).toBe(i);
        } catch (e) {
          expect(e).toBeInstanceOf(TimeoutError);
          expect(yield* q.get()).toBe(i);
        }
        expect(q.qsize()).toBe(0);
      }
    });
  });

  it("a Lock waiter timing out leaves the lock's FIFO intact", async () => {
    const { waitFor, TimeoutError, Lock } = await import("../../../ts/index.js");
    await run(function* () {
      const l = new Lock();
      yield* l.acquire();
      const order: string[] = [];
      const a = createTask(function* () {
        try {
          yield* waitFor(l.acquire(), 2);
          order.push("a");
          l.release();
        } catch (e) {
          if (e instanceof TimeoutError) order.push("a timed out");
          else throw e;
        }
      });
      const b = createTask(function* () {
        yield* l.acquire();
        order.push("b");
        l.release();
      });
      yield* sleep(10);
      l.release();
      yield* gather(a, b);
      expect(order).toEqual(["a timed out", "b"]);
      expect(l.statistics()).toEqual({ locked: false, waiters: 0 });
    });
  });
});
