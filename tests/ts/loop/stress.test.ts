// Conformance at size: the scheduler's storage grows (ready ring, timer heap past the
// 100-timer compaction threshold with most timers cancelled, task table) and the orderings must
// not change. The twin of tests/cpython/loop/stress_ordering.py.

import { describe } from "vitest";
import { gather, getRunningLoop, run, sleep } from "../../../ts/index.ts";
import { VirtualClock } from "../../../host/clock.ts";
import { conformance, repr } from "../../cpython/trace.ts";

/** stress_ordering.digest: count, sum of position * id, first 8 and last 4 entries. */
function digest(order: number[]): string {
  const sum = order.reduce((acc, v, i) => acc + i * v, 0);
  return `n=${order.length} sum=${sum} head=${repr(order.slice(0, 8))} tail=${repr(order.slice(-4))}`;
}

describe("orderings at size", () => {
  conformance("stress_ordering", async (print) => {
    await run(function* () {
      const loop = getRunningLoop();

      const order: number[] = [];
      const cb = (i: number, again: boolean) => {
        order.push(i);
        if (again) loop.callSoon(cb, i + 10000, false);
      };
      for (let i = 0; i < 3000; i++) loop.callSoon(cb, i, i % 2 === 0);
      yield* sleep(0);
      yield* sleep(0);
      yield* sleep(0);
      print(`callbacks ${digest(order)}`);

      const fired: number[] = [];
      const hs: { cancel(): void }[] = [];
      const t0 = loop.time();
      for (let i = 0; i < 400; i++) hs[i] = loop.callAt(t0 + 1 * (i + 1), (x: number) => fired.push(x), i);
      for (let i = 0; i < 400; i++) if (i % 3 !== 0) hs[i].cancel();
      loop.callAt(t0 + 200.5, () => {
        fired.push(-1);
        for (let i = 201; i < 400; i += 6) hs[i].cancel();
      });
      const done = loop.createFuture<void>();
      loop.callAt(t0 + 500, () => done.setResult());
      yield* done;
      print(`timers ${digest(fired)}`);

      const finished: number[] = [];
      function* hopper(i: number) {
        for (let k = 0; k < i % 7; k++) yield* sleep(0);
        finished.push(i);
      }
      yield* gather(...Array.from({ length: 2000 }, (_, i) => hopper(i)));
      print(`tasks ${digest(finished)}`);
    }, { clock: new VirtualClock({ autojump: true }) });
  });
});
