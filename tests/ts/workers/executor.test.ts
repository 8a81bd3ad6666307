// executor.test.ts: toThread, loop.runInExecutor and WorkerPool (ts/workers/executor.ts) on Node
// worker threads; the worker functions are in tests/io/fixtures/work.mjs.

import { describe, expect, it, vi } from "vitest";
import { fileURLToPath } from "node:url";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run, sleep, getRunningLoop, toThread, WorkerPool, gather, RuntimeError, CancelledError, createTask, wrapPromise } from "../../../ts/index.js";
import { expected } from "../../cpython/trace.js";

const WORK = new URL("../fixtures/work.mjs", import.meta.url);

describe("executors", () => {
  it("toThread runs an export in a worker and returns its value (URL or path)", async () => {
    const out = await run(function* () {
      const a = yield* toThread<number>(WORK, "add", 2, 3);
      const b = yield* toThread<string>(fileURLToPath(WORK), "later", 5, "x");
      const c = yield* toThread<Uint8Array>(WORK, "bytes", 1000);
      return [a, b, c.length];
    });
    expect(out).toEqual([5, "x", 1000]);
  });

  it("toThread runs a TypeScript module through tsx's loader", async () => {
    const out = await run(function* () {
      return yield* toThread<number>(new URL("../fixtures/work-ts.ts", import.meta.url), "square", 7);
    });
    expect(out).toBe(49);
  });

  it("the loop keeps running while a worker is busy", async () => {
    const out = await run(function* () {
      let ticks = 0;
      const ticker = createTask(function* () {
        for (;;) {
          yield* sleep(5);
          ticks++;
        }
      });
      yield* toThread(WORK, "spin", 150);
      ticker.cancel();
      return ticks;
    });
    expect(out).toBeGreaterThan(5);
  });

  it("runInExecutor(pool) runs at most size jobs at once; errors come back with name and code", async () => {
    const pool = new WorkerPool(2);
    const out = await run(function* () {
      const loop = getRunningLoop();
      const t0 = performance.now();
      const ids = (yield* gather(...[0, 1, 2, 3].map(() => loop.runInExecutor<number>(pool, WORK, "spin", 100)))) as number[];
      const dt = performance.now() - t0;
      let err: any;
      try {
        yield* loop.runInExecutor(pool, WORK, "fail", "EBAD");
      } catch (e) {
        err = e;
      }
      let missing: any;
      try {
        yield* loop.runInExecutor(pool, WORK, "nope");
      } catch (e) {
        missing = e;
      }
      return { threads: new Set(ids).size, dt, err: [err.name, err.message, err.code], missing: missing.name };
    });
    await pool.close();
    expect(out.threads).toBe(2);
    expect(out.dt).toBeGreaterThanOrEqual(190);
    expect(out.err).toEqual(["RangeError", "bad input", "EBAD"]);
    expect(out.missing).toBe("TypeError");
    await expect(async () => pool._submit(null as any, WORK, "add", [])).rejects.toThrow(RuntimeError);
  });

  it("cancelling, shutdownDefaultExecutor(timeout) and run()'s wait for the default executor, as CPython 3.13 (tests/cpython/io/executor_shutdown.py)", async () => {
    // A queued job leaves the queue and never runs; a running one runs to its end in its worker
    // (its outcome dropped) before the worker takes the next job. run() waits for the default
    // executor's jobs before it closes the loop; a shutdown past its timeout warns and returns.
    const dir = mkdtempSync(join(tmpdir(), "wasyncio-exec-"));
    const out: string[] = [];
    const py = (v: boolean) => (v ? "True" : "False");
    const marked = (name: string) => existsSync(join(dir, name));
    const warns: string[] = [];
    const spy = vi.spyOn(console, "warn").mockImplementation((m: unknown) => void warns.push(String(m)));
    try {
      const pool = new WorkerPool(1);
      await run(function* () {
        const loop = getRunningLoop();
        const running = loop.runInExecutor(pool, WORK, "mark", dir, "a", 200);
        yield* sleep(50);
        const queued = loop.runInExecutor(pool, WORK, "mark", dir, "b");
        out.push(`queued cancel -> ${py(queued.cancel())} cancelled ${py(queued.cancelled())}`);
        out.push(`running cancel -> ${py(running.cancel())} cancelled ${py(running.cancelled())}`);
        const next = yield* loop.runInExecutor<boolean>(pool, WORK, "marked", dir, "a");
        out.push(`next job ran after the running one finished: ${py(next)}`);
        out.push(`queued job ran: ${py(marked("b"))}`);
        yield* wrapPromise(pool.close());
      });
      await run(function* () {
        const loop = getRunningLoop();
        loop.runInExecutor(null, WORK, "mark", dir, "c", 300);
        yield* loop.shutdownDefaultExecutor(50);
        out.push(`shutdown(0.05) returned; job done: ${py(marked("c"))}`);
        for (const w of warns.splice(0)) out.push(`warning ${w.split(":")[0]}`);
        try {
          loop.runInExecutor(null, WORK, "mark", dir, "x");
        } catch (e) {
          out.push(`run_in_executor after shutdown: ${(e as Error).name} ${(e as Error).message}`);
        }
      });
      out.push(`after run: job done: ${py(marked("c"))}`);
      await run(function* () {
        getRunningLoop().runInExecutor(null, WORK, "mark", dir, "e", 200);
        out.push(`main returns; job done: ${py(marked("e"))}`);
      });
      out.push(`after run: job done: ${py(marked("e"))}`);
    } finally {
      spy.mockRestore();
      rmSync(dir, { recursive: true, force: true });
    }
    expect(out).toEqual(expected("executor_shutdown"));
    expect(warns).toEqual([]);
  });

  it("a cancelled queued job's promise settles as cancelled and leaves the queue; close() does not wait for it", async () => {
    const pool = new WorkerPool(1);
    const out = await run(function* () {
      const loop = getRunningLoop();
      const running = loop.runInExecutor<number>(pool, WORK, "spin", 100);
      const { promise, job } = pool._submit(loop._host, WORK, "add", [1, 2]);
      const outcome = promise.then(() => "ran", (e) => (e instanceof CancelledError ? "cancelled" : `failed ${e}`));
      pool._cancel(job);
      const queuedAfter = pool._queue.length;
      const closing = wrapPromise(pool.close());
      yield* running;
      yield* closing;
      return [yield* wrapPromise(outcome), queuedAfter];
    });
    expect(out).toEqual(["cancelled", 0]);
  });

  it("shutdownDefaultExecutor() then runInExecutor(null) is a RuntimeError; run() ends with no worker left", async () => {
    const out = await run(function* () {
      const loop = getRunningLoop();
      yield* toThread(WORK, "add", 1, 2);
      yield* loop.shutdownDefaultExecutor();
      try {
        loop.runInExecutor(null, WORK, "add", 1, 2);
      } catch (e) {
        return e instanceof RuntimeError;
      }
      return false;
    });
    expect(out).toBe(true);
  });

  it("a worker that exits with its job fails that job and is replaced", async () => {
    const pool = new WorkerPool(1);
    const out = await run(function* () {
      const loop = getRunningLoop();
      const first = yield* loop.runInExecutor<number>(pool, WORK, "spin", 1);
      let err: any;
      try {
        yield* loop.runInExecutor(pool, WORK, "exit", 3);
      } catch (e) {
        err = e;
      }
      const second = yield* loop.runInExecutor<number>(pool, WORK, "spin", 1);
      return { msg: String(err?.message), replaced: first !== second, sum: yield* loop.runInExecutor<number>(pool, WORK, "add", 2, 2) };
    });
    await pool.close();
    expect(out).toEqual({ msg: expect.stringMatching(/exited with code 3/), replaced: true, sum: 4 });
  });

  it("shutdownDefaultExecutor(timeout): a timeout that is not a number of ms is an error at the await", async () => {
    const out = await run(function* () {
      const loop = getRunningLoop();
      const names: string[] = [];
      for (const op of [loop.shutdownDefaultExecutor("x" as any), loop.shutdownDefaultExecutor(NaN)]) {
        try {
          yield* op;
          names.push("none");
        } catch (e) {
          names.push((e as Error).name);
        }
      }
      yield* loop.shutdownAsyncgens();
      return names;
    });
    expect(out).toEqual(["TypeError", "RangeError"]);
  });

  it("WorkerPool(size) rejects a size that is not a positive integer", () => {
    expect(() => new WorkerPool(0)).toThrow(RangeError);
    expect(() => new WorkerPool(1.5)).toThrow(RangeError);
  });
});
