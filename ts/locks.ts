// locks.ts: Lock, Event, Condition, Semaphore, BoundedSemaphore and Barrier (CPython 3.13
// Lib/asyncio/locks.py), the public face of the core's state machines (assembly/lock.ts,
// event.ts, semaphore.ts, barrier.ts; ts/_sync-core.ts binds them to a loop).
//
// Every decision (grant or park, whom to wake, how a count or state moves) is one core call; this
// file parks the waiting task on the node the core names (a CoreWait: the core wakes the task
// itself, ts/_park.ts) and tells the core how each wait ended. What asyncio does in a waiter's `except CancelledError`
// path (pass the turn on, give the unit back, notify the next) is the core's *End export, called
// from the matching catch here. The orderings are CPython's, checked against its traces
// (tests/sync/python/).
//
// Differences from asyncio, on purpose (API.md): acquire() and friends return Ops (lazy, run
// once); `using _ = yield* lock.hold()` replaces `async with lock`; bad values are RangeError and
// TypeError; over-release of a BoundedSemaphore is RangeError. A primitive binds to the first
// running loop that uses it (asyncio binds when it first has to wait): any use while another
// loop runs is RuntimeError. Cost: an uncontended acquire/release is one core call each and no
// generator (FastOp); a contended hand-over adds the parked task's wake-up, no future.

import { CancelledError, RuntimeError, BrokenBarrierError, describe } from "./errors.js";
import { Op, initOp } from "./ops.js";
import type { Coro } from "./task.js";
import { CoreWait, initCoreWait } from "./_park.js";
import { LoopBound, SyncCore, FastOp, type SyncExports, DISPOSE, BARRIER_STATES, ST_FAIL, ST_SHUTDOWN } from "./_sync-core.js";

export interface LockStatistics {
  locked: boolean;
  waiters: number;
}
export interface EventStatistics {
  set: boolean;
  waiters: number;
}
export interface SemaphoreStatistics {
  value: number;
  waiters: number;
}
export interface BarrierStatistics {
  parties: number;
  nWaiting: number;
  broken: boolean;
  state: "filling" | "draining" | "resetting" | "broken";
}

function holder(release: () => void): Disposable {
  return { [DISPOSE]: release } as unknown as Disposable;
}

// ---- Lock -----------------------------------------------------------------------------------------

/**
 * A fair FIFO mutual-exclusion lock (asyncio.Lock). Not owned: any task may release it.
 *
 * @example Guarding a critical section
 * ```ts
 * const lock = new Lock();
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
    return this._cr().core.lockAcquire(this._id);
  }

  /** @internal */
  _parkEnd(node: number, failed: boolean): void {
    const s = this._s!;
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
    const s = this._c();
    if (s === null || s.core.lockRelease(this._id) === ST_FAIL) throw new RuntimeError("Lock is not acquired");
    s.flush();
  }

  /** True while some task holds the lock (false between a release and the woken waiter's run). */
  locked(): boolean {
    const s = this._c();
    return s !== null && s.core.lockLocked(this._id) === 1;
  }

  /**
   * Acquires the lock and returns a Disposable that releases it: `using _ = yield* lock.hold()`.
   *
   * Cancellation: as acquire(); nothing is held if the wait is cancelled.
   */
  hold(): Op<Disposable> {
    return new Op<Disposable>(function* (this: Lock) {
      yield* this._acquire();
      return holder(() => this.release());
    }.bind(this));
  }

  statistics(): LockStatistics {
    const s = this._c();
    if (s === null) return { locked: false, waiters: 0 };
    return { locked: s.core.lockLocked(this._id) === 1, waiters: s.core.lockWaiters(this._id) };
  }

  toString(): string {
    // Reads the bound state only: never binds (the "different loop" error message calls this).
    const s = this._s;
    const locked = s !== null && s.core.lockLocked(this._id) === 1;
    const waiters = s === null ? 0 : s.core.lockWaiters(this._id);
    return `<Lock [${locked ? "locked" : "unlocked"}${waiters ? `, waiters:${waiters}` : ""}]>`;
  }
}

