// model.test.ts: differential property tests. Random operation sequences run on core.wasm (every
// build) and on the reference model (model.ts); after each operation the batch, the next
// deadline, the counts, and the id-recycling rule must agree.
import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { TASK_BIT, ID_MASK, type CoreExports } from "../../gen/core-abi.js";
import { builds, batchOf } from "./core.js";
import { Model } from "./model.js";

type Op =
  | { k: "soon" }
  | { k: "at"; when: number }
  | { k: "cancel"; pick: number }
  | { k: "task" }
  | { k: "iterate"; dt: number; choices: number }
  | { k: "reset" };

const opArb = (maxWhen: number): fc.Arbitrary<Op> =>
  fc.oneof(
    { weight: 40, arbitrary: fc.constant<Op>({ k: "soon" }) },
    { weight: 60, arbitrary: fc.record({ k: fc.constant("at" as const), when: fc.oneof(fc.integer({ min: 0, max: maxWhen }), fc.double({ min: 0, max: maxWhen, noNaN: true })) }) },
    { weight: 40, arbitrary: fc.record({ k: fc.constant("cancel" as const), pick: fc.nat() }) },
    { weight: 20, arbitrary: fc.constant<Op>({ k: "task" }) },
    { weight: 30, arbitrary: fc.record({ k: fc.constant("iterate" as const), dt: fc.integer({ min: 0, max: 10 }), choices: fc.nat() }) },
    { weight: 1, arbitrary: fc.constant<Op>({ k: "reset" }) },
  );

/** Runs `ops` on a fresh core and on the model, checking agreement after each step. */
function runBoth(c: CoreExports, ops: Op[]): void {
  const m = new Model();
  let next = 1;
  let now = 0;
  const handleTok = new Map<number, number>(); // core handle id -> token
  const taskTok = new Map<number, number>(); // core task id -> token
  const taskId = new Map<number, number>(); // token -> core task id
  const tokId = new Map<number, number>(); // token -> core handle id (while live)

  const allocHandle = (id: number): number => {
    const prev = handleTok.get(id);
    // The one-iteration-late rule: an id is never handed out while its last holder is live.
    if (prev !== undefined && m.live.has(prev)) throw new Error(`handle id ${id} reused while token ${prev} holds it`);
    const tok = next++;
    handleTok.set(id, tok);
    tokId.set(tok, id);
    return tok;
  };
  const name = (e: number): number => {
    const tok = e & TASK_BIT ? taskTok.get(e & ID_MASK) : handleTok.get(e);
    if (tok === undefined) throw new Error(`batch entry ${e} names nothing`);
    return tok;
  };

  for (const op of ops) {
    switch (op.k) {
      case "soon":
        m.callSoon(allocHandle(c.callSoon()));
        break;
      case "at": {
        const when = now + op.when;
        m.callAt(allocHandle(c.callAt(when)), when);
        break;
      }
      case "cancel": {
        const live = [...m.live];
        if (live.length === 0) break;
        const tok = live[op.pick % live.length];
        expect(c.timerCancel(tokId.get(tok)!) === 1).toBe(m.timerCancel(tok));
        break;
      }
      case "task": {
        const id = c.taskNew(0);
        const tok = next++;
        taskTok.set(id, tok);
        taskId.set(tok, id);
        m.pushTask(tok);
        break;
      }
      case "iterate": {
        now += op.dt;
        expect(c.prepare()).toBe(m.prepare());
        const n = c.collect(now) >>> 0;
        const got = batchOf(c, n).map(name);
        expect(got).toEqual(m.collect(now));
        // Run the batch's task steps: each yields (re-queued) or finishes (row freed).
        let bits = op.choices;
        for (const tok of got) {
          const id = taskId.get(tok);
          if (id === undefined) continue;
          expect(c.taskStepBegin(id)).toBe(0);
          if (bits & 1) {
            c.taskStepYield(id);
            m.pushTask(tok);
          } else {
            c.taskFinish(id);
            taskId.delete(tok);
            taskTok.delete(id);
          }
          bits = (bits >>> 1) | ((bits & 1) << 30);
        }
        break;
      }
      case "reset":
        c.reset();
        m.reset();
        handleTok.clear();
        taskTok.clear();
        taskId.clear();
        tokId.clear();
        break;
    }
    expect(c.readyCount()).toBe(m.ready.length);
    expect(c.timerCount()).toBe(m.heap.length);
    expect(c.cancelledTimers()).toBe(m.cancelled);
    expect(c.liveHandles()).toBe(m.live.size);
    expect(c.liveTasks()).toBe(taskId.size);
    expect(c.checkInvariants()).toBe(1);
  }
  // Drain: everything left comes out in the model's order.
  expect(c.prepare()).toBe(m.prepare());
  expect(batchOf(c, c.collect(Infinity) >>> 0).map(name)).toEqual(m.collect(Infinity));
}

// A failing long sequence shrinks slowly: bound the search and report the best case found so far.
const limits = { interruptAfterTimeLimit: 15000, markInterruptAsFailure: true };

describe.each(builds)("core vs model ($name build)", (build) => {
  it("short random sequences agree (many ties, few timers)", () => {
    fc.assert(fc.property(fc.array(opArb(5), { maxLength: 60 }), (ops) => runBoth(build.make(), ops)), { numRuns: 400, ...limits });
  });

  it("long random sequences agree (past the 100-timer rebuild threshold and the 256/1024 capacities)", () => {
    fc.assert(fc.property(fc.array(opArb(200), { minLength: 300, maxLength: 1500 }), (ops) => runBoth(build.make(), ops)), { numRuns: 40, ...limits });
  });

  it("cancel-heavy sequences agree around the rebuild threshold", () => {
    const arb = fc.array(
      fc.oneof(
        { weight: 4, arbitrary: fc.record({ k: fc.constant("at" as const), when: fc.integer({ min: 0, max: 1000 }) }) },
        { weight: 5, arbitrary: fc.record({ k: fc.constant("cancel" as const), pick: fc.nat() }) },
        { weight: 1, arbitrary: fc.record({ k: fc.constant("iterate" as const), dt: fc.integer({ min: 0, max: 3 }), choices: fc.nat() }) },
      ) as fc.Arbitrary<Op>,
      { minLength: 200, maxLength: 800 },
    );
    const before = Model.rebuilds;
    fc.assert(fc.property(arb, (ops) => runBoth(build.make(), ops)), { numRuns: 60, ...limits });
    expect(Model.rebuilds - before).toBeGreaterThan(10);
  });
});
