// Property tests (fast-check): random interleavings of acquire/release/cancel on Lock, Semaphore
// and BoundedSemaphore, and of put/get/putNowait/getNowait/cancel/taskDone/shutdown on Queue,
// checked against the reference models of model.ts after every command and at quiescence:
// mutual exclusion and strict FIFO acquisition; every item put is got exactly once, in order;
// at quiescence no acquirer waits while a unit is free and no getter waits while the queue
// holds an item (no lost wake-up); counts never go negative. Commands run in one loop iteration
// each unless a `step` lets the loop run, so cancellations race wake-ups.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BoundedSemaphore, CancelledError, Lock, Queue, QueueEmpty, QueueFull, QueueShutDown, Semaphore, createTask, getRunningLoop, sleep, type Task } from "../../../ts/index.js";

import { QueueModel, UnitModel } from "./model.js";
import { sharedRun } from "../../cpython/trace.js";

// One loop per file, reused run after run; each run ends as run() would end it.
const isolated = sharedRun();


const W = 6; // workers

type UnitCmd = { op: "acquire" | "release" | "cancel"; w: number } | { op: "step" };
const unitCmd: fc.Arbitrary<UnitCmd> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant("acquire" as const), w: fc.nat(W - 1) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constantFrom("release" as const, "cancel" as const), w: fc.nat(W - 1) }) },
  { weight: 3, arbitrary: fc.constant({ op: "step" as const }) },
);
/** Races found by hand (and by shrinking): a waiter cancelled in the iteration its wake-up
 *  arrives, with and without later waiters; a cancelled head of the queue at a release. */
const unitExamples: UnitCmd[][] = [
  [{ op: "acquire", w: 0 }, { op: "acquire", w: 1 }, { op: "step" }, { op: "release", w: 0 }, { op: "step" }, { op: "cancel", w: 1 }],
  [{ op: "acquire", w: 0 }, { op: "acquire", w: 1 }, { op: "acquire", w: 2 }, { op: "step" }, { op: "release", w: 0 }, { op: "step" }, { op: "cancel", w: 1 }],
  [{ op: "acquire", w: 0 }, { op: "acquire", w: 1 }, { op: "acquire", w: 2 }, { op: "step" }, { op: "cancel", w: 1 }, { op: "release", w: 0 }, { op: "step" }, { op: "acquire", w: 3 }],
  [{ op: "acquire", w: 4 }, { op: "acquire", w: 2 }, { op: "step" }, { op: "cancel", w: 4 }, { op: "cancel", w: 2 }, { op: "acquire", w: 0 }],
];

function* settle(n = 12) {
  for (let i = 0; i < n; i++) yield* sleep(0);
}

async function runUnits(kind: "lock" | "sem" | "bounded", capacity: number, cmds: UnitCmd[]): Promise<string[]> {
  return isolated(function* () {
    const prim = kind === "lock" ? new Lock() : kind === "sem" ? new Semaphore(capacity) : new BoundedSemaphore(capacity);
    const cap = kind === "lock" ? 1 : capacity;
    const model = new UnitModel(cap);
    const tasks: (Task<void> | null)[] = Array(W).fill(null);
    const releaseSignal: ((() => void) | null)[] = Array(W).fill(null);
    const loop = getRunningLoop();
    const problems: string[] = [];
    const freeUnits = () => (prim instanceof Lock ? (prim.locked() ? 0 : 1) : prim.statistics().value);

    function* worker(w: number) {
      model.called(w);
      try {
        yield* prim.acquire();
      } catch (e) {
        model.gaveUp(w);
        if (!(e instanceof CancelledError)) problems.push(`worker ${w}: ${String(e)}`);
        return;
      }
      model.acquired(w);
      const f = loop.createFuture<void>();
      releaseSignal[w] = () => {
        if (!f.done()) f.setResult();
      };
      try {
        yield* f;
      } catch (e) {
        if (!(e instanceof CancelledError)) throw e;
      } finally {
        releaseSignal[w] = null;
        model.released(w);
        prim.release();
      }
    }

    for (const c of cmds) {
      if (c.op === "step") yield* sleep(0);
      else if (c.op === "acquire") {
        if (tasks[c.w] === null || tasks[c.w]!.done()) tasks[c.w] = createTask(worker(c.w));
      } else if (c.op === "release") releaseSignal[c.w]?.();
      else if (c.op === "cancel") {
        const t = tasks[c.w];
        if (t !== null && !t.done()) {
          model.cancel(c.w);
          t.cancel();
        }
      }
      if (freeUnits() < 0) problems.push("negative unit count");
      const pc = (prim as any)._home?.core;
      if (pc !== undefined) {
        const id = (prim as any)._id;
        if ((prim instanceof Lock ? pc.lockCheck(id) : pc.semCheck(id)) !== 1) problems.push(`core invariant broken after ${JSON.stringify(c)}`);
      }
      if (model.holders.size + freeUnits() > cap) problems.push(`units created: ${model.holders.size} held + ${freeUnits()} free > ${cap}`);
    }
    yield* settle();
    // Quiescence: every woken waiter has run.
    const waiting = prim.statistics().waiters;
    if (waiting > 0 && freeUnits() > 0) problems.push(`${waiting} acquirers wait while ${freeUnits()} units are free`);
    if (model.holders.size + freeUnits() !== cap) problems.push(`units lost: ${model.holders.size} held + ${freeUnits()} free != ${cap}`);
    if (waiting !== model.waiting.size) problems.push(`core has ${waiting} waiters, model ${model.waiting.size}`);
    // Let everyone finish: release all holders, repeatedly, until nobody waits.
    for (let round = 0; round < 3 * W; round++) {
      for (const r of releaseSignal) r?.();
      yield* settle(4);
    }
    if (prim.statistics().waiters !== 0) problems.push("waiters left at the end");
    if (freeUnits() !== cap) problems.push(`end: ${freeUnits()} free of ${cap}`);
    const core = (prim as any)._home.core;
    if (core.liveWaiters() !== 0) problems.push(`${core.liveWaiters()} waiter nodes leaked`);
    if (core.checkWaiters() !== 1) problems.push("core waiter lists inconsistent");
    return [...problems, ...model.violations];
  });
}