// ---- Event ----------------------------------------------------------------------------------------

/** asyncio.Event: a flag that tasks wait for. */
export class Event extends LoopBound {
  _alloc(sc: SyncCore): number {
    return sc.core.eventNew(0);
  }
  _free(core: SyncExports, id: number): void {
    core.eventFree(id);
  }
  _migrate(from: SyncCore, id: number, to: SyncCore): number {
    const v = from.core.eventIsSet(id);
    from.core.eventFree(id);
    return to.core.eventNew(v);
  }

  isSet(): boolean {
    return this._c()!.core.eventIsSet(this._id) === 1;
  }

  /** Sets the flag and wakes every waiter; they resume even if clear() is called before they run. */
  set(): void {
    const s = this._c()!;
    if (s.core.eventSet(this._id) !== 0) s.flush();
  }

  clear(): void {
    this._c()!.core.eventClear(this._id);
  }

  /**
   * Waits until the flag is set; returns true at once if it is set.
   *
   * Cancellation: the task leaves the waiters; nothing else changes (no wake-up is consumed).
   */
  wait(): Op<true> {
    return new ParkOp(this);
  }

  /** @internal 0 when set, else the parked node */
  _try(): number {
    return this._cr().core.eventWait(this._id);
  }

  /** @internal */
  _parkEnd(node: number, _failed: boolean): void {
    const s = this._s!;
    s.core.eventWaitEnd(this._id, node);
  }

  statistics(): EventStatistics {
    const s = this._c()!;
    return { set: s.core.eventIsSet(this._id) === 1, waiters: s.core.eventWaiters(this._id) };
  }

  toString(): string {
    const s = this._s;
    if (s === null) return "<Event [unset]>";
    const set = s.core.eventIsSet(this._id) === 1;
    const waiters = s.core.eventWaiters(this._id);
    return `<Event [${set ? "set" : "unset"}${waiters ? `, waiters:${waiters}` : ""}]>`;
  }
}

// ---- Condition ------------------------------------------------------------------------------------

/** asyncio.Condition: waiters notified under a lock (its own, or one shared with others). */
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
  _c(): SyncCore | null {
    return this._cAfter(this._lock);
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
    const s = this._cr();
    const core = s.core;
    const id = this._id;
    const node = core.condWait(id);
    if (node === ST_FAIL) throw new RuntimeError("Cannot wait on an un-acquired lock");
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
    if (typeof predicate !== "function") throw new TypeError(`The predicate must be a function: received ${describe(predicate)}`);
    return new Op<T>(function* (this: Condition) {
      let r = predicate();
      while (!r) {
        yield* this._wait();
        r = predicate();
      }
      return r;
    }.bind(this));
  }

  /**
   * Wakes up to `n` waiters (default 1), FIFO; they return from wait() once they re-acquire
   * the lock, which this call does not release.
   * @throws RuntimeError if the lock is not held
   */
  notify(n = 1): void {
    if (typeof n !== "number") throw new TypeError(`The number of waiters to notify must be a number: received ${describe(n)}`);
    if (Number.isNaN(n)) throw new RangeError("The number of waiters to notify must not be NaN");
    const s = this._c();
    const k = n <= 0 ? 0 : n >= 0xffffffff ? 0xffffffff : Math.floor(n);
    if (s === null || s.core.condNotify(this._id, k, 1) === ST_FAIL) throw new RuntimeError("Cannot notify on an un-acquired lock");
    s.flush();
  }

  /** Wakes every waiter. @throws RuntimeError if the lock is not held */
  notifyAll(): void {
    this.notify(0xffffffff);
  }

  statistics(): LockStatistics {
    const s = this._c();
    if (s === null) return { locked: false, waiters: 0 };
    return { locked: s.core.condLocked(this._id) === 1, waiters: s.core.condWaiters(this._id) };
  }

  toString(): string {
    const s = this._s;
    const locked = s !== null && s.core.condLocked(this._id) === 1;
    const waiters = s === null ? 0 : s.core.condWaiters(this._id);
    return `<Condition [${locked ? "locked" : "unlocked"}${waiters ? `, waiters:${waiters}` : ""}]>`;
  }
}

