// (e) / (f) N items through a bounded queue of maxsize 100, with P producers and C consumers.
// Producer p puts the items p, p+P, p+2P, … (N/P of them); each consumer gets exactly N/C
// items; the check is the sum of all items got, N(N-1)/2.
import { Effect, Fiber, Queue } from "effect";
import * as E from "effection";
import { PromiseQueue } from "../baselines/promise-sync.ts";
import { EffectionQueue } from "../baselines/effection-sync.ts";
import type { Ctx, TimedFamily } from "../lib/types.ts";

const MAXSIZE = 100;

export function queueFamily(ctx: Ctx, P: number, C: number, letter: string): TimedFamily {
  const N = ctx.quick ? 100_000 : 1_000_000;
  const expected = (N * (N - 1)) / 2;
  const perConsumer = N / C;
  return {
    kind: "timed",
    id: `queue-${P}x${C}`,
    title: `(${letter}) ${N / 1e6}M items, Queue(${MAXSIZE}), ${P}P/${C}C`,
    params: { n: N, producers: P, consumers: C, maxsize: MAXSIZE },
    expected,
    python: "queue",
    peers: [
      {
        id: "plain",
        label: "hand-written promise queue (bench/baselines)",
        async run() {
          const q = new PromiseQueue<number>(MAXSIZE);
          async function producer(p: number) {
            for (let i = p; i < N; i += P) await q.put(i);
          }
          async function consumer() {
            let s = 0;
            for (let k = 0; k < perConsumer; k++) s += await q.get();
            return s;
          }
          const ps: Promise<unknown>[] = [];
          const cs: Promise<number>[] = [];
          for (let c = 0; c < C; c++) cs.push(consumer());
          for (let p = 0; p < P; p++) ps.push(producer(p));
          let sum = 0;
          for (const c of cs) sum += await c;
          await Promise.all(ps);
          return sum;
        },
      },
      {
        id: "wasyncio",
        label: "Queue(100) put/get",
        run() {
          const { run, createTask, Queue: WQueue } = ctx.need("run", "createTask", "Queue");
          return run(function* () {
            const q = new WQueue(MAXSIZE);
            function* producer(p: number): Generator<unknown, void, unknown> {
              for (let i = p; i < N; i += P) yield* q.put(i);
            }
            function* consumer(): Generator<unknown, number, unknown> {
              let s = 0;
              for (let k = 0; k < perConsumer; k++) s += (yield* q.get()) as number;
              return s;
            }
            const cs = [];
            const ps = [];
            for (let c = 0; c < C; c++) cs.push(createTask(consumer()));
            for (let p = 0; p < P; p++) ps.push(createTask(producer(p)));
            let sum = 0;
            for (const c of cs) sum += (yield* c) as number;
            for (const p of ps) yield* p;
            return sum;
          });
        },
      },
      {
        id: "effect",
        label: "Queue.bounded(100) offer/take",
        run() {
          return Effect.runPromise(
            Effect.gen(function* () {
              const q = yield* Queue.bounded<number>(MAXSIZE);
              const cs: Fiber.Fiber<number>[] = [];
              const ps: Fiber.Fiber<void>[] = [];
              for (let c = 0; c < C; c++) {
                cs.push(
                  yield* Effect.forkChild(
                    Effect.gen(function* () {
                      let s = 0;
                      for (let k = 0; k < perConsumer; k++) s += yield* Queue.take(q);
                      return s;
                    }),
                  ),
                );
              }
              for (let p = 0; p < P; p++) {
                ps.push(
                  yield* Effect.forkChild(
                    Effect.gen(function* () {
                      for (let i = p; i < N; i += P) yield* Queue.offer(q, i);
                    }),
                  ),
                );
              }
              let sum = 0;
              for (const c of cs) sum += yield* Fiber.join(c);
              for (const p of ps) yield* Fiber.join(p);
              return sum;
            }),
          );
        },
      },
      {
        id: "effection",
        label: "bounded queue hand-built on withResolvers",
        async run() {
          return await E.run(function* () {
            const q = new EffectionQueue<number>(MAXSIZE);
            const cs: E.Task<number>[] = [];
            const ps: E.Task<void>[] = [];
            for (let c = 0; c < C; c++) {
              cs.push(
                yield* E.spawn(function* () {
                  let s = 0;
                  for (let k = 0; k < perConsumer; k++) s += yield* q.get();
                  return s;
                }),
              );
            }
            for (let p = 0; p < P; p++) {
              ps.push(
                yield* E.spawn(function* () {
                  for (let i = p; i < N; i += P) yield* q.put(i);
                }),
              );
            }
            let sum = 0;
            for (const c of cs) sum += yield* c;
            for (const p of ps) yield* p;
            return sum;
          });
        },
      },
    ],
  };
}
