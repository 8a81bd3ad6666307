// (c) start N tasks that each sleep for an hour, let every one of them reach its sleep, cancel
// them all, and wait until each one is observed cancelled. Timed from the first spawn to the
// last observation. The check counts the tasks observed cancelled; the program also asserts
// that all N had started sleeping before the cancellations.
import { Effect, Exit, Fiber } from "effect";
import * as E from "effection";
import type { Ctx, TimedFamily } from "../lib/types.ts";

const HOUR = 3_600_000;

class CancelError extends Error {}

function assertStarted(started: number, n: number): void {
  if (started !== n) throw new Error(`only ${started}/${n} tasks were sleeping before cancel`);
}

export function cancelFamily(ctx: Ctx): TimedFamily {
  const N = ctx.quick ? 2_000 : 20_000;
  return {
    kind: "timed",
    id: "cancel",
    title: `(c) start + cancel ${N / 1000}k sleeping tasks`,
    params: { n: N },
    expected: N,
    python: "cancel",
    peers: [
      {
        id: "plain",
        label: "async fn + setTimeout, cancelled by clearTimeout + reject",
        async run() {
          // The limit: each sleeper keeps its own cancel function (AbortController with an
          // "abort" listener per task is the idiomatic way, and several times slower).
          let started = 0;
          const cancels = new Array<() => void>(N);
          async function sleeper(i: number): Promise<void> {
            started++;
            await new Promise<void>((resolve, reject) => {
              const h = setTimeout(resolve, HOUR);
              cancels[i] = () => {
                clearTimeout(h);
                reject(new CancelError());
              };
            });
          }
          const ps = new Array<Promise<void>>(N);
          for (let i = 0; i < N; i++) ps[i] = sleeper(i);
          assertStarted(started, N);
          for (const c of cancels) c();
          let n = 0;
          for (const p of ps) {
            try {
              await p;
            } catch (e) {
              if (e instanceof CancelError) n++;
            }
          }
          return n;
        },
      },
      {
        id: "wasyncio",
        label: "task.cancel() + yield* task",
        run() {
          const { run, createTask, sleep, CancelledError } = ctx.need(
            "run",
            "createTask",
            "sleep",
            "CancelledError",
          );
          let started = 0;
          function* sleeper(): Generator<unknown, void, unknown> {
            started++;
            yield* sleep(HOUR);
          }
          return run(function* () {
            const ts = new Array(N);
            for (let i = 0; i < N; i++) ts[i] = createTask(sleeper());
            yield* sleep(0); // one loop iteration: every task runs up to its sleep
            assertStarted(started, N);
            for (const t of ts) t.cancel();
            let n = 0;
            for (const t of ts) {
              try {
                yield* t;
              } catch (e) {
                if (e instanceof CancelledError && t.cancelled()) n++;
                else throw e;
              }
            }
            return n;
          });
        },
      },
      {
        id: "effect",
        label: "forkChild + Fiber.interruptAll + Fiber.awaitAll",
        run() {
          let started = 0;
          return Effect.runPromise(
            Effect.gen(function* () {
              const fs = new Array<Fiber.Fiber<void>>(N);
              for (let i = 0; i < N; i++) {
                fs[i] = yield* Effect.forkChild(
                  Effect.gen(function* () {
                    started++;
                    yield* Effect.sleep(HOUR);
                  }),
                );
              }
              yield* Effect.yieldNow;
              assertStarted(started, N);
              yield* Fiber.interruptAll(fs);
              const exits = yield* Fiber.awaitAll(fs);
              let n = 0;
              for (const e of exits) if (Exit.hasInterrupts(e)) n++;
              return n;
            }),
          );
        },
      },
      {
        id: "effection",
        label: "spawn + task.halt() + yield* task",
        async run() {
          let started = 0;
          return await E.run(function* () {
            const ts = new Array<E.Task<void>>(N);
            for (let i = 0; i < N; i++) {
              ts[i] = yield* E.spawn(function* () {
                started++;
                yield* E.sleep(HOUR);
              });
            }
            yield* E.sleep(0); // spawned tasks start on a later tick
            assertStarted(started, N);
            for (const t of ts) yield* t.halt();
            let n = 0;
            for (const t of ts) {
              try {
                yield* t;
              } catch (e) {
                if ((e as Error).message === "halted") n++;
                else throw e;
              }
            }
            return n;
          });
        },
      },
    ],
  };
}
