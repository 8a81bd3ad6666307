// lock.ts: Lock (CPython 3.13 Lib/asyncio/locks.py Lock), the public face of assembly/lock.ts.
// Every decision (grant or park, whom to wake, how a count or state moves) is one core call
// (ts/sync/binding.ts binds the primitive to a loop's core); a waiting task parks on the node the
// core names (ts/sync/park.ts) and tells the core how its wait ended through the *End export, as
// asyncio's waiter does in its `except CancelledError` path. Orderings are CPython's, checked
// against its traces (tests/sync/).
// Cost: an uncontended acquire/release is one core call each and no generator (ParkOp); a
// contended hand-over adds the parked task's wake-up, no future.

import { RuntimeError } from "../errors.js";
import { Op } from "../tasks/op.js";
import type { Coro } from "../tasks/task.js";
import { ParkOp, parkVia, _parkedAt } from "./park.js";
import { LoopBound, SyncCore, type SyncExports } from "./binding.js";
import * as ABI from "../../gen/core-abi.js";
import { holder } from "./hold.js";

// The ABI constants as module-local consts: an imported binding is read through its module
// cell at every use (a contended Lock hand-over measured 27% slower, bench/ab.ts); a local
// const is folded into the code.
const ST_NOT_LOCKED = ABI.ST_NOT_LOCKED;

/**
 * @example
 * ```ts
 * import { run, Lock, type LockStatistics } from "wasyncio";
 * await run(function* () {
 *   const lock = new Lock();
 *   const s: LockStatistics = lock.statistics();
 *   console.log(s);
 * });
 * ```
 */
export interface LockStatistics {
  locked: boolean;
  waiters: number;
}

/**
 * A fair FIFO mutual-exclusion lock (asyncio.Lock). Not owned: any task may release it.
 *
 * @example Guarding a critical section
 * ```ts
 * const lock = new Lock();
 * let counter = 0;
 * yield* lock.acquire();
 * try { counter++; } finally { lock.release(); }
 * ```
 */
export class Lock extends LoopBound {
  _alloc(sc: SyncCore): number {
    return sc.core.lockNew();
  }
  _free(core: SyncExports, id: number): void {
    core.lockFree(id);
  }
  /** @internal a lock held when its loop closed stays locked (asyncio's does) */
  _save(core: SyncExports, id: number): unknown {
    return core.lockLocked(id) === 1;
  }
  _restore(sc: SyncCore, locked: unknown): number {
    const id = sc.core.lockNew();
    if (locked === true) sc.core.lockAcquire(id);
    return id;
  }
  _detachable(): boolean {
    return false;
  }

  /**
   * Acquires the lock: at once if it is unlocked and nobody is waiting, else after every earlier
   * waiter (FIFO, even while a woken waiter has not run yet).
   *
   * Cancellation: if cancelled while waiting, the task leaves the queue; if it was cancelled
   * right after being woken, the lock is not taken and the next waiter is woken instead, so no
   * wake-up is lost. Completes synchronously (no suspension) when the lock is free.
   * @returns an Op resolving to true
   */
  acquire(): Op<true> {
    return new ParkOp(this);
  }

  /** @internal the whole acquire: 0 when granted, else the parked node */
  _try(): number {
    return _parkedAt(this, this._coreRunning().core.lockAcquire(this._id));
  }


  _hasWaiters(core: SyncExports, id: number): boolean {
    return core.lockWaiters(id) > 0;
  }

  /** @internal */
  _parkEnd(node: number, failed: boolean): void {
    const s = this._home!;
    s.core.lockAcquireEnd(this._id, node, failed ? 1 : 0);
    if (failed) s.flush();
  }

  /** @internal acquire() for the other primitives' generators */
  *_acquire(): Coro<true> {
    const node = this._try();
    if (node === 0) return true;
    return yield* parkVia(this, node);
  }

  /**
   * Unlocks and wakes the first waiter (it takes the lock when it runs).
   * @throws RuntimeError if the lock is not locked
   */
  release(): void {
    const s = this._coreNow();
    if (s === null || s.core.lockRelease(this._id) === ST_NOT_LOCKED) throw new RuntimeError("Lock is not acquired");
    s.flush();
  }

  /** True while some task holds the lock (false between a release and the woken waiter's run). */
  locked(): boolean {
    const s = this._coreNow();
    return s !== null && s.core.lockLocked(this._id) === 1;
  }

  /**
   * Acquires the lock and returns a Disposable that releases it: `using _ = yield* lock.hold()`.
   *
   * Cancellation: as acquire(); nothing is held if the wait is cancelled.
   */
  hold(): Op<Disposable> {
    return new Op<Disposable>(() => this._hold());
  }

  /** @internal hold()'s body (a method: no generator closure per call, see tasks/timeouts.ts) */
  *_hold(): Coro<Disposable> {
    yield* this._acquire();
    return holder(() => this.release());
  }

  statistics(): LockStatistics {
    const s = this._coreNow();
    if (s === null) return { locked: false, waiters: 0 };
    return { locked: s.core.lockLocked(this._id) === 1, waiters: s.core.lockWaiters(this._id) };
  }

  toString(): string {
    // Reads the bound state only: never binds (the "different loop" error message calls this).
    const s = this._home;
    const locked = s !== null && s.core.lockLocked(this._id) === 1;
    const waiters = s === null ? 0 : s.core.lockWaiters(this._id);
    return `<Lock [${locked ? "locked" : "unlocked"}${waiters ? `, waiters:${waiters}` : ""}]>`;
  }
}
