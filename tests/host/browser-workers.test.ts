// browser-workers.test.ts: toThread / runInExecutor / WorkerPool on the browser host's
// 'workers' facet (host/browser-workers.ts): module Web Workers in real Chromium. The worker
// functions are in tests/ts/fixtures/browser-work.mjs, served by the test server. Where there is
// no Worker global (Node), the browser host has no 'workers' facet and says so.

import { describe, expect, it } from "vitest";
import { host as browserHost } from "../../host/browser.ts";
import { CancelledError, NotSupportedError, WorkerPool, createTask, gather, getRunningLoop, run, sleep, toThread, waitFor, TimeoutError } from "../../ts/index.ts";

const WORK = new URL("../ts/fixtures/browser-work.mjs", import.meta.url);
const inPage = typeof window !== "undefined" && typeof Worker === "function";

describe.runIf(inPage)("module Web Workers (browser host)", () => {
  it("toThread runs an export in a worker: values, bytes and promises come back", async () => {
    const out = await run(
      function* () {
        const a = yield* toThread<number>(WORK, "add", 2, 3);
        const b = yield* toThread<string>(WORK.href, "later", 5, "x");
        const c = yield* toThread<Uint8Array>(WORK, "bytes", 1000);
        const d = yield* toThread<number>(WORK, "sum", new Uint8Array([1, 2, 3]));
        const h = yield* toThread<string>(WORK, "sha", "abc");
        return [a, b, c.length, c[0], d, h];
      },
      { host: browserHost },
    );
    expect(out).toEqual([5, "x", 1000, 7, 6, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"]);
  });

  it("a relative module name is resolved against the page's location", async () => {
    const rel = WORK.pathname; // "/tests/ts/fixtures/browser-work.mjs"
    const out = await run(function* () { return yield* toThread<number>(rel, "add", 1, 1); }, { host: browserHost });
    expect(out).toBe(2);
  });

  it("the loop keeps running while a worker is busy", async () => {
    const ticks = await run(
      function* () {
        let n = 0;
        const ticker = createTask(function* () {
          for (;;) {
            yield* sleep(5);
            n++;
          }
        });
        yield* toThread(WORK, "spin", 150);
        ticker.cancel();
        return n;
      },
      { host: browserHost },
    );
    expect(ticks).toBeGreaterThan(5);
  });

  it("errors come back with their class, name, message and code; a missing export is a TypeError", async () => {
    const out = await run(
      function* () {
        const errs: any[] = [];
        for (const [fn, ...args] of [["fail", "EBAD"], ["custom"], ["nope"], ["notCloneable"]] as [string, ...unknown[]][]) {
          try {
            yield* toThread(WORK, fn, ...args);
          } catch (e) {
            errs.push(e);
          }
        }
        try {
          yield* toThread(WORK, "add", () => 1, 2); // arguments that cannot be cloned
        } catch (e) {
          errs.push(e);
        }
        try {
          yield* toThread("/tests/ts/fixtures/no-such-module.mjs", "add", 1, 2);
        } catch (e) {
          errs.push(e);
        }
        // The worker survives all of these.
        return { errs, after: yield* toThread<number>(WORK, "add", 20, 22) };
      },
      { host: browserHost },
    );
    const [fail, custom, missing, clone, argClone, noModule] = out.errs;
    expect(fail).toBeInstanceOf(RangeError);
    expect([fail.name, fail.message, fail.code]).toEqual(["RangeError", "bad input", "EBAD"]);
    expect(fail.stack).toMatch(/work-common\.mjs/);
    expect([custom.name, custom.message]).toEqual(["ParseError", "no parse"]);
    expect(missing).toBeInstanceOf(TypeError);
    expect(clone.name).toBe("DataCloneError");
    expect(argClone.name).toBe("DataCloneError");
    expect(noModule).toBeInstanceOf(TypeError); // a failed dynamic import
    expect(out.after).toBe(42);
  });

  it("runInExecutor(pool) runs at most size jobs at once, on size workers", async () => {
    const pool = new WorkerPool(2);
    const out = await run(
      function* () {
        const loop = getRunningLoop();
        const t0 = performance.now();
        const ids = (yield* gather(...[0, 1, 2, 3].map(() => loop.runInExecutor<string>(pool, WORK, "spin", 100)))) as string[];
        return { workers: new Set(ids).size, dt: performance.now() - t0, pool: String(pool) };
      },
      { host: browserHost },
    );
    await pool.close();
    expect(out.workers).toBe(2);
    expect(out.dt).toBeGreaterThanOrEqual(190);
    expect(out.pool).toMatch(/size=2 workers=2/);
  });

  it("the default pool's size is navigator.hardwareConcurrency + 4 (at most 32)", () => {
    expect(browserHost.workers!.defaultSize()).toBe(Math.min(32, navigator.hardwareConcurrency + 4));
  });

  it("cancelling a queued job means it never runs; a running one finishes in its worker and its result is dropped", async () => {
    const pool = new WorkerPool(1);
    const out = await run(
      function* () {
        const loop = getRunningLoop();
        const running = loop.runInExecutor<string>(pool, WORK, "spin", 80);
        const queued = loop.runInExecutor<string>(pool, WORK, "spin", 500);
        yield* sleep(10);
        queued.cancel();
        running.cancel();
        const t0 = performance.now();
        // The next job waits for the running one (it is not interrupted), but not for the
        // cancelled queued one, which never runs.
        const next = yield* loop.runInExecutor<number>(pool, WORK, "add", 20, 22);
        const waited = performance.now() - t0;
        // toThread cancelled by a timeout: the caller sees TimeoutError at once.
        let timedOut = false;
        try {
          yield* waitFor(toThread(WORK, "later", 300, "late"), 20);
        } catch (e) {
          timedOut = e instanceof TimeoutError;
        }
        return { next, waited, qc: queued.cancelled(), rc: running.cancelled(), timedOut };
      },
      { host: browserHost },
    );
    await pool.close();
    expect(out).toMatchObject({ next: 42, qc: true, rc: true, timedOut: true });
    expect(out.waited).toBeGreaterThan(30); // the running spin(80) finished first
    expect(out.waited).toBeLessThan(450); // the queued spin(500) never ran
  });

  it("a worker that closes itself, or throws outside a job, fails its job and is replaced", async () => {
    const pool = new WorkerPool(1);
    const out = await run(
      function* () {
        const loop = getRunningLoop();
        const first = yield* loop.runInExecutor<string>(pool, WORK, "whoami");
        const errs: string[] = [];
        for (const fn of ["closeSelf", "stray"]) {
          try {
            yield* loop.runInExecutor(pool, WORK, fn);
          } catch (e) {
            errs.push((e as Error).message);
          }
        }
        const second = yield* loop.runInExecutor<string>(pool, WORK, "whoami");
        return { errs, replaced: first !== second };
      },
      { host: browserHost },
    );
    await pool.close();
    expect(out.errs[0]).toMatch(/closed itself/);
    expect(out.errs[1]).toMatch(/stray error/);
    expect(out.replaced).toBe(true);
  });

  it("a cancelled toThread raises CancelledError in the caller; the loop's default pool ends with run()", async () => {
    const out = await run(
      function* () {
        const t = createTask(toThread(WORK, "later", 200, 1));
        yield* sleep(10);
        t.cancel();
        try {
          yield* t;
        } catch (e) {
          return e instanceof CancelledError;
        }
        return false;
      },
      { host: browserHost },
    );
    expect(out).toBe(true);
  });
});

describe.runIf(typeof Worker === "undefined")("no Worker global", () => {
  it("the browser host has no 'workers' facet: toThread raises NotSupportedError naming it", async () => {
    expect(browserHost.workers).toBeUndefined();
    const err: any = await run(function* () { return yield* toThread(WORK, "add", 1, 2); }, { host: browserHost }).catch((e) => e);
    expect(err).toBeInstanceOf(NotSupportedError);
    expect([err.facet, err.host]).toEqual(["workers", "browser"]);
  });
});
