// (d) task churn: N tasks in batches of B (spawn B, join B, repeat). Every `every` tasks the
// program forces a full GC (node --expose-gc) and records heapUsed and RSS, from inside the
// running loop. Flat memory means the last reading is no higher than the first one plus noise.
import type { Checkpoint, Ctx, MemoryFamily } from "../lib/types.ts";
import { gc, mem } from "../lib/stats.ts";

const RESOLVED = Promise.resolve();

export function churnFamily(ctx: Ctx): MemoryFamily {
  const N = ctx.quick ? 1_000_000 : 10_000_000;
  const B = 10_000;
  const every = N / 10;
  const expected = (N / B) * ((B * (B - 1)) / 2);

  function checkpoint(cps: Checkpoint[], tasks: number, t0: number) {
    gc();
    cps.push({ tasks, ms: performance.now() - t0, ...mem() });
  }

  return {
    kind: "memory",
    id: "churn",
    title: `(d) ${N / 1e6}M-task churn in batches of ${B / 1000}k`,
    params: { n: N, batch: B, every },
    expected,
    peers: [
      {
        id: "plain",
        label: "async fn started from then(), as in (a)",
        async run() {
          async function child(i: number) {
            return i;
          }
          const cps: Checkpoint[] = [];
          const t0 = performance.now();
          checkpoint(cps, 0, t0);
          let sum = 0;
          const ps = new Array<Promise<number>>(B);
          for (let done = 0; done < N; ) {
            for (let i = 0; i < B; i++) ps[i] = RESOLVED.then(() => child(i));
            for (let i = 0; i < B; i++) sum += await ps[i];
            done += B;
            if (done % every === 0) checkpoint(cps, done, t0);
          }
          return { sum, checkpoints: cps };
        },
      },
      {
        id: "wasyncio",
        label: "createTask + yield* task",
        async run() {
          const { run, createTask } = ctx.need("run", "createTask");
          function* child(i: number): Generator<unknown, number, unknown> {
            return i;
          }
          const cps: Checkpoint[] = [];
          const t0 = performance.now();
          checkpoint(cps, 0, t0);
          const sum: number = await run(function* () {
            let sum = 0;
            const ts = new Array(B);
            for (let done = 0; done < N; ) {
              for (let i = 0; i < B; i++) ts[i] = createTask(child(i));
              for (let i = 0; i < B; i++) sum += (yield* ts[i]) as number;
              done += B;
              if (done % every === 0) checkpoint(cps, done, t0);
            }
            ts.fill(undefined);
            return sum;
          });
          return { sum, checkpoints: cps };
        },
      },
    ],
  };
}
