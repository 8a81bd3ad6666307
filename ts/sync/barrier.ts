// barrier.ts: Barrier (CPython 3.13 Lib/asyncio/locks.py Barrier), over assembly/barrier.ts; it
// waits through its own Condition, so it lives in that condition's core.
// Every decision (grant or park, whom to wake, how a count or state moves) is one core call
// (ts/sync/binding.ts binds the primitive to a loop's core); a waiting task parks on the node the
// core names (ts/sync/park.ts) and tells the core how its wait ended through the *End export, as
// asyncio's waiter does in its `except CancelledError` path. Orderings are CPython's, checked
// against its traces (tests/sync/).

import { BrokenBarrierError } from "../errors.js";
import { Op } from "../tasks/op.js";
import type { Coro } from "../tasks/task.js";
import { LoopBound, SyncCore, type SyncExports, _checkCount } from "./binding.js";
import * as ABI from "../../gen/core-abi.js";
import { Condition } from "./condition.js";

// The ABI constants as module-local consts: an imported binding is read through its module
// cell at every use (a contended Lock hand-over measured 27% slower, bench/ab.ts); a local
// const is folded into the code.
const BARRIER_STATES = ABI.BARRIER_STATES, B_BROKEN = ABI.B_BROKEN, ST_WAIT = ABI.ST_WAIT, ST_BROKEN = ABI.ST_BROKEN;

/**
 * @example
 * ```ts
 * import { run, Barrier, type BarrierStatistics } from "wasyncio";
 * await run(function* () {
 *   const s: BarrierStatistics = new Barrier(2).statistics();
 *   console.log(s.parties, s.nWaiting, s.broken); // 2 0 false
 * });
 * ```
 */
export interface BarrierStatistics {
  parties: number;
  nWaiting: number;
  broken: boolean;
  state: "filling" | "draining" | "resetting" | "broken";
}
// ---- Barrier --------------------------------------------------------------------------------------

/**
 * asyncio.Barrier: `parties` tasks wait until all have arrived, then all pass together.
 * @example
 * ```ts
 * await run(function* () {
 *   const b = new Barrier(3);
 *   const parties = [1, 2, 3].map((i) => createTask(function* () {
 *     const n = yield* b.wait(); // each gets its index 0..2 once all three arrived
 *     console.log(`party ${i} passed as ${n}`);
 *   }));
 *   yield* gather(...parties);
 * });
 * ```
 */
export class Barrier extends LoopBound {
  /** @internal */ _parties: number;
  /** @internal */ _cond = new Condition();

  /** @throws TypeError if `parties` is not a number; RangeError if it is not an integer >= 1 */
  constructor(parties: number) {
    super();
    this._parties = _checkCount(parties, "parties", "a Barrier", 1);
    if (parties > 0xffffffff) throw new RangeError(`Cannot create a Barrier as 'parties' must be at most 4294967295: received ${parties}`);
  }

  _alloc(sc: SyncCore): number {
    return sc.core.barrierNew(this._parties, this._cond._id);
  }
  _free(core: SyncExports, id: number): void {
    core.barrierFree(id);
  }
  /** @internal a broken barrier stays broken; one that was filling or draining when its loop
   *  closed starts filling again with nobody waiting (its waiting tasks are gone with the loop) */
  _save(core: SyncExports, id: number): unknown {
    return core.barrierState(id) === B_BROKEN;
  }
  _restore(sc: SyncCore, broken: unknown): number {
    const id = sc.core.barrierNew(this._parties, this._cond._id);
    if (broken === true) sc.core.barrierAbort(id);
    return id;
  }
  _detachable(): boolean {
    return false;
  }

  /** @internal the condition (and its lock) bind first, in the same core */
  /** @internal its waiters wait on its condition */
  _hasWaiters(core: SyncExports, _id: number): boolean {
    return core.condWaiters(this._cond._id) > 0;
  }

  _coreNow(): SyncCore | null {
    return this._coreWith(this._cond);
  }

  /**
   * Waits until `parties` tasks are waiting, then returns this task's arrival index
   * (0 … parties-1). Tasks arriving while the barrier drains or resets wait for it to refill.
   *
   * Cancellation: the task leaves the barrier (nWaiting goes down) after re-acquiring the
   * internal lock, as asyncio's does.
   * @throws BrokenBarrierError if the barrier is broken (abort()) or reset while waiting
   */
  wait(): Op<number> {
    return new Op<number>(() => this._wait());
  }

  /** @internal asyncio's wait(): `async with cond`, _block, arrive, _wait, _exit */
  *_wait(): Coro<number> {
    const cond = this._cond;
    const lock = cond._lock;
    yield* lock._acquire();
    try {
      const s = this._coreRunning();
      const core = s.core;
      const id = this._id;
      let r: number;
      while ((r = core.barrierEnter(id)) === ST_WAIT) yield* cond._wait();
      if (r === ST_BROKEN) throw new BrokenBarrierError("Barrier aborted");
      s.flush(); // the last arrival notified every waiter
      try {
        if ((r & 1) === 0) {
          let p: number;
          while ((p = core.barrierPassed(id)) === 0) yield* cond._wait();
          if (p === ST_BROKEN) throw new BrokenBarrierError("Abort or reset of barrier");
        }
        return r >>> 1;
      } finally {
        core.barrierExit(id);
        s.flush();
      }
    } finally {
      lock.release();
    }
  }

  /**
   * Returns the barrier to the filling state; tasks waiting in it get BrokenBarrierError.
   *
   * Cancellation: only while acquiring the internal lock; then nothing has changed.
   */
  reset(): Op<void> {
    return new Op<void>(() => this._locked(false));
  }

  /** @internal reset() (abort false) and abort() under the internal lock (a method: no generator
   *  closure per call) */
  *_locked(abort: boolean): Coro<void> {
    yield* this._cond._lock._acquire();
    try {
      const s = this._coreRunning();
      if (abort) s.core.barrierAbort(this._id);
      else s.core.barrierReset(this._id);
      s.flush();
    } finally {
      this._cond._lock.release();
    }
  }

  /**
   * Breaks the barrier: current and future wait() calls raise BrokenBarrierError.
   *
   * Cancellation: only while acquiring the internal lock; then nothing has changed.
   */
  abort(): Op<void> {
    return new Op<void>(() => this._locked(true));
  }

  get parties(): number {
    return this._parties;
  }

  /** Tasks waiting while it fills (0 while it drains or resets). */
  get nWaiting(): number {
    const s = this._coreNow();
    return s === null ? 0 : s.core.barrierWaiting(this._id);
  }

  get broken(): boolean {
    return this._state() === "broken";
  }

  /** @internal */
  _state(): BarrierStatistics["state"] {
    const s = this._coreNow();
    return s === null ? "filling" : BARRIER_STATES[s.core.barrierState(this._id)];
  }

  statistics(): BarrierStatistics {
    const state = this._state();
    return { parties: this._parties, nWaiting: this.nWaiting, broken: state === "broken", state };
  }

  toString(): string {
    const s = this._home;
    if (s === null) return `<Barrier [filling, waiters:0/${this._parties}]>`;
    const state = BARRIER_STATES[s.core.barrierState(this._id)];
    return `<Barrier [${state}${state === "broken" ? "" : `, waiters:${s.core.barrierWaiting(this._id)}/${this._parties}`}]>`;
  }
}
