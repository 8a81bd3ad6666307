// Limits a host puts on a loop (API.md "Limits (for plugin hosts)"): each plugin below misbehaves
// without bound (spawns, floods an unbounded Queue, arms timers) and is stopped by its limit with
// LimitError, while the loop's other tasks go on and finish, the core never grows past the
// memory limit, and the loop stays usable (no InternalError, no poisoned loop).
import { describe, it, expect } from "vitest";
import {
  run, newEventLoop, createTask, sleep, Queue, PriorityQueue, Lock, Event, Semaphore, Condition, Task,
  LimitError, RuntimeError, type Coro, type EventLoop,
} from "../../../ts/index.js";

/**
 * The plugin's well-behaved neighbours on the same loop: four tasks that contend for a Lock and a
 * Semaphore and pass turns with bare yields, 40 rounds each. Once running (their tasks made,
 * their primitives bound, their few waiter nodes recycled) they need no new core memory, so a
 * plugin that took all the rest cannot stop them. Returns the sum of the rounds (4 * 820).
 */
function* neighbours(): Coro<number> {
  const lock = new Lock();
  const sem = new Semaphore(2);
  let sum = 0;
  const workers = [0, 1, 2, 3].map(() =>
    createTask(function* () {
      for (let i = 1; i <= 40; i++) {
        yield* sem.acquire();
        yield* lock.acquire();
        yield;
        sum += i;
        lock.release();
        sem.release();
        yield;
      }
    }),
  );
  for (const w of workers) yield* w;
  return sum;
}
const NEIGHBOURS_SUM = 4 * 820;

/** Runs `plugin` beside the neighbours: the neighbours start first (two iterations), the plugin's
 *  outcome is returned with the neighbours' sum. */
function* beside(plugin: () => Coro<unknown>): Coro<[unknown, number]> {
  const n = createTask(neighbours());
  yield;
  yield;
  const p = createTask(plugin());
  let outcome: unknown;
  try {
    outcome = yield* p;
  } catch (e) {
    outcome = e;
  }
  return [outcome, yield* n];
}

function memoryOf(loop: EventLoop): number {
  return loop._core.memory.buffer.byteLength;
}

describe("limits: validation", () => {
  it.each([
    [{ tasks: "3" }, TypeError],
    [{ tasks: 0 }, RangeError],
    [{ tasks: 1.5 }, RangeError],
    [{ memory: -1 }, RangeError],
    [{ memory: 1000 }, RangeError],
    [{ memory: 2 ** 33 }, RangeError],
    [{ memory: null }, TypeError],
    [{ sliceMs: 0 }, RangeError],
    [{ sliceMs: Infinity }, RangeError],
    [{ sliceMs: NaN }, RangeError],
    [{ sliceMs: "5" }, TypeError],
    [{ slice: 5 }, TypeError],
    [5, TypeError],
  ])("newEventLoop({ limits: %j }) throws %o", (limits, cls) => {
    expect(() => newEventLoop({ limits: limits as any })).toThrow(cls as any);
  });

  it("names the value it refuses", () => {
    expect(() => newEventLoop({ limits: { tasks: -4 } })).toThrow(/tasks.*-4/);
    expect(() => newEventLoop({ limits: { sliceMs: "x" as any } })).toThrow(/sliceMs.*"x"/);
    expect(() => newEventLoop({ limits: { nope: 1 } as any })).toThrow(/"nope"/);
  });

  it("refuses a memory limit below one page, the core's least", () => {
    expect(() => newEventLoop({ limits: { memory: 65535 } })).toThrow(RangeError);
  });

  it("run() takes limits too", async () => {
    const e = await run(function* () {
      try {
        createTask(function* () {});
      } catch (err) {
        return err;
      }
      return null;
    }, { limits: { tasks: 1 } });
    expect(e).toBeInstanceOf(LimitError);
  });

  it("LimitError is a RuntimeError with its limit and max", () => {
    const e = new LimitError("x", "tasks", 3);
    expect(e).toBeInstanceOf(RuntimeError);
    expect(e.name).toBe("LimitError");
    expect([e.limit, e.max]).toEqual(["tasks", 3]);
  });
});

