// (g) lock: T=10 tasks share N=1M acquire/release pairs (N/T each) on one mutex.
// (h) semaphore: T=100 tasks share N=1M acquire/release pairs on a semaphore of 4.
// Every holder gives up one scheduler turn while holding (each peer's cheapest yield: a bare
// `yield` in wasyncio, `await asyncio.sleep(0)` in CPython, `await null` with promises,
// Effect.yieldNow, Effection `until(resolved promise)`), so every acquire by another task
// really contends. The check is "completed:max-holders-seen", i.e. "1000000:1" for the lock and
// "1000000:4" for the semaphore: the primitive must never admit more holders than it allows.
import { Effect, Fiber, Semaphore } from "effect";
import * as E from "effection";
import { Mutex } from "async-mutex";
import { Sema } from "async-sema";
import { PromiseMutex, PromiseSemaphore } from "../baselines/promise-sync.ts";
import { EffectionMutex, EffectionSemaphore } from "../baselines/effection-sync.ts";
import type { Ctx, TimedFamily } from "../lib/types.ts";

const RESOLVED = Promise.resolve();

export function lockFamily(ctx: Ctx, kind: "lock" | "semaphore"): TimedFamily {
  const N = ctx.quick ? 100_000 : 1_000_000;
  const T = kind === "lock" ? 10 : 100;
  const V = kind === "lock" ? 1 : 4;
  const per = N / T;
  const check = (count: number, max: number) => `${count}:${max}`;

  // Shared bookkeeping, reset per run.
  let held = 0;
  let max = 0;
  let count = 0;
  const reset = () => {
    held = 0;
    max = 0;
    count = 0;
  };
  const enter = () => {
    if (++held > max) max = held;
    count++;
  };
  const leave = () => {
    held--;
  };

  // Promise-based workers: `await acquire()`, one `await null` while holding, release.
  async function promiseRun(acquire: () => Promise<unknown>, release: () => void) {
    reset();
    async function worker() {
      for (let k = 0; k < per; k++) {
        await acquire();
        enter();
        await null;
        leave();
        release();
      }
    }
    const ws = [];
    for (let t = 0; t < T; t++) ws.push(worker());
    await Promise.all(ws);
    return check(count, max);
  }

  const libPeer =
    kind === "lock"
      ? {
          id: "lib" as const,
          label: "async-mutex Mutex acquire/release",
          run() {
            const m = new Mutex();
            return promiseRun(
              () => m.acquire(),
              () => m.release(),
            );
          },
        }
      : {
          id: "lib" as const,
          label: "async-sema Sema(4) acquire/release",
          run() {
            const s = new Sema(V);
            return promiseRun(
              () => s.acquire(),
              () => s.release(),
            );
          },
        };

  return {
    kind: "timed",
    id: kind,
    title:
      kind === "lock"
        ? `(g) ${N / 1e6}M contended Lock acquire/release, ${T} tasks`
        : `(h) ${N / 1e6}M Semaphore(${V}) acquire/release, ${T} tasks`,
    params: { n: N, tasks: T, value: V },
    expected: check(N, V),
    python: "locks",
    peers: [
      {
        id: "plain",
        label: kind === "lock" ? "hand-written promise mutex" : "hand-written promise semaphore",
        run() {
          const m = kind === "lock" ? new PromiseMutex() : new PromiseSemaphore(V);
          return promiseRun(
            () => m.acquire(),
            () => m.release(),
          );
        },
      },
      {
        id: "wasyncio",
        label: kind === "lock" ? "Lock acquire/release" : "Semaphore(4) acquire/release",
        run() {
          const w = ctx.need("run", "createTask", kind === "lock" ? "Lock" : "Semaphore");
          reset();
          return w.run(function* () {
            const m = kind === "lock" ? new w.Lock() : new w.Semaphore(V);
            function* worker(): Generator<unknown, void, unknown> {
              for (let k = 0; k < per; k++) {
                yield* m.acquire();
                enter();
                yield; // give up one loop iteration while holding
                leave();
                m.release();
              }
            }
            const ws = [];
            for (let t = 0; t < T; t++) ws.push(w.createTask(worker()));
            for (const t of ws) yield* t;
            return check(count, max);
          });
        },
      },
      {
        id: "effect",
        label: `Semaphore.make(${V}) take/release`,
        run() {
          reset();
          return Effect.runPromise(
            Effect.gen(function* () {
              const s = yield* Semaphore.make(V);
              const worker = Effect.gen(function* () {
                for (let k = 0; k < per; k++) {
                  yield* s.take(1);
                  enter();
                  yield* Effect.yieldNow;
                  leave();
                  yield* s.release(1);
                }
              });
              const fs: Fiber.Fiber<void>[] = [];
              for (let t = 0; t < T; t++) fs.push(yield* Effect.forkChild(worker));
              for (const f of fs) yield* Fiber.join(f);
              return check(count, max);
            }),
          );
        },
      },
      {
        id: "effection",
        label: kind === "lock" ? "mutex hand-built on withResolvers" : "semaphore hand-built on withResolvers",
        async run() {
          reset();
          return await E.run(function* () {
            const m = kind === "lock" ? new EffectionMutex() : new EffectionSemaphore(V);
            function* worker(): E.Operation<void> {
              for (let k = 0; k < per; k++) {
                yield* m.acquire();
                enter();
                yield* E.until(RESOLVED);
                leave();
                m.release();
              }
            }
            const ts: E.Task<void>[] = [];
            for (let t = 0; t < T; t++) ts.push(yield* E.spawn(worker));
            for (const t of ts) yield* t;
            return check(count, max);
          });
        },
      },
      libPeer,
    ],
  };
}