// ---- Semaphore ------------------------------------------------------------------------------------

function checkCount(v: unknown, what: string, cls: string, min: number): number {
  if (typeof v !== "number") throw new TypeError(`Cannot create ${cls} as '${what}' must be a number: received ${describe(v)}`);
  if (!Number.isSafeInteger(v) || v < min) throw new RangeError(`Cannot create ${cls} as '${what}' must be an integer >= ${min}: received ${v}`);
  return v;
}

/** asyncio.Semaphore: `value` units; acquire() takes one (FIFO), release() gives one back. */
export class Semaphore extends LoopBound {
  /** @internal */ _initial: number;
  /** @internal */ _bound: number;

  /** @throws TypeError if `value` is not a number; RangeError if it is not an integer >= 0 */
  constructor(value: number = 1) {
    super();
    this._initial = checkCount(value, "value", new.target === BoundedSemaphore ? "a BoundedSemaphore" : "a Semaphore", 0);
    this._bound = -1;
  }

  _alloc(sc: SyncCore): number {
    return sc.core.semNew(this._initial, this._bound);
  }
  _free(core: SyncExports, id: number): void {
    core.semFree(id);
  }
  _migrate(from: SyncCore, id: number, to: SyncCore): number {
    const v = from.core.semValue(id);
    from.core.semFree(id);
    return to.core.semNew(v, this._bound);
  }

  /** True when acquire() would wait: no unit free, or earlier waiters still to be served. */
  locked(): boolean {
    return this._c()!.core.semLocked(this._id) === 1;
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
    return this._cr().core.semAcquire(this._id);
  }

  /** @internal acquire() for hold() */
  *_acquire(): Coro<true> {
    const node = this._try();
    if (node === 0) return true;
    return yield* parkVia(this, node);
  }

  /** @internal */
  _parkEnd(node: number, failed: boolean): void {
    const s = this._s!;
    s.core.semAcquireEnd(this._id, node, failed ? 1 : 0);
    s.flush();
  }

  /** Gives a unit back; the first waiter gets it. */
  release(): void {
    const s = this._c()!;
    if (s.core.semRelease(this._id) === ST_FAIL) throw new RangeError("BoundedSemaphore released too many times");
    s.flush();
  }

  /** `using _ = yield* sem.hold()`. Cancellation: as acquire(). */
  hold(): Op<Disposable> {
    return new Op<Disposable>(function* (this: Semaphore) {
      yield* this._acquire();
      return holder(() => this.release());
    }.bind(this));
  }

  statistics(): SemaphoreStatistics {
    const s = this._c()!;
    return { value: s.core.semValue(this._id), waiters: s.core.semWaiters(this._id) };
  }

  toString(): string {
    const name = this._bound >= 0 ? "BoundedSemaphore" : "Semaphore";
    const s = this._s;
    if (s === null) return `<${name} [unlocked, value:${this._initial}]>`;
    const value = s.core.semValue(this._id);
    const waiters = s.core.semWaiters(this._id);
    const locked = s.core.semLocked(this._id) === 1;
    return `<${name} [${locked ? "locked" : `unlocked, value:${value}`}${waiters ? `, waiters:${waiters}` : ""}]>`;
  }
}

/** A Semaphore that refuses to go above its initial value: over-release is RangeError. */
export class BoundedSemaphore extends Semaphore {
  constructor(value: number = 1) {
    super(value);
    this._bound = this._initial;
  }
}

// ---- Barrier --------------------------------------------------------------------------------------

/** asyncio.Barrier: `parties` tasks wait until all have arrived, then all pass together. */
export class Barrier extends LoopBound {
  /** @internal */ _parties: number;
  /** @internal */ _cond = new Condition();

  /** @throws TypeError if `parties` is not a number; RangeError if it is not an integer >= 1 */
  constructor(parties: number) {
    super();
    this._parties = checkCount(parties, "parties", "a Barrier", 1);
    if (parties > 0xffffffff) throw new RangeError(`Cannot create a Barrier as 'parties' must be at most 4294967295: received ${parties}`);
  }