describe("limits.tasks", () => {
  it("stops a plugin that spawns without bound; the main task counts; the neighbours finish", async () => {
    const loop = newEventLoop({ limits: { tasks: 60 } });
    let closed = 0;
    let ran = 0;
    try {
      const [outcome, sum] = await loop.runUntilComplete(
        beside(function* () {
          let stop = false;
          function* child(): Coro<void> {
            try {
              ran++;
              while (!stop) yield;
            } finally {
              closed++;
            }
          }
          const kids = [];
          let g = child();
          try {
            for (;;) {
              kids.push(createTask(g));
              g = child();
              if (kids.length % 7 === 0) yield;
            }
          } catch (e) {
            // main + the neighbours' task + its 4 workers + the plugin = 7 before the first child
            expect(kids.length).toBe(60 - 7);
            expect(loop.stats().tasks).toBe(60);
            // The refused coroutine was closed: it never runs.
            expect(g.next()).toEqual({ done: true, value: undefined });
            stop = true;
            for (const k of kids) yield* k;
            throw e;
          }
        }),
      );
      expect(outcome).toBeInstanceOf(LimitError);
      expect((outcome as LimitError).limit).toBe("tasks");
      expect((outcome as LimitError).max).toBe(60);
      expect(sum).toBe(NEIGHBOURS_SUM);
      expect(closed).toBe(ran);
      expect(ran).toBe(60 - 7);
      // Below the limit again, tasks are created as before.
      expect(await loop.runUntilComplete(function* () {
        return yield* createTask(function* () {
          return 7;
        });
      })).toBe(7);
    } finally {
      loop.close();
    }
  });

  it("refuses an async-function body and a factory's task alike", async () => {
    const loop = newEventLoop({ limits: { tasks: 1 } });
    try {
      await loop.runUntilComplete(function* () {
        expect(() => createTask(async () => 1)).toThrow(LimitError);
        loop.setTaskFactory((l, coro, opts) => new Task(coro, { ...opts, loop: l }));
        expect(() => createTask(function* () {})).toThrow(LimitError);
        loop.setTaskFactory(null);
        expect(loop.stats().tasks).toBe(1);
      });
    } finally {
      loop.close();
    }
  });
});

