// The rough edges a newcomer hit (#14): the `yield` for `yield*` slip, what the REPL echoes for a
// task, async-function bodies given to timeout()/taskGroup(), errors and Ops nobody awaited, and
// an Op awaited twice. Node only: util.inspect and a forced garbage collection.

import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import {
  Condition, Context, createSubprocessExec, openConnection, startServer, ContextVar, Event, Lock, Queue, Runner, Semaphore, TimeoutError, createTask, getRunningLoop, newEventLoop, run, sleep, taskGroup, timeout, wait, asCompleted, waitFor, type ExceptionContext,
} from "../../../ts/index.ts";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/** Collects, then lets finalization callbacks run (they are queued as tasks). */
async function collect(): Promise<void> {
  for (let i = 0; i < 4; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("the `yield` for `yield*` slip", () => {
  it("names yield* for an Op, a generator and a future, and wrapPromise for a promise", async () => {
    const msgs: string[] = [];
    await run(function* () {
      function* coro() {
        return 1;
      }
      const wrong: unknown[] = [sleep(10), coro(), Promise.resolve(1)];
      for (const w of wrong) {
        try {
          yield w;
        } catch (e) {
          msgs.push((e as Error).message);
        }
      }
    });
    expect(msgs[0]).toMatch(/^Task got bad yield: .*use `yield\*` to await an Op, a Future or a coroutine/);
    expect(msgs[1]).toMatch(/use `yield\*`/);
    expect(msgs[2]).toMatch(/a promise is awaited as `yield\* wrapPromise\(p\)`/);
  });
});

describe("util.inspect shows the String() form", () => {
  it("for a task, a future, a handle, the loop, primitives, a queue, a runner and contextvars, one line each", async () => {
    const shown: string[] = [];
    await run(function* () {
      const t = createTask(
        (function* () {
          yield* sleep(5);
        })(),
        { name: "sleeper" },
      );
      const loop = getRunningLoop();
      const v = new ContextVar("v");
      for (const x of [t, loop.createFuture(), loop.callLater(1, () => undefined), loop, new Lock(), new Event(), new Condition(), new Semaphore(2), new Queue(3), new Runner(), v, new Context(), v.set(1)]) {
        shown.push(inspect(x));
        expect(inspect(x)).toBe(String(x));
      }
      yield* t;
    });
    expect(shown[0]).toBe('<Task pending name="sleeper">');
    for (const s of shown) expect(s.split("\n")).toHaveLength(1);
  });

  it("for streams, a server and a subprocess too", async () => {
    await run(function* () {
      const server = yield* startServer((_r, w) => w.close(), "127.0.0.1", 0);
      const [r, w] = yield* openConnection("127.0.0.1", (server.sockets[0] as any).port);
      const p = yield* createSubprocessExec(process.execPath, ["-e", ""], {});
      for (const x of [server, r, w, w.transport, p]) {
        expect(inspect(x)).toBe(String(x));
        expect(inspect(x).split("\n")).toHaveLength(1);
      }
      yield* p.wait();
      w.close();
      server.close();
      yield* server.waitClosed();
    });
  });
});

describe("async-function bodies of timeout() and taskGroup()", () => {
  it("are refused before they start, with a TypeError that says what to write, and nothing runs after run()", async () => {
    let started = 0;
    const errors: unknown[] = [];
    await run(function* () {
      for (const op of [
        timeout(50, (async () => {
          started++;
        }) as any),
        taskGroup((async () => {
          started++;
        }) as any),
      ]) {
        try {
          yield* op;
        } catch (e) {
          errors.push(e);
        }
      }
      // a plain function returning a promise is refused as soon as it returns
      try {
        yield* timeout(50, (() => Promise.resolve(1)) as any);
      } catch (e) {
        errors.push(e);
      }
    });
    expect(started).toBe(0);
    expect(errors).toHaveLength(3);
    for (const e of errors) expect(e).toBeInstanceOf(TypeError);
    expect((errors[0] as Error).message).toMatch(/A timeout body must be a generator function .*not an async function/);
    expect((errors[1] as Error).message).toMatch(/A task group body must be a generator function/);
    expect((errors[2] as Error).message).toMatch(/it returned .*a promise/);
  });

  it("a generator body still works and times out", async () => {
    await expect(
      run(function* () {
        yield* timeout(10, function* () {
          yield* sleep(1000);
        });
      }),
    ).rejects.toBeInstanceOf(TimeoutError);
  });
});

describe("a block body that returns an Op or a Future", () => {
  it("is awaited by the block's task, cancelled by its deadline, and loses no item", async () => {
    const r = await run(function* () {
      const q = new Queue<string>();
      q.putNowait("job");
      const got = yield* timeout(100, () => q.get());
      let timedOut = false;
      try {
        yield* timeout(20, () => q.get()); // empty: the get is cancelled at the deadline
      } catch (e) {
        timedOut = e instanceof TimeoutError;
      }
      q.putNowait("next");
      const after = q.getNowait(); // the cancelled get took nothing
      const fromWaitFor = yield* timeout(100, () => waitFor(sleep(1, "w"), 50));
      const fromGroup = yield* taskGroup(() => sleep(1, "g"));
      const f = getRunningLoop().createFuture<string>();
      getRunningLoop().callLater(5, () => f.setResult("f"));
      const fromFuture = yield* timeout(100, () => f);
      let refused: unknown;
      try {
        yield* timeout(50, (() => Promise.resolve(1)) as any);
      } catch (e) {
        refused = e;
      }
      let plain: unknown;
      try {
        yield* timeout(50, (() => 5) as any);
      } catch (e) {
        plain = e;
      }
      return [got, timedOut, after, q.qsize(), fromWaitFor, fromGroup, fromFuture, refused instanceof TypeError, (plain as Error).message];
    });
    expect(r.slice(0, 8)).toEqual(["job", true, "next", 0, "w", "g", "f", true]);
    expect(r[8]).toMatch(/A timeout body must be a generator function, or return an Op or a Future: it returned 5/);
  });
});

describe("one awaitable where wait() or asCompleted() expects an iterable of them", () => {
  it("is a TypeError naming it, for an Op, a queue get, a sleep, a future or a promise", async () => {
    const messages: string[] = [];
    await run(function* () {
      const q = new Queue<number>();
      q.putNowait(1);
      const f = getRunningLoop().createFuture<number>();
      const p = Promise.resolve(1);
      for (const one of [waitFor(sleep(1), 10), q.get(), sleep(1), f, p]) {
        for (const call of [() => wait(one as any), () => asCompleted(one as any)]) {
          try {
            const op = call();
            if (typeof (op as any)?.then === "function") yield* op as any;
            messages.push("accepted");
          } catch (e) {
            messages.push(e instanceof TypeError ? (e.message.match(/^\w+\(\) expects/)?.[0] ?? e.message) : `${(e as Error).name}: ${(e as Error).message}`);
          }
        }
      }
      f.cancel();
      expect(q.qsize()).toBe(1); // nothing was run
    });
    expect(messages).toEqual(Array.from({ length: 5 }, () => ["wait() expects", "asCompleted() expects"]).flat());
  });
});

describe("lost errors are reported", () => {
  it("a task that fails and is never awaited: 'Task exception was never retrieved' after collection, debug mode or not", async () => {
    const seen: ExceptionContext[] = [];
    const loop = newEventLoop();
    loop.setExceptionHandler((_l, ctx) => seen.push(ctx));
    await loop.runUntilComplete(
      loop.createTask(function* () {
        createTask(
          (function* failing(): Generator<unknown, never> {
            yield* sleep(1);
            throw new RangeError("lost");
          })(),
        );
        yield* sleep(5);
      }),
    );
    await collect();
    loop.close();
    const report = seen.find((c) => c.message === "Task exception was never retrieved");
    expect(report).toBeDefined();
    expect((report!.exception as Error).message).toBe("lost");
  });

  it("a retrieved exception is not reported", async () => {
    const seen: ExceptionContext[] = [];
    const loop = newEventLoop();
    loop.setExceptionHandler((_l, ctx) => seen.push(ctx));
    await loop.runUntilComplete(
      loop.createTask(function* () {
        const t = createTask(
          (function* (): Generator<unknown, never> {
            throw new RangeError("seen");
          })(),
        );
        yield* sleep(1);
        expect(t.exception()).toBeInstanceOf(RangeError);
      }),
    );
    await collect();
    loop.close();
    expect(seen.filter((c) => c.message.includes("never retrieved"))).toEqual([]);
  });

  it("debug mode: a sleep() never awaited is reported, pointing at the user's frame", async () => {
    const seen: ExceptionContext[] = [];
    const loop = newEventLoop({ debug: true });
    loop.setExceptionHandler((_l, ctx) => seen.push(ctx));
    await loop.runUntilComplete(
      loop.createTask(function* () {
        (function forgotten() {
          sleep(1); // the missing yield*
        })();
        yield* sleep(1);
      }),
    );
    await collect();
    loop.close();
    const report = seen.find((c) => /never awaited/.test(c.message));
    expect(report).toBeDefined();
    const source = String((report as any).source);
    expect(source.split("\n")[0]).toMatch(/forgotten/);
    expect(source).toMatch(/newcomer\.node\.test\.ts/);
  });
});

describe("an Op awaited again after it finished", () => {
  it("keeps its remembered outcome, and debug mode reports the reuse once per await", async () => {
    const seen: string[] = [];
    const got: unknown[] = [];
    const loop = newEventLoop({ debug: true });
    loop.setExceptionHandler((_l, ctx) => seen.push(ctx.message));
    await loop.runUntilComplete(
      loop.createTask(function* () {
        const q = new Queue<number>();
        q.putNowait(1);
        q.putNowait(2);
        const g = q.get();
        got.push(yield* g, yield* g);
        got.push(q.qsize());
        const s = sleep(1, "slept");
        got.push(yield* s, yield* s);
      }),
    );
    loop.close();
    expect(got).toEqual([1, 1, 1, "slept", "slept"]);
    expect(seen.filter((m) => m.startsWith("An Op was awaited again"))).toHaveLength(1);
    expect(seen.filter((m) => m.startsWith("A sleep() Op was awaited again"))).toHaveLength(1);
  });

  it("outside debug mode it says nothing", async () => {
    const seen: string[] = [];
    const loop = newEventLoop();
    loop.setExceptionHandler((_l, ctx) => seen.push(ctx.message));
    await loop.runUntilComplete(
      loop.createTask(function* () {
        const s = sleep(1);
        yield* s;
        yield* s;
      }),
    );
    loop.close();
    expect(seen).toEqual([]);
  });
});
