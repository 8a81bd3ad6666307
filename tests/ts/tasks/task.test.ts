// Future, Task and Op behaviour beyond orderings (ts/tasks/future.ts, ts/task.ts, ts/tasks/op.ts).
import { describe, it, expect } from "vitest";
import { run, sleep, createTask, currentTask, allTasks, getRunningLoop, wrapPromise, ensureFuture, isFuture, Future, Task, Op, op, CancelledError, InvalidStateError, RuntimeError, gather } from "../../../ts/index.js";
import { VirtualClock } from "../../../host/clock.js";
import { BrowserHost } from "../../../host/browser.js";

describe("Future", () => {
  it("result/exception misuse: InvalidStateError while pending, CancelledError when cancelled", async () => {
    await run(function* () {
      const f = getRunningLoop().createFuture<number>();
      expect(() => f.result()).toThrow(InvalidStateError);
      expect(() => f.exception()).toThrow(InvalidStateError);
      expect(f.cancel("why")).toBe(true);
      expect(f.cancel()).toBe(false);
      expect(f.cancelled() && f.done()).toBe(true);
      expect(() => f.result()).toThrow(CancelledError);
      expect(() => f.setResult(1)).toThrow(InvalidStateError);
      expect(() => f.setException(new Error())).toThrow(InvalidStateError);
      try {
        f.result();
      } catch (e) {
        expect((e as Error).message).toBe("why");
      }
    });
  });

  it("setException instantiates an error class; exception() returns it and result() throws it", async () => {
    await run(function* () {
      const f = new Future<number>();
      f.setException(RangeError);
      expect(f.exception()).toBeInstanceOf(RangeError);
      expect(() => f.result()).toThrow(RangeError);
    });
  });

  it("done-callbacks are scheduled, never called synchronously, and removeDoneCallback counts", async () => {
    await run(function* () {
      const f = new Future<number>();
      const log: string[] = [];
      const a = () => log.push("a");
      f.addDoneCallback(a);
      f.addDoneCallback(a);
      f.addDoneCallback(() => log.push("b"));
      expect(f.removeDoneCallback(a)).toBe(2);
      f.setResult(1);
      expect(log).toEqual([]);
      yield* sleep(0);
      expect(log).toEqual(["b"]);
      f.addDoneCallback(() => log.push("late"));
      expect(log).toEqual(["b"]);
      yield* sleep(0);
      expect(log).toEqual(["b", "late"]);
      expect(() => f.addDoneCallback(5 as any)).toThrow(TypeError);
    });
  });

  it("is thenable for async functions and iterable for generators; isFuture tells it apart", async () => {
    await run(async () => {
      const f = new Future<string>();
      setTimeout(() => f.setResult("x"), 1);
      expect(await f).toBe("x");
      expect(isFuture(f)).toBe(true);
      expect(isFuture(Promise.resolve())).toBe(false);
    });
  });

  it("new Future() outside a loop is a RuntimeError", () => {
    expect(() => new Future()).toThrow(RuntimeError);
  });
});

