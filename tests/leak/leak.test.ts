// leak.test.ts: task churn leaves memory flat. One million generator tasks, created and finished
// in 1000 batches of 1000, must leave the core's linear memory exactly as it was after the first
// batches (the core preallocates and recycles: DESIGN.md), the JS heap within a few MB, and the
// core's live task and handle counts back at their resting values. Bounds, not times.
import { describe, it, expect } from "vitest";
import { run, createTask, gather, sleep, getRunningLoop, type EventLoop } from "../../ts/index.js";

const gc = (globalThis as { gc?: () => void }).gc;

function heapUsed(): number {
  gc!();
  gc!();
  return process.memoryUsage().heapUsed;
}

/** The core's counts once the last batch's late-recycled handle ids are free (two iterations). */
function* settle(loop: EventLoop) {
  yield* sleep(0);
  yield* sleep(0);
  return loop._stats();
}

describe("task churn", () => {
  it("gc() is exposed (vitest execArgv --expose-gc)", () => {
    expect(typeof gc).toBe("function");
  });

  it("1,000,000 generator tasks in 1000 gathered batches keep Wasm memory and the JS heap bounded", async () => {
    const BATCHES = 1000;
    const PER = 1000;
    const samples: { batch: number; wasm: number; heap: number }[] = [];
    let done = 0;
    function* child(i: number) {
      if (i % 3 === 0) yield* sleep(0);
      return i;
    }
    await run(function* () {
      const loop = getRunningLoop();
      for (let b = 1; b <= BATCHES; b++) {
        const ts = [];
        for (let i = 0; i < PER; i++) ts.push(createTask(child(i)));
        const rs = yield* gather(...ts);
        done += rs.length;
        if (b === 100 || b === BATCHES) {
          const st = yield* settle(loop);
          expect(st.liveTasks).toBe(1); // main
          expect(st.liveHandles).toBe(0);
          expect(st.timers).toBe(0);
          expect(st.ready).toBe(0);
          samples.push({ batch: b, wasm: loop._core.memory.buffer.byteLength, heap: heapUsed() });
        }
      }
    });
    expect(done).toBe(BATCHES * PER);
    const [at100, atEnd] = samples;
    expect(atEnd.wasm).toBe(at100.wasm);
    expect(Math.abs(atEnd.heap - at100.heap)).toBeLessThan(4 * 1024 * 1024);
  }, 60000);

  it("1,000,000 tasks awaited one by one, some cancelled, keep the core's tables at their first size", async () => {
    let wasmAfterWarmup = 0;
    let wasmEnd = 0;
    await run(function* () {
      const loop = getRunningLoop();
      for (let b = 1; b <= 1000; b++) {
        const ts = [];
        for (let i = 0; i < 1000; i++) ts.push(createTask((function* () { yield* sleep(i % 2); })()));
        for (let i = 0; i < ts.length; i += 7) ts[i].cancel();
        for (const t of ts) {
          try {
            yield* t;
          } catch {
            /* the cancelled ones */
          }
        }
        if (b === 10) wasmAfterWarmup = loop._core.memory.buffer.byteLength;
      }
      const st = yield* settle(loop);
      expect(st).toMatchObject({ liveTasks: 1, liveHandles: 0, timers: 0, cancelledTimers: 0, ready: 0 });
      wasmEnd = loop._core.memory.buffer.byteLength;
    });
    expect(wasmEnd).toBe(wasmAfterWarmup);
  }, 60000);
});
