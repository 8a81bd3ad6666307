// task.test.ts: the task table of assembly/task.ts, driven through core.wasm's ABI: the step
// state machine, Task.cancel()'s outcomes, must-cancel, uncancel() (3.13), the packing of
// taskFinish() and the recycling of ids.
import { describe, it, expect, beforeEach } from "vitest";
import {
  TASK_BIT, CANCEL_DONE, CANCEL_WAITER, CANCEL_DEFERRED, F_LIVE, F_SCHEDULED, F_WAITING, F_RUNNING,
  F_MUST_CANCEL, type CoreExports,
} from "../../gen/core-abi.js";
import { builds, iterate } from "./core.js";

const entry = (id: number) => (id | TASK_BIT) >>> 0;

describe.each(builds)("task table ($name build)", (build) => {
  let c: CoreExports;
  beforeEach(() => {
    c = build.make();
  });

  describe("taskNew()", () => {
    it("a non-eager task is scheduled: its first step joins the ready ring", () => {
      const t = c.taskNew(0);
      expect(t).toBe(1);
      expect(c.taskFlags(t)).toBe(F_LIVE | F_SCHEDULED);
      expect(c.readyCount()).toBe(1);
      expect(iterate(c)).toEqual([entry(t)]);
      expect(c.liveTasks()).toBe(1);
    });

    it("an eager task is live but not scheduled: its first step runs inside createTask", () => {
      const t = c.taskNew(1);
      expect(c.taskFlags(t)).toBe(F_LIVE);
      expect(c.readyCount()).toBe(0);
      expect(c.taskStepBegin(t)).toBe(0);
      expect(c.taskFlags(t)).toBe(F_LIVE | F_RUNNING);
    });

    it("the table grows past 256 live tasks", () => {
      const ids: number[] = [];
      for (let i = 0; i < 1000; i++) ids.push(c.taskNew(i & 1));
      expect(new Set(ids).size).toBe(1000);
      expect(c.liveTasks()).toBe(1000);
      for (const t of ids) expect(c.taskFlags(t) & F_LIVE).toBe(F_LIVE);
      expect(c.taskCancel(999)).toBe(CANCEL_DEFERRED);
      expect(c.taskCancelling(999)).toBe(1);
      expect(iterate(c)).toHaveLength(500);
    });
  });

  describe("steps", () => {
    it("stepBegin → stepWait → schedule → stepBegin moves the flags as Task.__step does", () => {
      const t = c.taskNew(0);
      iterate(c);
      expect(c.taskStepBegin(t)).toBe(0);
      expect(c.taskFlags(t)).toBe(F_LIVE | F_RUNNING);
      expect(c.taskStepWait(t)).toBe(0);
      expect(c.taskFlags(t)).toBe(F_LIVE | F_WAITING);
      expect(c.readyCount()).toBe(0);
      // The awaited future is done: the wake-up is queued, the waiter is still recorded.
      c.taskSchedule(t);
      expect(c.taskFlags(t)).toBe(F_LIVE | F_WAITING | F_SCHEDULED);
      expect(iterate(c)).toEqual([entry(t)]);
      expect(c.taskStepBegin(t)).toBe(0);
      expect(c.taskFlags(t)).toBe(F_LIVE | F_RUNNING);
    });

    it("stepYield re-queues the task for the next iteration", () => {
      const t = c.taskNew(0);
      iterate(c);
      c.taskStepBegin(t);
      c.taskStepYield(t);
      expect(c.taskFlags(t)).toBe(F_LIVE | F_SCHEDULED);
      expect(iterate(c)).toEqual([entry(t)]);
    });

    it("taskFlags() of an id never handed out, of 0, and of a finished task is 0", () => {
      expect(c.taskFlags(0)).toBe(0);
      expect(c.taskFlags(5)).toBe(0);
      const t = c.taskNew(1);
      c.taskStepBegin(t);
      c.taskFinish(t);
      expect(c.taskFlags(t)).toBe(0);
    });
  });

  describe("taskCancel()", () => {
    it("returns CANCEL_DONE for a finished task, for id 0 and for an unknown id, and counts nothing", () => {
      const t = c.taskNew(1);
      c.taskStepBegin(t);
      c.taskFinish(t);
      expect(c.taskCancel(t)).toBe(CANCEL_DONE);
      expect(c.taskCancel(0)).toBe(CANCEL_DONE);
      expect(c.taskCancel(12345)).toBe(CANCEL_DONE);
      expect(c.liveTasks()).toBe(0);
    });

    it("returns CANCEL_WAITER for a task waiting on a future, without setting must-cancel", () => {
      const t = c.taskNew(0);
      iterate(c);
      c.taskStepBegin(t);
      c.taskStepWait(t);
      expect(c.taskCancel(t)).toBe(CANCEL_WAITER);
      expect(c.taskCancelling(t)).toBe(1);
      expect(c.taskFlags(t) & F_MUST_CANCEL).toBe(0);
      // Its waiter was done already (wake-up queued): the façade falls back to must-cancel.
      c.taskSchedule(t);
      expect(c.taskCancel(t)).toBe(CANCEL_WAITER);
      c.taskSetMustCancel(t);
      expect(c.taskCancelling(t)).toBe(2);
      iterate(c);
      expect(c.taskStepBegin(t)).toBe(1);
      expect(c.taskFlags(t)).toBe(F_LIVE | F_RUNNING);
    });

    it("returns CANCEL_DEFERRED for a scheduled task and delivers at its next step (must-cancel consumed)", () => {
      const t = c.taskNew(0);
      expect(c.taskCancel(t)).toBe(CANCEL_DEFERRED);
      expect(c.taskFlags(t)).toBe(F_LIVE | F_SCHEDULED | F_MUST_CANCEL);
      iterate(c);
      expect(c.taskStepBegin(t)).toBe(1);
      expect(c.taskFlags(t) & F_MUST_CANCEL).toBe(0);
      c.taskStepYield(t);
      iterate(c);
      expect(c.taskStepBegin(t)).toBe(0);
      expect(c.taskCancelling(t)).toBe(1);
    });

    it("returns CANCEL_DEFERRED for an eager task before its first step", () => {
      const t = c.taskNew(1);
      expect(c.taskCancel(t)).toBe(CANCEL_DEFERRED);
      expect(c.taskStepBegin(t)).toBe(1);
    });

    it("cancel() during a step makes taskStepWait() return 1 and leaves must-cancel set", () => {
      const t = c.taskNew(0);
      iterate(c);
      c.taskStepBegin(t);
      expect(c.taskCancel(t)).toBe(CANCEL_DEFERRED);
      expect(c.taskStepWait(t)).toBe(1);
      expect(c.taskFlags(t)).toBe(F_LIVE | F_WAITING | F_MUST_CANCEL);
      // The façade cancelled the new waiter successfully: must-cancel is withdrawn.
      c.taskClearMustCancel(t);
      expect(c.taskFlags(t)).toBe(F_LIVE | F_WAITING);
      expect(c.taskCancelling(t)).toBe(1);
    });

    it("every request counts, whatever the outcome", () => {
      const t = c.taskNew(0);
      for (let i = 0; i < 5; i++) c.taskCancel(t);
      expect(c.taskCancelling(t)).toBe(5);
    });
  });

  describe("taskUncancel()", () => {
    it("never goes below 0", () => {
      const t = c.taskNew(0);
      expect(c.taskUncancel(t)).toBe(0);
      expect(c.taskUncancel(t)).toBe(0);
      expect(c.taskCancelling(t)).toBe(0);
    });

    it("withdraws a pending must-cancel only when the count reaches 0", () => {
      const t = c.taskNew(0);
      c.taskCancel(t);
      c.taskCancel(t);
      expect(c.taskUncancel(t)).toBe(1);
      expect(c.taskFlags(t) & F_MUST_CANCEL).toBe(F_MUST_CANCEL);
      expect(c.taskUncancel(t)).toBe(0);
      expect(c.taskFlags(t) & F_MUST_CANCEL).toBe(0);
      iterate(c);
      expect(c.taskStepBegin(t)).toBe(0);
    });

    it("at 0 with no must-cancel pending leaves the flags alone", () => {
      const t = c.taskNew(0);
      c.taskSetMustCancel(t); // (façade path: a waiter that could not be cancelled)
      expect(c.taskUncancel(t)).toBe(0);
      expect(c.taskFlags(t) & F_MUST_CANCEL).toBe(F_MUST_CANCEL);
    });
  });

  describe("taskFinish()", () => {
    it("returns (ncancel << 1) | mustCancel", () => {
      const a = c.taskNew(1);
      c.taskStepBegin(a);
      expect(c.taskFinish(a) >>> 0).toBe(0);

      const b = c.taskNew(1);
      c.taskStepBegin(b);
      c.taskCancel(b);
      c.taskCancel(b);
      c.taskCancel(b);
      expect(c.taskFinish(b) >>> 0).toBe((3 << 1) | 1);

      const d = c.taskNew(0);
      iterate(c);
      c.taskStepBegin(d);
      c.taskStepWait(d);
      c.taskCancel(d);
      c.taskCancel(d);
      c.taskSchedule(d);
      iterate(c);
      c.taskStepBegin(d);
      expect(c.taskFinish(d) >>> 0).toBe(2 << 1);
    });

    it("frees the row at once: the id is reused with a clean state", () => {
      const a = c.taskNew(1);
      c.taskStepBegin(a);
      c.taskCancel(a);
      c.taskFinish(a);
      expect(c.liveTasks()).toBe(0);
      const b = c.taskNew(0);
      expect(b).toBe(a);
      expect(c.taskFlags(b)).toBe(F_LIVE | F_SCHEDULED);
      expect(c.taskCancelling(b)).toBe(0);
      iterate(c);
      expect(c.taskStepBegin(b)).toBe(0);
    });

    it("ids are reused most recently freed first", () => {
      const ids = [c.taskNew(1), c.taskNew(1), c.taskNew(1)];
      for (const t of ids) {
        c.taskStepBegin(t);
        c.taskFinish(t);
      }
      expect([c.taskNew(1), c.taskNew(1), c.taskNew(1), c.taskNew(1)]).toEqual([3, 2, 1, 4]);
    });
  });

  it("reset() drops every task row", () => {
    const a = c.taskNew(0);
    c.taskCancel(a);
    c.taskNew(1);
    c.reset();
    expect(c.liveTasks()).toBe(0);
    expect(c.taskFlags(a)).toBe(0);
    expect(c.taskCancel(a)).toBe(CANCEL_DONE);
    const b = c.taskNew(0);
    expect(b).toBe(1);
    expect(c.taskCancelling(b)).toBe(0);
    expect(c.taskFlags(b)).toBe(F_LIVE | F_SCHEDULED);
  });
});