describe("Task", () => {
  it("names, setName, getCoro, Task.setResult is a RuntimeError", async () => {
    await run(function* () {
      const g = (function* () { yield* sleep(1); })();
      const t = createTask(g, { name: "worker" });
      expect(t.getName()).toBe("worker");
      t.setName("w2");
      expect(t.getName()).toBe("w2");
      expect(t.getCoro()).toBe(g);
      expect(() => t.setResult(undefined)).toThrow(RuntimeError);
      expect(() => t.setException(new Error())).toThrow(RuntimeError);
      expect(createTask(function* () {}).getName()).toMatch(/^Task-\d+$/);
      yield* t;
    });
  });

  it("createTask rejects what is not a coroutine with TypeError", async () => {
    await run(function* () {
      expect(() => createTask(123 as any)).toThrow(TypeError);
      expect(() => createTask([1] as any)).toThrow(TypeError);
      expect(() => createTask(new Future() as any)).toThrow(TypeError);
    });
  });

  it("coroutines of every kind step alike: a generator of a closure made per task, cancelled or not; a hand-written iterator with or without [Symbol.iterator]", async () => {
    const out = await run(function* () {
      // 300 tasks, each of a generator function made for it (a map of its own per task), a third
      // cancelled while they sleep: the driver steps and throws into each the same way.
      const ts: Task<string>[] = [];
      for (let i = 0; i < 300; i++) {
        ts.push(
          createTask(
            (function* () {
              try {
                yield* sleep(i % 3 === 0 ? 1000 : 0);
                return `done ${i}`;
              } catch (e) {
                if (e instanceof CancelledError) return `caught ${i}`; // swallows its cancellation
                throw e;
              }
            })(),
          ),
        );
      }
      yield* sleep(0);
      for (let i = 0; i < 300; i += 3) ts[i].cancel();
      const got = yield* gather(...ts);
      // Objects that iterate as coroutines without being generator objects: next/throw/return
      // forwarding to a generator, with and without [Symbol.iterator].
      const log: string[] = [];
      function* inner(tag: string) {
        try {
          yield* sleep(tag === "plain" ? 0 : 1000);
          return tag;
        } catch (e) {
          log.push(`${tag} got ${(e as Error).name}`);
          throw e;
        }
      }
      const wrap = (g: Generator<unknown, string, unknown>, iterable: boolean) => {
        const w: any = { next: (v?: unknown) => g.next(v), throw: (e: unknown) => g.throw(e), return: (v: string) => g.return(v) };
        if (iterable) w[Symbol.iterator] = () => w;
        return w;
      };
      const a = createTask<string>(wrap(inner("plain"), false));
      const b = createTask<string>(wrap(inner("iterable"), true));
      yield* sleep(0);
      b.cancel();
      const res = yield* gather(a, b, { returnExceptions: true });
      return { got, a: res[0], bCancelled: res[1] instanceof CancelledError && b.cancelled(), log };
    });
    expect(out.got).toEqual(Array.from({ length: 300 }, (_, i) => (i % 3 === 0 ? `caught ${i}` : `done ${i}`)));
    expect(out.a).toBe("plain");
    expect(out.bCancelled).toBe(true);
    expect(out.log).toEqual(["iterable got CancelledError"]);
  });

  it("a bare yield gives up one iteration; yielding a value is 'Task got bad yield'", async () => {
    await run(function* () {
      const log: string[] = [];
      const t = createTask(function* () {
        log.push("t1");
        yield;
        log.push("t2");
      });
      yield;
      log.push("main1");
      yield;
      log.push("main2");
      yield* t;
      expect(log).toEqual(["t1", "main1", "t2", "main2"]); // as CPython 3.13 prints
      const bad = createTask(function* () {
        yield 42 as any;
      });
      let err: unknown;
      try {
        yield* bad;
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(RuntimeError);
      expect(String((err as Error).message)).toMatch(/bad yield/);
      const raw = createTask(function* () {
        const f = new Future();
        yield f as any; // yield instead of yield*
      });
      let err2: unknown;
      try {
        yield* raw;
      } catch (e) {
        err2 = e;
      }
      expect(err2).toBeInstanceOf(RuntimeError);
      const promise = createTask(function* () {
        yield Promise.resolve(1) as any;
      });
      let err3: unknown;
      try {
        yield* promise;
      } catch (e) {
        err3 = e;
      }
      expect(String((err3 as Error).message)).toMatch(/wrapPromise/);
    });
  });

  it("a task awaiting itself gets RuntimeError", async () => {
    await run(function* () {
      let self: Task<unknown> | null = null;
      const t = createTask(function* (): Generator<unknown, string, unknown> {
        yield* sleep(0);
        try {
          yield* self!;
        } catch (e) {
          return (e as Error).constructor.name;
        }
        return "no error";
      });
      self = t;
      expect(yield* t).toBe("RuntimeError");
    });
  });

  it("allTasks lists the tasks not done; currentTask is the running one", async () => {
    await run(function* () {
      const me = currentTask();
      const t = createTask(function* () { yield* sleep(5); });
      const all = allTasks();
      expect(all.has(me!)).toBe(true);
      expect(all.has(t)).toBe(true);
      yield* t;
      expect(allTasks().has(t)).toBe(false);
    });
  });

  it("signal: lazily made, aborted at cancel() with the CancelledError, fresh after uncancel() to 0", async () => {
    await run(function* () {
      const t = createTask(function* () {
        try {
          yield* sleep(1000);
        } catch (e) {
          yield* sleep(1); // swallows the cancellation
        }
        return "survived";
      });
      yield* sleep(0);
      const s = t.signal;
      expect(s.aborted).toBe(false);
      t.cancel("stop");
      expect(s.aborted).toBe(true);
      expect(s.reason).toBeInstanceOf(CancelledError);
      expect((s.reason as Error).message).toBe("stop");
      expect(t.uncancel()).toBe(0);
      expect(t.signal).not.toBe(s);
      expect(t.signal.aborted).toBe(false);
      expect(yield* t).toBe("survived");
    });
  });

  it("a body declaring a parameter is called with the task's AbortSignal", async () => {
    await run(function* () {
      let got: AbortSignal | null = null;
      const t = createTask(async (signal: AbortSignal) => {
        got = signal;
        await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve()));
        return signal.reason;
      });
      yield* sleep(1);
      expect(got).toBe(t.signal);
      t.cancel();
      let err: unknown;
      try {
        yield* t;
      } catch (e) {
        err = e;
      }
      // The async body returned normally after the abort without awaiting wasyncio again:
      // the pending cancellation makes the task cancelled, as a cancel during a final step does.
      expect(err).toBeInstanceOf(CancelledError);
      expect(t.cancelled()).toBe(true);
    });
  });
});