describe("limits.memory", () => {
  const LIMIT = 1 << 20;

  function expectMemoryLimit(e: unknown): void {
    expect(e).toBeInstanceOf(LimitError);
    expect((e as LimitError).limit).toBe("memory");
    expect((e as LimitError).max).toBe(LIMIT);
  }

  it("stops a plugin that spawns without bound; memory stays at the limit; the loop goes on", async () => {
    const loop = newEventLoop({ limits: { memory: LIMIT } });
    try {
      let made = 0;
      const [outcome, sum] = await loop.runUntilComplete(
        beside(function* () {
          let stop = false;
          function* child(): Coro<void> {
            while (!stop) yield;
          }
          const kids = [];
          let g = child();
          try {
            for (;;) {
              kids.push(createTask(g));
              g = child();
              if (kids.length % 1000 === 0) yield;
            }
          } catch (e) {
            made = kids.length;
            expect(memoryOf(loop)).toBeLessThanOrEqual(LIMIT);
            expect(loop.stats().tasks).toBeGreaterThanOrEqual(made + 2); // + main and the plugin
            expect(g.next()).toEqual({ done: true, value: undefined }); // the refused one, closed
            stop = true;
            for (const k of kids) yield* k;
            throw e;
          }
        }),
      );
      expectMemoryLimit(outcome);
      expect(made).toBeGreaterThan(5000);
      expect(sum).toBe(NEIGHBOURS_SUM);
      expect(memoryOf(loop)).toBeLessThanOrEqual(LIMIT);
      expect(loop.stats().coreMemoryPeak).toBe(memoryOf(loop));
      // Not poisoned: the loop runs again, and its tables are there to reuse.
      expect(await loop.runUntilComplete(neighbours())).toBe(NEIGHBOURS_SUM);
    } finally {
      loop.close();
    }
  });

  it("stops a plugin that floods an unbounded Queue; no item is lost or half-put", async () => {
    const loop = newEventLoop({ limits: { memory: LIMIT } });
    try {
      let n = 0;
      const [outcome, sum] = await loop.runUntilComplete(
        beside(function* () {
          const q = new Queue<number>();
          const pq = new PriorityQueue<number>();
          try {
            for (;;) {
              q.putNowait(n);
              n++;
              if (n % 1000 === 0) yield;
            }
          } catch (e) {
            expectMemoryLimit(e);
            expect(q.qsize()).toBe(n);
            expect(memoryOf(loop)).toBeLessThanOrEqual(LIMIT);
            // put() is refused the same way, and so is a priority queue's put.
            let refused: unknown = null;
            try {
              yield* q.put(-1);
            } catch (e2) {
              refused = e2;
            }
            expectMemoryLimit(refused);
            expect(() => pq.putNowait(3)).toThrow(LimitError);
            expect(q.qsize()).toBe(n);
            // Every item comes out in order; then the queue takes items again.
            for (let i = 0; i < n; i++) if (q.getNowait() !== i) throw new Error(`item ${i} lost`);
            q.putNowait(42);
            pq.putNowait(5);
            pq.putNowait(1);
            expect([q.getNowait(), pq.getNowait(), pq.getNowait()]).toEqual([42, 1, 5]);
            throw e;
          }
        }),
      );
      expectMemoryLimit(outcome);
      expect(n).toBeGreaterThan(5000);
      expect(sum).toBe(NEIGHBOURS_SUM);
      expect(memoryOf(loop)).toBeLessThanOrEqual(LIMIT);
    } finally {
      loop.close();
    }
  });

  it("stops a plugin that arms a million timers; the armed ones still fire", async () => {
    const loop = newEventLoop({ limits: { memory: LIMIT } });
    try {
      let armed = 0;
      let fired = 0;
      const [outcome, sum] = await loop.runUntilComplete(
        beside(function* () {
          // Due well after the flood (which yields to the neighbours every 1000 timers).
          const when = loop.time() + 500;
          const handles = [];
          try {
            for (let i = 0; i < 1_000_000; i++) {
              handles.push(loop.callAt(when, () => fired++));
              armed++;
              if (armed % 1000 === 0) yield;
            }
          } catch (e) {
            expectMemoryLimit(e);
            expect(loop.stats().timers).toBe(armed);
            expect(memoryOf(loop)).toBeLessThanOrEqual(LIMIT);
            // Cancelling frees none at once (lazy, as asyncio); running out the timers does.
            handles[0].cancel();
            throw e;
          }
        }),
      );
      expectMemoryLimit(outcome);
      expect(armed).toBeGreaterThan(5000);
      expect(armed).toBeLessThan(1_000_000);
      expect(sum).toBe(NEIGHBOURS_SUM);
      // The armed timers fire (all but the cancelled one), and then callbacks are taken again.
      await loop.runUntilComplete(function* () {
        while (fired < armed - 1) yield* sleep(600);
      });
      expect(fired).toBe(armed - 1);
      expect(loop.stats().timers).toBe(0);
      await loop.runUntilComplete(function* () {
        const f = loop.createFuture<number>();
        loop.callSoon(() => f.setResult(1));
        expect(yield* f).toBe(1);
      });
      expect(memoryOf(loop)).toBeLessThanOrEqual(LIMIT);
    } finally {
      loop.close();
    }
  });

  it("refuses a waiter, a primitive and a condition wait cleanly", async () => {
    const loop = newEventLoop({ limits: { memory: LIMIT } });
    try {
      await loop.runUntilComplete(function* () {
        const lock = new Lock();
        const cond = new Condition(lock);
        const ev = new Event();
        yield* lock.acquire();
        lock.release();
        ev.isSet();
        // Fill the memory with queue items, then ask for more of everything else.
        const q = new Queue<number>();
        try {
          for (let i = 0; ; i++) q.putNowait(i);
        } catch (e) {
          expectMemoryLimit(e);
        }
        // Parking needs a node; the waiter node table may still have room (it grew before the
        // flood), so fill it too: tasks parked on the event until a wait is refused.
        const parked = [];
        let refusal: unknown = null;
        for (let i = 0; refusal === null && i < 100_000; i++) {
          let t;
          try {
            t = createTask(ev.wait());
          } catch (e) {
            refusal = e;
            break;
          }
          parked.push(t);
          if (i % 200 === 0) {
            yield;
            for (const p of parked) if (p.done() && p.exception() !== null) refusal = p.exception();
          }
        }
        expectMemoryLimit(refusal);
        // The table that ran out first is the waiter nodes' (the sizes make it so, the same on
        // every run): a condition wait now needs a node that is refused.
        expect(parked.some((p) => p.done())).toBe(true);
        // The condition's wait is refused before it releases the lock.
        yield* lock.acquire();
        q.getNowait(); // one item freed: nothing else is
        let condErr: unknown = null;
        try {
          yield* cond.wait();
        } catch (e) {
          condErr = e;
        }
        expectMemoryLimit(condErr);
        expect(lock.locked()).toBe(true);
        lock.release();
        ev.set();
        for (const p of parked) {
          try {
            yield* p;
          } catch {
            /* a refused wait */
          }
        }
      });
      expect(memoryOf(loop)).toBeLessThanOrEqual(LIMIT);
      expect(loop._core.checkInvariants()).toBe(1);
    } finally {
      loop.close();
    }
  });
});

