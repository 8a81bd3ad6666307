// park.ts: what a task suspends on when a primitive parked it on a waiter node of the core
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
// The hot classes here (CoreWait, ParkIterator, ParkOp) set their fields in one
// constructor, with no `extends` (ParkIterator and ParkOp get their prototype chain with
// Object.setPrototypeOf). In isolation V8 11 constructs a derived class with field initializers
// ~3x slower (~30 ns against ~10 per object), and ~10x slower once a bundler's keepNames has
// redefined the derived class's `name` (tsx does); in the contended-Lock workload, which makes
// two of these per hand-over, the flat classes took ~6% off (A/B of two builds, one process).

import type { Coro, Task } from "../tasks/task.js";
import { initOp } from "../tasks/op.js";
import { FastOp, initFastOp, RESULT_TRUE } from "./fast-op.js";

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
 *  (below), which is a CoreWait built flat. */
export function initCoreWait(w: CoreWait, node: number, what: unknown): void {
  w.done = false;
  w.value = w;
  w._node = node;
  w._exc = undefined;
  w._what = what;
}

// ---- the Ops of the operations that usually complete at once ---------------------------------------

/** The parked node of a _try() that did not complete (0: it completed). */
export interface Parker {
  _try(): number;
  /** The wait at `node` ended: woken (failed false) or cancelled (failed true), as parkVia's
   *  success and catch paths do. */
  _parkEnd(node: number, failed: boolean): void;
}

/**
 * `node`, the result of a primitive's attempt that may have parked (0: it did not wait). A wait
 * binds the primitive to the running loop; where it is bound elsewhere (asyncio's _get_loop()
 * raising before it makes a waiter) the wait is undone as a cancelled one and RuntimeError raised.
 */
export function _parkedAt(p: Parker & { _waitIn(): void }, node: number): number {
  if (node !== 0) {
    try {
      p._waitIn();
    } catch (e) {
      p._parkEnd(node, true);
      throw e;
    }
  }
  return node;
}

/** The generator form of a parked wait (for primitives built on others: Condition, hold()):
 *  the same steps as ParkIterator. A return() (the coroutine abandoned) ends it as cancelled. */
export function* parkVia(p: Parker, node: number): Coro<true> {
  const w = new CoreWait(node, p);
  let failed = true;
  try {
    yield w;
    failed = false;
  } finally {
    p._parkEnd(node, failed);
  }
  return true;
}

/** The Op of acquire() and Event.wait(): a FastOp (see ParkIterator), built flat (see the header). */
export interface ParkOp extends FastOp<true> {}
export class ParkOp {
  /** @internal */ declare _p: Parker;
  /** @internal the node of a _try() that parked */
  declare _node: number;
  constructor(p: Parker) {
    initOp(this, null);
    initFastOp(this);
    this._p = p;
    this._node = 0;
  }
  _try(): boolean {
    const n = this._p._try();
    if (n === 0) {
      this._r = true;
      return true;
    }
    this._node = n;
    return false;
  }
  _slow(): Coro<true> {
    return parkVia(this._p, this._node);
  }
  [Symbol.iterator](): Generator<unknown, true, unknown> {
    if (this._state !== OP_FRESH || this._fut !== null) return FastOp.prototype[Symbol.iterator].call(this);
    return new ParkIterator(this) as unknown as Generator<unknown, true, unknown>;
  }
}
Object.setPrototypeOf(ParkOp.prototype, FastOp.prototype);

const OP_FRESH = 0;
const OP_RUNNING = 1;

/**
 * `yield*` of a fresh acquire()/wait(): the whole operation without a generator, also when it
 * parks. It is its own CoreWait: a parked next() returns the iterator itself (done false, value
 * itself), the task step hands its node to the core, and the core wakes the task; the next
 * next() (woken) or throw() (cancelled) reports how the wait ended to the primitive
 * (_parkEnd), exactly as parkVia does.
 */
interface ParkIterator extends CoreWait {}
class ParkIterator implements Iterator<unknown, true, unknown> {
  /** @internal 0 fresh, 1 parked, 2 finished */
  declare _phase: number;
  /** @internal */ declare _op: ParkOp;
  constructor(op: ParkOp) {
    initCoreWait(this, 0, op._p);
    this._phase = 0;
    this._op = op;
  }
  next(): IteratorResult<unknown, true> {
    const op = this._op;
    if (this._phase === 1) {
      this._phase = 2;
      this._node = 0;
      op._p._parkEnd(op._node, false);
      op._settle(true, true);
      return RESULT_TRUE;
    }
    if (this._phase === 2) return RESULT_TRUE;
    this._phase = 2;
    if (op._watch !== null) op._watch.awaited = true;
    let parked: boolean;
    try {
      parked = !op._try();
    } catch (e) {
      op._body = null;
      op._settle(false, e);
      throw e;
    }
    op._body = null;
    if (!parked) {
      op._settle(true, true);
      return RESULT_TRUE;
    }
    op._state = OP_RUNNING;
    this._node = op._node;
    this._phase = 1;
    return this as IteratorResult<unknown, true>;
  }
  throw(e: unknown): IteratorResult<unknown, true> {
    if (this._phase === 1) {
      this._phase = 2;
      this._node = 0;
      const op = this._op;
      op._p._parkEnd(op._node, true);
      op._settle(false, e);
    } else this._phase = 2;
    throw e;
  }
  return(v?: any): IteratorResult<unknown, true> {
    // Closed while parked (the coroutine was abandoned): leave the queue as a cancelled waiter.
    if (this._phase === 1) {
      this._node = 0;
      this._op._p._parkEnd(this._op._node, true);
    }
    this._phase = 2;
    return { done: true, value: v };
  }
  [Symbol.iterator](): this {
    return this;
  }
}
Object.setPrototypeOf(ParkIterator.prototype, CoreWait.prototype);
