// limits.sliceMs: a task step or callback that runs longer than sliceMs is reported to the loop's
// exception handler (context.task or context.handle, context.duration in ms), debug mode or not;
// steps within it are not. The turns it gives the host are checked in
// limits-stall.node.test.ts (a plugin loop in a worker thread serving TCP).
import { describe, it, expect } from "vitest";
import { newEventLoop, createTask, sleep, Task, type ExceptionContext } from "../../../ts/index.js";

/** Busy for `ms` of wall time: a synchronous plugin step. */
function spin(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    /* busy */
  }
}

/** workerd's clock stands still while code runs (it moves on I/O only): no step takes time there. */
const clockMoves = (() => {
  const t = performance.now();
  for (let i = 0; i < 5e6 && performance.now() === t; i++) {
    /* wait for the clock to move */
  }
  return performance.now() !== t;
})();

describe.skipIf(!clockMoves)("limits.sliceMs", () => {
  it("reports a long task step and a long callback, naming them, and nothing else", async () => {
    const loop = newEventLoop({ limits: { sliceMs: 10 } });
    const seen: ExceptionContext[] = [];
    loop.setExceptionHandler((_l, ctx) => seen.push(ctx));
    expect(loop.getDebug()).toBe(false);
    try {
      await loop.runUntilComplete(function* () {
        const quick = createTask(function* () {
          for (let i = 0; i < 100; i++) yield;
        }, { name: "quick" });
        const slow = createTask(function* () {
          yield;
          spin(25);
          yield;
        }, { name: "slow-plugin" });
        const h = loop.callSoon(() => spin(20));
        loop.callSoon(() => {});
        yield* quick;
        yield* slow;
        yield* sleep(1);
        expect(seen.length).toBe(2);
        const byTask = seen.find((c) => c.task !== undefined)!;
        const byHandle = seen.find((c) => c.handle !== undefined)!;
        expect(byTask.task).toBe(slow);
        expect(byTask.task).toBeInstanceOf(Task);
        expect(byTask.duration as number).toBeGreaterThanOrEqual(25);
        expect(byTask.message).toMatch(/slow-plugin/);
        expect(byHandle.handle).toBe(h);
        expect(byHandle.duration as number).toBeGreaterThanOrEqual(20);
        expect(byHandle.message).toMatch(/Callback/);
      });
    } finally {
      loop.close();
    }
  });

  it("a loop without sliceMs reports nothing outside debug mode", async () => {
    const loop = newEventLoop({ limits: { tasks: 100 } });
    const seen: ExceptionContext[] = [];
    loop.setExceptionHandler((_l, ctx) => seen.push(ctx));
    try {
      await loop.runUntilComplete(function* () {
        yield;
        spin(20);
        yield;
      });
      expect(seen).toEqual([]);
    } finally {
      loop.close();
    }
  });
});
