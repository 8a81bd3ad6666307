// task-model.test.ts: differential property tests of the task table. Random, well-formed
// schedules (tasks created eager or not, steps that suspend, yield or finish, wake-ups, cancel()
// from inside and outside steps, uncancel(), the façade's waiter-cancel protocol) run on
// core.wasm (every build) and on TaskModel (model.ts, CPython 3.13's rules); flags, counts, step
// outcomes, finish packing and the ready order must agree after every operation.
import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { TASK_BIT, ID_MASK, type CoreExports } from "../../gen/core-abi.js";
import { builds, batchOf } from "./core.js";
import { TaskModel } from "./model.js";

type Op =
  | { k: "new"; eager: boolean; end: number }
  | { k: "iterate"; plan: number[] }
  | { k: "wake"; pick: number }
  | { k: "cancel"; pick: number; waiterDone: boolean }
  | { k: "uncancel"; pick: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ k: fc.constant("new" as const), eager: fc.boolean(), end: fc.nat(5) }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant("iterate" as const), plan: fc.array(fc.nat(9), { maxLength: 12 }) }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant("wake" as const), pick: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant("cancel" as const), pick: fc.nat(), waiterDone: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant("uncancel" as const), pick: fc.nat() }) },
);

function runBoth(c: CoreExports, ops: Op[]): void {
  const m = new TaskModel();
  const idOf = new Map<number, number>(); // token -> core id
  const tokOf = new Map<number, number>(); // core id -> token
  /** Tasks parked on a future that is still pending (their wake-up not queued yet). */
  const parked = new Set<number>();
  let next = 1;

  const check = () => {
    for (const [tok, id] of idOf) {
      expect(c.taskFlags(id), `flags of task ${tok}`).toBe(TaskModel.flags(m.rows.get(tok)));
      expect(c.taskCancelling(id) >>> 0).toBe(m.rows.get(tok)!.n);
    }
    expect(c.liveTasks()).toBe(m.rows.size);
    expect(c.readyCount()).toBe(m.ready.length);
  };

  // Task.cancel() as ts/task.ts does it: the core decides; a waiter that is still pending is
  // cancelled (the task is woken to see CancelledError), one that is done already falls back to
  // must-cancel.
  const cancel = (tok: number, waiterDone: boolean) => {
    const id = idOf.get(tok);
    const got = id === undefined ? c.taskCancel(0) : c.taskCancel(id);
    const want = m.cancel(tok);
    expect(got).toBe(want);
    if (want === 1) {
      if (parked.has(tok) && !waiterDone) {
        parked.delete(tok);
        c.taskSchedule(id!);
        m.wake(tok);
      } else {
        c.taskSetMustCancel(id!);
        m.setMust(tok, true);
      }
    }
  };

  // One step of `tok`; `end` picks how it ends; `plan` feeds in-step cancels.
  const step = (tok: number, end: number, plan: number[]) => {
    const id = idOf.get(tok)!;
    expect(c.taskStepBegin(id) === 1).toBe(m.begin(tok));
    while (plan.length && plan[0] >= 7) {
      const p = plan.shift()!;
      const live = [...m.rows.keys()];
      cancel(p === 9 ? tok : live[(p * 31 + tok) % live.length], p === 8);
    }
    switch (end % 3) {
      case 0: {
        const must = m.wait(tok);
        expect(c.taskStepWait(id) === 1).toBe(must);
        if (must) {
          // The façade cancels the new waiter: it is pending, so that succeeds (tasks.py).
          c.taskClearMustCancel(id);
          m.setMust(tok, false);
          c.taskSchedule(id);
          m.wake(tok);
        } else parked.add(tok);
        break;
      }
      case 1:
        c.taskStepYield(id);
        m.yieldStep(tok);
        break;
      default:
        expect(c.taskFinish(id) >>> 0).toBe(m.finish(tok));
        idOf.delete(tok);
        tokOf.delete(id);
    }
  };

  for (const op of ops) {
    switch (op.k) {
      case "new": {
        const id = c.taskNew(op.eager ? 1 : 0);
        expect(tokOf.has(id)).toBe(false); // never a live task's id
        const tok = next++;
        idOf.set(tok, id);
        tokOf.set(id, tok);
        m.create(tok, op.eager);
        if (op.eager) step(tok, op.end, []); // createTask runs an eager task's first step at once
        break;
      }
      case "iterate": {
        c.prepare();
        const got = batchOf(c, c.collect(Infinity) >>> 0).map((e) => {
          expect(e & TASK_BIT).not.toBe(0);
          return tokOf.get(e & ID_MASK)!;
        });
        expect(got).toEqual(m.collect());
        const plan = [...op.plan];
        for (const tok of got) step(tok, plan.shift() ?? 0, plan);
        break;
      }
      case "wake": {
        const ps = [...parked];
        if (ps.length === 0) break;
        const tok = ps[op.pick % ps.length];
        parked.delete(tok);
        c.taskSchedule(idOf.get(tok)!);
        m.wake(tok);
        break;
      }
      case "cancel": {
        // Finished tasks (tokens no longer live) are picked too: cancel() returns false for them.
        if (next === 1) break;
        cancel(1 + (op.pick % (next - 1)), op.waiterDone);
        break;
      }
      case "uncancel": {
        const live = [...m.rows.keys()];
        if (live.length === 0) break;
        const tok = live[op.pick % live.length];
        expect(c.taskUncancel(idOf.get(tok)!) >>> 0).toBe(m.uncancel(tok));
        break;
      }
    }
    check();
  }
}

// Bounded by the number of runs, not by time: a time limit failed these on a loaded machine.
const limits = {};
const SLOW = 120_000;

describe.each(builds)("task table vs model ($name build)", (build) => {
  it("random well-formed schedules agree", () => {
    fc.assert(fc.property(fc.array(opArb, { maxLength: 80 }), (ops) => runBoth(build.make(), ops)), { numRuns: 300, ...limits });
  }, SLOW);

  it("long schedules agree (hundreds of tasks, recycled ids, grown tables)", () => {
    fc.assert(fc.property(fc.array(opArb, { minLength: 400, maxLength: 1500 }), (ops) => runBoth(build.make(), ops)), { numRuns: 20, ...limits });
  }, SLOW);
});
