// condition.ts: Condition (CPython 3.13 Lib/asyncio/locks.py Condition), over
// assembly/lock.ts's condition state. A Condition lives in the same core as its Lock (it binds
// after it), and accepts only a wasyncio Lock.
// Every decision (grant or park, whom to wake, how a count or state moves) is one core call
// (ts/sync/binding.ts binds the primitive to a loop's core); a waiting task parks on the node the
// core names (ts/sync/park.ts) and tells the core how its wait ended through the *End export, as
// asyncio's waiter does in its `except CancelledError` path. Orderings are CPython's, checked
// against its traces (tests/sync/).

import { CancelledError, RuntimeError, describe } from "../errors.js";
import { Op, _failedOp } from "../tasks/op.js";
import type { Coro } from "../tasks/task.js";
import { CoreWait } from "./park.js";
import { LoopBound, SyncCore, type SyncExports } from "./binding.js";
import * as ABI from "../../gen/core-abi.js";
import { Lock, type LockStatistics } from "./lock.js";

// The ABI constants as module-local consts: an imported binding is read through its module
// cell at every use (a contended Lock hand-over measured 27% slower, bench/ab.ts); a local
// const is folded into the code.
const ST_NOT_LOCKED = ABI.ST_NOT_LOCKED;

// ---- Condition ------------------------------------------------------------------------------------

/**
 * asyncio.Condition: waiters notified under a lock (its own, or one shared with others).
 * @example
 * ```ts
 * await run(function* () {
 *   const cond = new Condition();
 *   const items: string[] = [];
 *   const consumer = createTask(function* () {
 *     yield* cond.acquire();
 *     try {
 *       yield* cond.waitFor(() => items.length > 0);
 *       console.log("took", items.shift());
 *     } finally {
 *       cond.release();
 *     }
 *   });
 *   yield* sleep(1);
 *   yield* cond.acquire();
 *   items.push("item");
 *   cond.notify();
 *   cond.release();
 *   yield* consumer;
 * });
 * ```
 */
export class Condition extends LoopBound {
  /** @internal */ _lock: Lock;

  /** @throws TypeError if `lock` is given and is not a Lock */
  constructor(lock?: Lock | null) {
    super();
    if (lock === undefined || lock === null) lock = new Lock();
    else if (!(lock instanceof Lock)) throw new TypeError(`Cannot create a Condition as 'lock' must be a Lock: received ${describe(lock)}`);
    this._lock = lock;
  }

  _alloc(sc: SyncCore): number {
    return sc.core.condNew(this._lock._id);
  }
  _free(core: SyncExports, id: number): void {
    core.condFree(id);
  }
  _detachable(): boolean {
    return false;
  }

  /** @internal the lock binds first; the condition must live in the same core */
  _hasWaiters(core: SyncExports, id: number): boolean {
    return core.condWaiters(id) > 0;
  }

  _coreNow(): SyncCore | null {
    return this._coreWith(this._lock);
  }

  acquire(): Op<true> {
    return this._lock.acquire();
  }
  release(): void {
    this._lock.release();
  }
  locked(): boolean {
    return this._lock.locked();
  }
  hold(): Op<Disposable> {
    return this._lock.hold();
  }

  /**
   * Releases the lock, waits to be notified, re-acquires the lock (always, even when cancelled),
   * and returns true. May wake spuriously: re-check the state (or use waitFor()).
   *
   * Cancellation: the lock is re-acquired before the CancelledError propagates (a cancellation
   * during the re-acquire is retried, and the last one is raised); a notification this waiter may
   * have received is passed to the next waiter (3.13), so a notify() racing a cancellation is
   * never lost.
   * @throws RuntimeError if the lock is not held
   */
  wait(): Op<true> {
    return new Op<true>(() => this._wait());
  }

  /** @internal */
  *_wait(): Coro<true> {
    const s = this._coreRunning();
    const core = s.core;
    const id = this._id;
    if (!this._lock.locked()) throw new RuntimeError("Cannot wait on an un-acquired lock");
    this._waitIn();
    const node = core.condWait(id);
    if (node === ST_NOT_LOCKED) throw new RuntimeError("Cannot wait on an un-acquired lock");
    s.flush(); // the release may have woken a lock waiter
    const w = new CoreWait(node, this);
    try {
      try {
        try {
          yield w;
          return true;
        } finally {
          core.condWaitEnd(id, node);
        }
      } finally {
        let err: unknown = undefined;
        let hasErr = false;
        for (;;) {
          try {
            yield* this._lock._acquire();
            break;
          } catch (e) {
            if (!(e instanceof CancelledError)) throw e;
            err = e;
            hasErr = true;
          }
        }
        if (hasErr) throw err;
      }
    } catch (e) {
      core.condNotify(id, 1, 0);
      s.flush();
      throw e;
    }
  }

  /**
   * Waits until `predicate()` is truthy and returns its value; checks it first, so a true
   * predicate returns at once (without needing the lock).
   *
   * Cancellation: as wait().
   */
  waitFor<T>(predicate: () => T): Op<T> {
    if (typeof predicate !== "function") return _failedOp(new TypeError(`The predicate must be a function: received ${describe(predicate)}`));
    return new Op<T>(() => this._waitFor(predicate));
  }

  /** @internal waitFor()'s body (a method: no generator closure per call) */
  *_waitFor<T>(predicate: () => T): Coro<T> {
    let r = predicate();
    while (!r) {
      yield* this._wait();
      r = predicate();
    }
    return r;
  }

  /**
   * Wakes up to `n` waiters (default 1), FIFO; they return from wait() once they re-acquire
   * the lock, which this call does not release.
   * @throws RuntimeError if the lock is not held
   */
  notify(n = 1): void {
    if (typeof n !== "number") throw new TypeError(`The number of waiters to notify must be a number: received ${describe(n)}`);
    if (Number.isNaN(n)) throw new RangeError("The number of waiters to notify must not be NaN");
    const s = this._coreNow();
    const k = n <= 0 ? 0 : n >= 0xffffffff ? 0xffffffff : Math.floor(n);
    if (s === null || s.core.condNotify(this._id, k, 1) === ST_NOT_LOCKED) throw new RuntimeError("Cannot notify on an un-acquired lock");
    s.flush();
  }

  /** Wakes every waiter. @throws RuntimeError if the lock is not held */
  notifyAll(): void {
    this.notify(0xffffffff);
  }

  statistics(): LockStatistics {
    const s = this._coreNow();
    if (s === null) return { locked: false, waiters: 0 };
    return { locked: s.core.condLocked(this._id) === 1, waiters: s.core.condWaiters(this._id) };
  }

  toString(): string {
    const s = this._home;
    const locked = s !== null && s.core.condLocked(this._id) === 1;
    const waiters = s === null ? 0 : s.core.condWaiters(this._id);
    return `<Condition [${locked ? "locked" : "unlocked"}${waiters ? `, waiters:${waiters}` : ""}]>`;
  }
}
