// (a) spawn and join N tasks. Each child returns its index without suspending; the parent
// creates all N first (none runs before the parent yields), then joins them one by one and
// sums the results.
import { Effect, Fiber } from "effect";
import * as E from "effection";
import type { Ctx, TimedFamily } from "../lib/types.ts";

const RESOLVED = Promise.resolve();

export function spawnFamily(ctx: Ctx): TimedFamily {
  const N = ctx.quick ? 10_000 : 100_000;
  const expected = (N * (N - 1)) / 2;
  return {
    kind: "timed",
    id: "spawn",
    title: `(a) spawn + join ${N / 1000}k tasks`,
    params: { n: N },
    expected,
    python: "spawn",
    peers: [
      {
        id: "plain",
        label: "async fn started from a resolved promise's then()",
        async run() {
          // Like createTask, the body is scheduled, not run inline. (Calling the async
          // functions inline, so each one is done before the next is created, is ~3x faster:
          // that is no longer a scheduler, only promise allocation.)
          async function child(i: number) {
            return i;
          }
          const ps = new Array<Promise<number>>(N);
          for (let i = 0; i < N; i++) ps[i] = RESOLVED.then(() => child(i));
          let sum = 0;
          for (const p of ps) sum += await p;
          return sum;
        },
      },
      {
        id: "wasyncio",
        label: "createTask + yield* task",
        run() {
          const { run, createTask } = ctx.need("run", "createTask");
          function* child(i: number): Generator<unknown, number, unknown> {
            return i;
          }
          return run(function* () {
            const ts = new Array(N);
            for (let i = 0; i < N; i++) ts[i] = createTask(child(i));
            let sum = 0;
            for (const t of ts) sum += (yield* t) as number;
            return sum;
          });
        },
      },
      {
        id: "effect",
        label: "Effect.forkChild + Fiber.join",
        run() {
          return Effect.runPromise(
            Effect.gen(function* () {
              const fs = new Array<Fiber.Fiber<number>>(N);
              for (let i = 0; i < N; i++) {
                fs[i] = yield* Effect.forkChild(
                  Effect.gen(function* () {
                    return i;
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
        label: "spawn + yield* task",
        async run() {
          return await E.run(function* () {
            const ts = new Array<E.Task<number>>(N);
            for (let i = 0; i < N; i++) {
              ts[i] = yield* E.spawn(function* () {
                return i;
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