/** The wake-up/cancel race with every unit held: cap + 1 workers. */
function fullRaces(cap: number): UnitCmd[][] {
  const acq: UnitCmd[] = Array.from({ length: cap + 1 }, (_, w) => ({ op: "acquire" as const, w }));
  return [
    [...acq, { op: "step" }, { op: "release", w: 0 }, { op: "step" }, { op: "cancel", w: cap }],
    [...acq, { op: "acquire", w: cap + 1 }, { op: "step" }, { op: "release", w: 0 }, { op: "step" }, { op: "cancel", w: cap }],
    [...acq, { op: "step" }, { op: "cancel", w: cap }, { op: "release", w: 0 }, { op: "acquire", w: cap + 1 }],
  ];
}

describe("Lock / Semaphore / BoundedSemaphore under random acquire/release/cancel interleavings", () => {
  for (const [kind, cap] of [["lock", 1], ["sem", 1], ["sem", 2], ["bounded", 3]] as const) {
    it(`${kind}(${cap}): mutual exclusion, strict FIFO, no unit lost, no waiter stranded`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(unitCmd, { minLength: 1, maxLength: 40 }), async (cmds) => {
          expect(await runUnits(kind, cap, cmds)).toEqual([]);
        }),
        { numRuns: 300, examples: [...unitExamples, ...fullRaces(cap)].map((e) => [e] as [UnitCmd[]]) },
      );
    }, 60_000);
  }
});

type QCmd =
  | { op: "put" | "putNowait"; t: number }
  | { op: "get"; t: number }
  | { op: "getNowait" | "step" | "taskDone" | "join" }
  | { op: "cancel"; t: number }
  | { op: "shutdown"; immediate: boolean };
const T = 6; // task slots
const qCmd: fc.Arbitrary<QCmd> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constantFrom("put" as const, "putNowait" as const), t: fc.nat(T - 1) }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant("get" as const), t: fc.nat(T - 1) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constantFrom("getNowait" as const, "taskDone" as const, "join" as const) }) },
  { weight: 4, arbitrary: fc.constant({ op: "step" as const }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant("cancel" as const), t: fc.nat(T - 1) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("shutdown" as const), immediate: fc.boolean() }) },
);

/** A getter (putter) cancelled in the iteration its wake-up arrives; a cancelled pending getter
 *  skipped by put(); shutdown racing waiters. */
const queueExamples: QCmd[][] = [
  [{ op: "get", t: 0 }, { op: "get", t: 1 }, { op: "step" }, { op: "putNowait", t: 0 }, { op: "cancel", t: 0 }],
  [{ op: "get", t: 0 }, { op: "get", t: 1 }, { op: "step" }, { op: "cancel", t: 0 }, { op: "putNowait", t: 0 }],
  [{ op: "putNowait", t: 0 }, { op: "putNowait", t: 0 }, { op: "putNowait", t: 0 }, { op: "put", t: 0 }, { op: "put", t: 1 }, { op: "step" },
    { op: "getNowait" }, { op: "cancel", t: 0 }],
  [{ op: "putNowait", t: 0 }, { op: "putNowait", t: 0 }, { op: "put", t: 0 }, { op: "put", t: 1 }, { op: "step" },
    { op: "getNowait" }, { op: "cancel", t: 0 }],
  [{ op: "get", t: 0 }, { op: "get", t: 1 }, { op: "step" }, { op: "putNowait", t: 0 }, { op: "shutdown", immediate: false }, { op: "cancel", t: 1 }],
];

