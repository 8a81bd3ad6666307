// (b) N concurrent sleeps with seeded pseudo-random delays of 0..100 ms (xorshift32, identical
// in every peer and in CPython). Each sleeper returns its delay; the parent joins them all and
// checks the sum. The run cannot be shorter than the longest delay.
import { Effect, Fiber } from "effect";
import * as E from "effection";
import { delays } from "../lib/prng.ts";
import type { Ctx, TimedFamily } from "../lib/types.ts";

export const SLEEP_SEED = 42;

export function sleepFamily(ctx: Ctx): TimedFamily {
  const N = ctx.quick ? 10_000 : 100_000;
  const ds = delays(N, SLEEP_SEED, 100);
  const expected = ds.reduce((a, b) => a + b, 0);
  const maxDelay = Math.max(...ds);
  return {
    kind: "timed",
    id: "sleep",
    title: `(b) ${N / 1000}k sleeps of 0-100 ms`,
    params: { n: N, seed: SLEEP_SEED, max_ms: 100 },
    expected,
    minMs: maxDelay - 1,
    python: "sleep",
    peers: [
      {
        id: "plain",
        label: "new Promise(setTimeout)",
        async run() {
          const ps = new Array<Promise<number>>(N);
          for (let i = 0; i < N; i++) {
            const d = ds[i];
            ps[i] = new Promise<number>((r) => setTimeout(r, d, d));
          }
          let sum = 0;
          for (const p of ps) sum += await p;
          return sum;
        },
      },
      {
        id: "wasyncio",
        label: "createTask(function*(){ yield* sleep(d) })",
        run() {
          const { run, createTask, sleep } = ctx.need("run", "createTask", "sleep");
          function* sleeper(d: number): Generator<unknown, number, unknown> {
            yield* sleep(d);
            return d;
          }
          return run(function* () {
            const ts = new Array(N);
            for (let i = 0; i < N; i++) ts[i] = createTask(sleeper(ds[i]));
            let sum = 0;
            for (const t of ts) sum += (yield* t) as number;
            return sum;
          });
        },
      },
      {
        id: "effect",
        label: "forkChild(Effect.sleep(d)) + Fiber.join",
        run() {
          return Effect.runPromise(
            Effect.gen(function* () {
              const fs = new Array<Fiber.Fiber<number>>(N);
              for (let i = 0; i < N; i++) {
                const d = ds[i];
                fs[i] = yield* Effect.forkChild(
                  Effect.gen(function* () {
                    yield* Effect.sleep(d);
                    return d;
                  }),
                );
              }
              let sum = 0;
              for (const f of fs) sum += yield* Fiber.join(f);
              return sum;
            }),
          );
        },
      },
      {
        id: "effection",
        label: "spawn(function*(){ yield* sleep(d) })",
        async run() {
          return await E.run(function* () {
            const ts = new Array<E.Task<number>>(N);
            for (let i = 0; i < N; i++) {
              const d = ds[i];
              ts[i] = yield* E.spawn(function* () {
                yield* E.sleep(d);
                return d;
              });
            }
            let sum = 0;
            for (const t of ts) sum += yield* t;
            return sum;
          });
        },
      },
    ],
  };
}
