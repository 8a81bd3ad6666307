// The loop never starves the host: while tasks keep the ready queue busy, host callbacks
// (timers, I/O) still get their turns, because the loop takes a macrotask turn every time slice.
import { describe, it, expect } from "vitest";
import { run, createTask, wrapPromise } from "../../../ts/index.js";

describe("host turns", () => {
  it("a host timer fires while tasks keep the loop busy with bare yields", async () => {
    let busyIterations = 0;
    let firedAfter = -1;
    await run(function* () {
      let stop = false;
      const spinner = createTask(function* () {
        while (!stop) {
          busyIterations++;
          yield;
        }
      });
      const fired = new Promise<void>((resolve) => setTimeout(() => {
        firedAfter = busyIterations;
        resolve();
      }, 5));
      const t0 = performance.now();
      // Keep the loop busy for up to 2 s of iterations; the host timer must interrupt well before.
      while (firedAfter < 0 && performance.now() - t0 < 2000) yield;
      stop = true;
      yield* spinner;
      yield* wrapPromise(fired);
    });
    expect(firedAfter).toBeGreaterThan(0); // it fired while the spinner was still running
    expect(busyIterations).toBeGreaterThan(firedAfter); // and the spinner went on after it
  });
});
