// semaphore.ts: Semaphore and BoundedSemaphore (CPython 3.13 Lib/asyncio/locks.py), over
// assembly/semaphore.ts. A unit released to a waiter is reserved for it (asyncio 3.13).
// Every decision (grant or park, whom to wake, how a count or state moves) is one core call
// (ts/sync/binding.ts binds the primitive to a loop's core); a waiting task parks on the node the
// core names (ts/sync/park.ts) and tells the core how its wait ended through the *End export, as
// asyncio's waiter does in its `except CancelledError` path. Orderings are CPython's, checked
// against its traces (tests/sync/).

import { Op } from "../tasks/op.js";
import type { Coro } from "../tasks/task.js";
import { ParkOp, parkVia, _parkedAt } from "./park.js";
import { LoopBound, SyncCore, type SyncExports } from "./binding.js";
import * as ABI from "../../gen/core-abi.js";
import { _checkCount } from "./binding.js";
import { holder } from "./hold.js";

// The ABI constants as module-local consts: an imported binding is read through its module
// cell at every use (a contended Lock hand-over measured 27% slower, bench/ab.ts); a local
// const is folded into the code.
const ST_OVER_RELEASE = ABI.ST_OVER_RELEASE;

/**
 * @example
 * ```ts
 * import { run, Semaphore, type SemaphoreStatistics } from "wasyncio";
 * await run(function* () {
 *   const s: SemaphoreStatistics = new Semaphore(3).statistics();
 *   console.log(s);
 * });
 * ```
 */
export interface SemaphoreStatistics {
  value: number;
  waiters: number;
}
// ---- Semaphore ------------------------------------------------------------------------------------


/**
 * asyncio.Semaphore: `value` units; acquire() takes one (FIFO), release() gives one back.
 * @example
 * ```ts
 * function* job(sem: Semaphore, i: number) {
 *   yield* sem.acquire(); // at most two jobs at once
 *   try {
 *     yield* sleep(10);
 *   } finally {
 *     sem.release();
 *   }
 * }
 * await run(function* () {
 *   const sem = new Semaphore(2);
 *   yield* gather(...[1, 2, 3, 4].map((i) => job(sem, i)));
 * });
 * ```
 */
export class Semaphore extends LoopBound {
  /** @internal */ _initial: number;
  /** @internal */ _bound: number;

  /** @throws TypeError if `value` is not a number; RangeError if it is not an integer >= 0 */
  constructor(value: number = 1) {
    super();
    this._initial = _checkCount(value, "value", new.target === BoundedSemaphore ? "a BoundedSemaphore" : "a Semaphore", 0);
    this._bound = -1;
  }

  _alloc(sc: SyncCore): number {
    return sc.core.semNew(this._initial, this._bound);
  }
  _free(core: SyncExports, id: number): void {
    core.semFree(id);
  }
  _save(core: SyncExports, id: number): unknown {
    return core.semValue(id);
  }
  _restore(sc: SyncCore, value: unknown): number {
    return sc.core.semNew(value as number, this._bound);
  }

  /** True when acquire() would wait: no unit free, or earlier waiters still to be served. */
  locked(): boolean {
    return this._coreNow()!.core.semLocked(this._id) === 1;
  }

  /**
   * Takes a unit: at once if one is free and nobody waits, else in FIFO order. The unit is
   * reserved for the waiter a release() wakes.
   *
   * Cancellation: if cancelled while waiting, the task leaves the queue; if cancelled right
   * after being woken, its unit goes back and is handed to the next waiter. Either way (3.13),
   * waiters that now fit are woken, so no unit is left free while a waiter waits.
   */
  acquire(): Op<true> {
    return new ParkOp(this);
  }

  /** @internal 0 when a unit was taken, else the parked node */
  _try(): number {
    return _parkedAt(this, this._coreRunning().core.semAcquire(this._id));
  }

  _hasWaiters(core: SyncExports, id: number): boolean {
    return core.semWaiters(id) > 0;
  }

  /** @internal acquire() for hold() */
  *_acquire(): Coro<true> {
    const node = this._try();
    if (node === 0) return true;
    return yield* parkVia(this, node);
  }

  /** @internal */
  _parkEnd(node: number, failed: boolean): void {
    const s = this._home!;
    s.core.semAcquireEnd(this._id, node, failed ? 1 : 0);
    s.flush();
  }

  /** Gives a unit back; the first waiter gets it. */
  release(): void {
    const s = this._coreNow()!;
    if (s.core.semRelease(this._id) === ST_OVER_RELEASE) throw new RangeError("BoundedSemaphore released too many times");
    s.flush();
  }

  /** `using _ = yield* sem.hold()`. Cancellation: as acquire(). */
  hold(): Op<Disposable> {
    return new Op<Disposable>(() => this._hold());
  }

  /** @internal hold()'s body (a method: no generator closure per call, see tasks/timeouts.ts) */
  *_hold(): Coro<Disposable> {
    yield* this._acquire();
    return holder(() => this.release());
  }

  statistics(): SemaphoreStatistics {
    const s = this._coreNow()!;
    return { value: s.core.semValue(this._id), waiters: s.core.semWaiters(this._id) };
  }

  toString(): string {
    const name = this._bound >= 0 ? "BoundedSemaphore" : "Semaphore";
    const s = this._home;
    if (s === null) return `<${name} [unlocked, value:${this._initial}]>`;
    const value = s.core.semValue(this._id);
    const waiters = s.core.semWaiters(this._id);
    const locked = s.core.semLocked(this._id) === 1;
    return `<${name} [${locked ? "locked" : `unlocked, value:${value}`}${waiters ? `, waiters:${waiters}` : ""}]>`;
  }
}

/**
 * A Semaphore that refuses to go above its initial value: over-release is RangeError.
 * @example
 * ```ts
 * await run(function* () {
 *   const sem = new BoundedSemaphore(1);
 *   yield* sem.acquire();
 *   sem.release();
 *   try {
 *     sem.release(); // one release too many
 *   } catch (e) {
 *     console.log(e instanceof RangeError); // true
 *   }
 * });
 * ```
 */
export class BoundedSemaphore extends Semaphore {
  constructor(value: number = 1) {
    super(value);
    this._bound = this._initial;
  }
}