async function runQueue(maxsize: number, cmds: QCmd[]): Promise<string[]> {
  return isolated(function* () {
    const q = new Queue<number>(maxsize);
    const m = new QueueModel();
    const problems: string[] = [];
    const tasks: (Task<unknown> | null)[] = Array(T).fill(null);
    let next = 1;
    let gotten = 0; // items got and not yet taskDone()'d by the test
    const cancelledPuts = new Set<number>();

    function* putter(x: number) {
      try {
        yield* q.put(x);
      } catch (e) {
        if (e instanceof CancelledError) cancelledPuts.add(x);
        else if (!(e instanceof QueueShutDown)) problems.push(`put ${x}: ${String(e)}`);
        return;
      }
      m.put(x);
    }
    function* getter() {
      let v: number;
      try {
        v = yield* q.get();
      } catch (e) {
        if (!(e instanceof CancelledError) && !(e instanceof QueueShutDown)) problems.push(`get: ${String(e)}`);
        return;
      }
      m.gotItem(v);
      gotten++;
    }
    const free = (t: number) => tasks[t] === null || tasks[t]!.done();

    for (const c of cmds) {
      switch (c.op) {
        case "put":
          if (free(c.t)) tasks[c.t] = createTask(putter(next++));
          break;
        case "putNowait": {
          const x = next++;
          try {
            q.putNowait(x);
            m.put(x);
          } catch (e) {
            if (!(e instanceof QueueFull) && !(e instanceof QueueShutDown)) problems.push(`putNowait: ${String(e)}`);
          }
          break;
        }
        case "get":
          if (free(c.t)) tasks[c.t] = createTask(getter());
          break;
        case "getNowait":
          try {
            m.gotItem(q.getNowait());
            gotten++;
          } catch (e) {
            if (!(e instanceof QueueEmpty) && !(e instanceof QueueShutDown)) problems.push(`getNowait: ${String(e)}`);
          }
          break;
        case "taskDone":
          if (gotten > 0) {
            gotten--;
            q.taskDone();
            m.taskDone();
          }
          break;
        case "join":
          createTask(q.join());
          break;
        case "cancel":
          if (!free(c.t)) tasks[c.t]!.cancel();
          break;
        case "shutdown":
          q.shutdown(c.immediate);
          m.shutdownNow(c.immediate);
          break;
        case "step":
          yield* sleep(0);
          break;
      }
      const st = q.statistics();
      if (st.qsize < 0 || st.unfinished < 0) problems.push("negative count");
      if (st.qsize !== m.items.length) problems.push(`qsize ${st.qsize}, model ${m.items.length}`);
      if (st.unfinished !== m.unfinished) problems.push(`unfinished ${st.unfinished}, model ${m.unfinished}`);
      if ((q as any)._home.core.qCheck((q as any)._id) !== 1) problems.push(`core buffer inconsistent after ${JSON.stringify(c)}`);
    }
    yield* settle();
    const st = q.statistics();
    if (st.getters > 0 && st.qsize > 0) problems.push(`${st.getters} getters wait while ${st.qsize} items are queued`);
    if (st.putters > 0 && !q.full()) problems.push(`${st.putters} putters wait while the queue has room`);
    if (st.shutdown && (st.getters > 0 || st.putters > 0)) problems.push("waiters left on a shut-down queue");
    for (const x of cancelledPuts) if (m.got.has(x) || m.items.includes(x)) problems.push(`cancelled put ${x} was delivered`);
    // Drain: every item put is got exactly once (or was dropped by an immediate shutdown).
    for (const t of tasks) t?.cancel();
    yield* settle(4);
    for (;;) {
      let v: number;
      try {
        v = q.getNowait();
      } catch {
        break;
      }
      m.gotItem(v);
    }
    if (m.items.length) problems.push(`items stranded: ${m.items}`);
    const core = (q as any)._home.core;
    if (core.qCheck((q as any)._id) !== 1) problems.push("core buffer inconsistent");
    yield* settle(2);
    if (core.checkWaiters() !== 1) problems.push("core waiter lists inconsistent");
    return [...problems, ...m.violations];
  });
}

describe("Queue under random put/get/cancel/taskDone/shutdown interleavings", () => {
  for (const maxsize of [0, 1, 2]) {
    it(`maxsize ${maxsize}: every item put is got once and in order; no waiter stranded; counts agree`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(qCmd, { minLength: 1, maxLength: 50 }), async (cmds) => {
          expect(await runQueue(maxsize, cmds)).toEqual([]);
        }),
        { numRuns: 300, examples: queueExamples.map((e) => [e] as [QCmd[]]) },
      );
    }, 60_000);
  }
});