describe("Op", () => {
  it("is lazy, runs once and remembers its outcome (also through then)", async () => {
    let runs = 0;
    await run(function* () {
      const o = op(function* () {
        runs++;
        yield* sleep(1);
        return "v";
      });
      expect(runs).toBe(0);
      expect(yield* o).toBe("v");
      expect(yield* o).toBe("v");
      expect(runs).toBe(1);
      const failing = op(function* () {
        runs++;
        yield* sleep(0);
        throw new RangeError("bad");
      });
      for (let i = 0; i < 2; i++) {
        let err: unknown;
        try {
          yield* failing;
        } catch (e) {
          err = e;
        }
        expect(err).toBeInstanceOf(RangeError);
      }
      expect(runs).toBe(2);
    });
    await run(async () => {
      const s = sleep(5, "slept");
      const first = await Promise.race([s, new Promise((r) => setTimeout(() => r("timer"), 50))]);
      expect(first).toBe("slept");
      expect(await s).toBe("slept");
    });
  });

  it("awaited by a second task while running, the second gets the same outcome", async () => {
    await run(function* () {
      let runs = 0;
      const o = op(function* () {
        runs++;
        yield* sleep(5);
        return 9;
      });
      const a = createTask(function* () { return yield* o; });
      const b = createTask(function* () { yield* sleep(1); return yield* o; });
      expect(yield* gather(a, b)).toEqual([9, 9]);
      expect(runs).toBe(1);
    });
  });

  it("awaiting an Op outside a running loop is a RuntimeError", async () => {
    await expect(sleep(1) as unknown as Promise<void>).rejects.toThrow(RuntimeError);
  });

  it("sleep(NaN) is a RangeError; sleep('1') a TypeError, where the Op is awaited (#11)", async () => {
    const errs = await run(function* () {
      const out: string[] = [];
      for (const op of [sleep(NaN), sleep("1" as any)]) {
        try {
          yield* op;
        } catch (e) {
          out.push((e as Error).name);
        }
      }
      return out;
    });
    expect(errs).toEqual(["RangeError", "TypeError"]);
  });
});

describe("async-function tasks", () => {
  it("without async context tracking, cancellation reaches an async body through its signal", async () => {
    const log: string[] = [];
    await run(function* () {
      const t = createTask(async (signal: AbortSignal) => {
        await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
        log.push(`aborted with ${(signal.reason as Error).name}`);
        await sleep(1); // no context tracking: this await cannot deliver the CancelledError
        log.push("returned");
        return "value";
      });
      yield* sleep(1);
      t.cancel();
      let err: unknown;
      try {
        yield* t;
      } catch (e) {
        err = e;
      }
      // The cancel request was never delivered, so the task ends cancelled, not with "value".
      expect(err).toBeInstanceOf(CancelledError);
    }, { host: new BrowserHost() });
    expect(log).toEqual(["aborted with CancelledError", "returned"]);
  });

  it("promises are task bodies and awaitables: wrapPromise, ensureFuture, gather", async () => {
    await run(function* () {
      expect(yield* wrapPromise(Promise.resolve(3))).toBe(3);
      const f = ensureFuture(Promise.resolve(4));
      expect(isFuture(f)).toBe(true);
      expect(yield* f).toBe(4);
      const r = yield* gather(Promise.resolve(1), createTask(Promise.resolve(2)), sleep(1, 3));
      expect(r).toEqual([1, 2, 3]);
      let err: unknown;
      try {
        yield* wrapPromise(Promise.reject(new SyntaxError("x")));
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(SyntaxError);
      expect(() => ensureFuture(5 as any)).toThrow(TypeError);
    });
  });
});

describe("virtual time", () => {
  it("an hour of timers runs instantly with autojump, and loop.time() is exact", async () => {
    const clock = new VirtualClock({ autojump: true });
    const t0 = performance.now();
    const times = await run(function* () {
      const loop = getRunningLoop();
      const seen: number[] = [];
      for (let i = 0; i < 60; i++) {
        yield* sleep(60_000);
        seen.push(loop.time());
      }
      return seen;
    }, { clock });
    expect(times[0]).toBe(60_000);
    expect(times[59]).toBe(3_600_000);
    expect(performance.now() - t0).toBeLessThan(5000);
  });
});