  _alloc(sc: SyncCore): number {
    return sc.core.barrierNew(this._parties, this._cond._id);
  }
  _free(core: SyncExports, id: number): void {
    core.barrierFree(id);
  }
  _detachable(): boolean {
    return false;
  }

  /** @internal the condition (and its lock) bind first, in the same core */
  _c(): SyncCore | null {
    return this._cAfter(this._cond);
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
      const s = this._cr();
      const core = s.core;
      const id = this._id;
      let r: number;
      while ((r = core.barrierEnter(id)) === ST_FAIL) yield* cond._wait();
      if (r === ST_SHUTDOWN) throw new BrokenBarrierError("Barrier aborted");
      s.flush(); // the last arrival notified every waiter
      try {
        if ((r & 1) === 0) {
          let p: number;
          while ((p = core.barrierPassed(id)) === 0) yield* cond._wait();
          if (p === ST_SHUTDOWN) throw new BrokenBarrierError("Abort or reset of barrier");
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
    return new Op<void>(function* (this: Barrier) {
      yield* this._cond._lock._acquire();
      try {
        const s = this._cr();
        s.core.barrierReset(this._id);
        s.flush();
      } finally {
        this._cond._lock.release();
      }
    }.bind(this));
  }

  /**
   * Breaks the barrier: current and future wait() calls raise BrokenBarrierError.
   *
   * Cancellation: only while acquiring the internal lock; then nothing has changed.
   */
  abort(): Op<void> {
    return new Op<void>(function* (this: Barrier) {
      yield* this._cond._lock._acquire();
      try {
        const s = this._cr();
        s.core.barrierAbort(this._id);
        s.flush();
      } finally {
        this._cond._lock.release();
      }
    }.bind(this));
  }

  get parties(): number {
    return this._parties;
  }

  /** Tasks waiting while it fills (0 while it drains or resets). */
  get nWaiting(): number {
    const s = this._c();
    return s === null ? 0 : s.core.barrierWaiting(this._id);
  }

  get broken(): boolean {
    return this._state() === "broken";
  }

  /** @internal */
  _state(): BarrierStatistics["state"] {
    const s = this._c();
    return s === null ? "filling" : BARRIER_STATES[s.core.barrierState(this._id)];
  }

  statistics(): BarrierStatistics {
    const state = this._state();
    return { parties: this._parties, nWaiting: this.nWaiting, broken: state === "broken", state };
  }

  toString(): string {
    const s = this._s;
    if (s === null) return `<Barrier [filling, waiters:0/${this._parties}]>`;
    const state = BARRIER_STATES[s.core.barrierState(this._id)];
    return `<Barrier [${state}${state === "broken" ? "" : `, waiters:${s.core.barrierWaiting(this._id)}/${this._parties}`}]>`;
  }
}

// ---- the Ops of the operations that usually complete at once ---------------------------------------

/** The parked node of a _try() that did not complete (0: it completed). */
interface Parker {
  _try(): number;
  /** The wait at `node` ended: woken (failed false) or cancelled (failed true), as parkVia's
   *  success and catch paths do. */
  _parkEnd(node: number, failed: boolean): void;
}

/** The generator form of a parked wait (for primitives built on others: Condition, hold()):
 *  the same steps as ParkIterator. A return() (the coroutine abandoned) ends it as cancelled. */
function* parkVia(p: Parker, node: number): Coro<true> {
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

/** The Op of acquire() and Event.wait(): a FastOp (see ParkIterator), built flat (_park.ts). */
interface ParkOp extends FastOp<true> {}
class ParkOp {
  /** @internal */ declare _p: Parker;
  /** @internal the node of a _try() that parked */
  declare _node: number;
  constructor(p: Parker) {
    initOp(this, null);
    this._r = undefined;
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
const DONE_TRUE: IteratorResult<unknown, true> = { done: true, value: true };

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
      return DONE_TRUE;
    }
    if (this._phase === 2) return DONE_TRUE;
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
      return DONE_TRUE;
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
