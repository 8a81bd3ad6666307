// _park.ts: what a task suspends on when a primitive parked it on a waiter node of the core
// (assembly/waiters.ts taskStepPark), with no future in between.
//
// A contended acquire, wait, get or put parks a node in the core and yields a CoreWait. The task
// step hands the node to the core (taskStepPark), which from then on wakes the task itself: the
// release, set, notify or put that chooses the node puts the task's step straight into the ready
// ring, in the same export. Task.cancel() cancels the wait through the core (taskParkCancel) and
// leaves the CancelledError here for the step to throw in; the woken step resumes the coroutine,
// whose own code then tells the primitive how the wait ended (its *End export).
// Cost: a future per wait (its allocation, its done-callback hop, a wake buffer the façade read
// after every waking export) was most of a contended Lock hand-over.
//
// A CoreWait is also the IteratorResult its iterator returns while parked (done false, value
// itself), so parking allocates nothing beyond the wait.
// Hot classes here and in locks.ts (CoreWait, ParkIterator, ParkOp) set their fields in one
// constructor, with no `extends` (ParkIterator and ParkOp get their prototype chain with
// Object.setPrototypeOf). In isolation V8 11 constructs a derived class with field initializers
// ~3x slower (~30 ns against ~10 per object), and ~10x slower once a bundler's keepNames has
// redefined the derived class's `name` (tsx does); in the contended-Lock workload, which makes
// two of these per hand-over, the flat classes took ~6% off (A/B of two builds, one process).

import type { Task } from "./task.js";

/** @internal The brand the task step tests for a core wait: true on CoreWait's prototype (which
 *  ParkIterator inherits), false on Future's; a symbol, so no user value has it by accident.
 *  Cheaper than instanceof on the step's hot path (3-6%, measured). */
export const CORE_WAIT: unique symbol = Symbol("wasyncio.coreWait");

export class CoreWait {
  /** @internal see CORE_WAIT */
  declare [CORE_WAIT]: true;
  /** IteratorResult fields: a CoreWait is the result of the next() that parks on it. */
  declare done: false;
  declare value: CoreWait;
  /** @internal the core's waiter node */
  declare _node: number;
  /** @internal set by Task.cancel() when the core cancelled the wait: what the step throws in */
  declare _exc: unknown;
  /** @internal what the wait is for, as dumpTasks() shows it */
  declare _what: unknown;

  constructor(node: number, what: unknown) {
    initCoreWait(this, node, what);
  }

  /** @internal Task.cancel(msg) of `task` while suspended here: true if the core cancelled the
   *  wait and scheduled the task's step, which throws the CancelledError kept here */
  _cancel(task: Task<any>, msg: string | undefined): boolean {
    const loop = task._loop;
    if (loop._core.taskParkCancel(task._id, this._node) === 0) return false;
    this._exc = task._cancelErrorFor(msg);
    if (!loop._pumping && loop._running) loop._wakeNow();
    return true;
  }

  toString(): string {
    return this._what === null ? "<waiter>" : String(this._what);
  }
}
CoreWait.prototype[CORE_WAIT] = true;

/** @internal A CoreWait's fields, set in one place: its constructor, and ParkIterator's
 *  (ts/locks.ts), which is a CoreWait built flat. */
export function initCoreWait(w: CoreWait, node: number, what: unknown): void {
  w.done = false;
  w.value = w;
  w._node = node;
  w._exc = undefined;
  w._what = what;
}