describe("limits.memory: a primitive that moves into a limited loop", () => {
  it("a queue filled before any loop that does not fit stays whole where it was", async () => {
    const q = new Queue<number>();
    for (let i = 0; i < 60_000; i++) q.putNowait(i); // in the detached core: no limit there
    const loop = newEventLoop({ limits: { memory: 1 << 20 } });
    try {
      const err = await loop.runUntilComplete(function* () {
        try {
          q.qsize(); // the first use in the loop moves the state in: refused
        } catch (e) {
          return e;
        }
        return null;
      });
      expect(err).toBeInstanceOf(LimitError);
      expect((err as LimitError).limit).toBe("memory");
      expect(loop._core.memory.buffer.byteLength).toBeLessThanOrEqual(1 << 20);
    } finally {
      loop.close();
    }
    expect(q.qsize()).toBe(60_000);
    for (let i = 0; i < 60_000; i++) if (q.getNowait() !== i) throw new Error(`item ${i} lost`);
  });
});

describe("loop.stats()", () => {
  it("counts tasks, timers, waiters, core memory and iterations", async () => {
    const loop = newEventLoop();
    try {
      await loop.runUntilComplete(function* () {
        const s0 = loop.stats();
        expect(s0.tasks).toBe(1);
        const ev = new Event();
        const waiters = [0, 1, 2].map(() => createTask(ev.wait()));
        const h = loop.callLater(1000, () => {});
        yield;
        const s1 = loop.stats();
        expect(s1.tasks).toBe(4);
        expect(s1.waiters).toBe(3);
        expect(s1.timers).toBe(1);
        expect(s1.coreMemory).toBeGreaterThan(s0.coreMemory);
        expect(s1.coreMemoryPeak).toBeGreaterThanOrEqual(s1.coreMemory);
        expect(s1.iterations).toBeGreaterThan(s0.iterations);
        h.cancel();
        ev.set();
        for (const w of waiters) yield* w;
        const s2 = loop.stats();
        expect([s2.tasks, s2.waiters, s2.timers]).toEqual([1, 0, 0]);
        expect(s2.coreMemory).toBeLessThan(s1.coreMemory);
      });
    } finally {
      loop.close();
    }
    expect(loop.stats().tasks).toBe(0);
  });
});
