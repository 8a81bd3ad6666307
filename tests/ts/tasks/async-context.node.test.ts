// Async-function tasks on a host with async context tracking (Node's AsyncLocalStorage): the
// CancelledError arrives at the next wasyncio await, and currentTask() survives awaits.
// Browsers have no such tracking: there, cancellation reaches async bodies through task.signal.
// Primitives awaited by async-function tasks get the same: a cancelled acquire() throws there.
import { describe, it, expect } from "vitest";
import { CancelledError, ContextVar, Lock, Task, createTask, currentTask, gather, getRunningLoop, run, sleep } from "../../../ts/index.js";

describe("async-function tasks with async context tracking", () => {
  it("get a CancelledError at their next wasyncio await (async context tracking)", async () => {
    const log: string[] = [];
    await run(function* () {
      const t = createTask(async () => {
        try {
          await sleep(1000);
        } catch (e) {
          log.push(`caught ${(e as Error).name}`);
          throw e;
        }
      });
      yield* sleep(1);
      t.cancel();
      let err: unknown;
      try {
        yield* t;
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(CancelledError);
      expect(t.cancelled()).toBe(true);
    });
    expect(log).toEqual(["caught CancelledError"]);
  });

  it("a cancel while the body awaits a plain promise is delivered at the next wasyncio await", async () => {
    const log: string[] = [];
    await run(function* () {
      const t = createTask(async () => {
        await new Promise((r) => setTimeout(r, 10));
        log.push("after plain await");
        try {
          await sleep(0);
        } catch (e) {
          log.push(`then ${(e as Error).name}`);
          return "handled";
        }
        return "not cancelled";
      });
      yield* sleep(1);
      t.cancel();
      expect(yield* t).toBe("handled");
      expect(t.cancelling()).toBe(1);
    });
    expect(log).toEqual(["after plain await", "then CancelledError"]);
  });

  it("currentTask() inside an async task is that task, also after awaits", async () => {
    await run(async () => {
      const me = currentTask();
      expect(me).toBeInstanceOf(Task);
      await sleep(1);
      await new Promise((r) => setTimeout(r, 1));
      expect(currentTask()).toBe(me);
    });
  });

});

describe("context variables in async-function tasks", () => {
  it("each async task keeps its own context across awaits of wasyncio awaitables and plain promises", async () => {
    const v = new ContextVar<string>("req", { default: "none" });
    const seen: string[] = [];
    await run(function* () {
      v.set("main");
      const worker = (name: string, ms: number) => async () => {
        seen.push(`${name} starts with ${v.get()}`);
        v.set(name);
        await sleep(ms);
        seen.push(`${name} after sleep ${v.get()}`);
        await new Promise((r) => setTimeout(r, ms));
        seen.push(`${name} after a plain promise ${v.get()}`);
        // a callback registered here runs in a copy of this task's context
        const fut = getRunningLoop().createFuture<string>();
        getRunningLoop().callSoon(() => fut.setResult(v.get()));
        seen.push(`${name} callback saw ${await fut}`);
        return v.get();
      };
      const [a, b] = (yield* gather(createTask(worker("a", 5)), createTask(worker("b", 1)))) as string[];
      seen.push(`results ${a} ${b}, main ${v.get()}`);
    });
    const of = (n: string) => seen.filter((s) => s.startsWith(`${n} `));
    for (const n of ["a", "b"]) {
      expect(of(n)).toEqual([`${n} starts with main`, `${n} after sleep ${n}`, `${n} after a plain promise ${n}`, `${n} callback saw ${n}`]);
    }
    expect(seen.at(-1)).toBe("results a b, main main");
    expect(v.get()).toBe("none");
  });
});

describe("async context tracking is switched on lazily", () => {
  it("stays off for generator-only programs and turns on at the first async-function task", async () => {
    const { getRunningLoop } = await import("../../../ts/index.js");
    await run(function* () {
      const loop = getRunningLoop();
      yield* sleep(1);
      yield* createTask(function* () { yield* sleep(1); });
      expect(loop._asyncCtx).toBe(null); // no AsyncLocalStorage cost for generator code
      yield* createTask(async () => {
        await sleep(1);
      });
      expect(loop._asyncCtx).not.toBe(null);
    });
  });
});

describe("primitives awaited by async-function tasks", () => {
  it("async-function tasks can await acquire(), wait(), and get cancelled while waiting", async () => {
    const log: string[] = [];
    await run(async () => {
      const l = new Lock();
      await l.acquire();
      const t = createTask(async () => {
        await l.acquire();
        log.push("t got it");
        l.release();
      });
      const u = createTask(async () => {
        try {
          await l.acquire();
          log.push("u got it");
        } catch (e) {
          log.push(e instanceof CancelledError ? "u cancelled" : "u ?");
          throw e;
        }
      });
      await sleep(1);
      u.cancel();
      await sleep(1);
      l.release();
      await t;
      await gather(u, { returnExceptions: true } as any);
      log.push(`locked ${l.locked()} waiters ${l.statistics().waiters}`);
    });
    expect(log).toEqual(["u cancelled", "t got it", "locked false waiters 0"]);
  });

});
