// future.ts: Future, the eager awaitable that bridges callbacks and coroutines
// (CPython Lib/asyncio/futures.py).
//
// Semantics kept from asyncio:
// - done-callbacks are never called synchronously: completing a future call_soon()s each one in
//   registration order, and adding one to a done future schedules it too;
// - a task waiting on a future is one of its callbacks (its wake-up), so it resumes in line with
//   every other callback scheduled around the same moment;
// - `yield* fut` does not suspend when `fut` is done already.
// A Future is also a thenable, so async functions can `await` it: the promise settles when the
// loop runs the future's callbacks. Inside an async-function task (with async context tracking),
// awaiting a future registers it as the task's waiter, so cancelling the task cancels it, as
// asyncio cancels a task's _fut_waiter.

import { CORE_WAIT } from "../sync/park.js";
import { CancelledError, InvalidStateError, describe, _cancelledError, _checkOptions } from "../errors.js";
import { _CTX, copyContext, Context } from "./contextvars.js";
import { getRunningLoop } from "../loop/running.js";
import type { EventLoop } from "../loop/loop.js";
import { _watchUnretrieved } from "../loop/debug.js";
import { INSPECT } from "../inspect.js";

export const PENDING = 0;
export const FINISHED = 1;
/** Finished with an exception, which `_result` holds. */
export const FAILED = 3;
/** Cancelled; `_result` holds the CancelledError a task's coroutine raised until the first await
 *  re-raises it (_makeCancelledError), else undefined. */
export const CANCELLED = 2;

/** Something that a task wakes through: the loop schedules its step when the future is done. */
export interface Waker {
  _id: number;
}
export type DoneCallback<T> = (f: Future<T>) => void;

/** @internal A future's rarely used state, kept out of line. */
export interface FutureExtra {
  cancelMessage: string | undefined;
  promise: Promise<unknown> | null;
  logTraceback: boolean;
  tb: { retrieved: boolean } | null;
}

/** A done callback and the context it was registered in (only while a ContextVar exists). */
class CallbackInContext {
  constructor(
    readonly cb: (...a: any[]) => unknown,
    readonly ctx: Context,
  ) {}
}

/**
 * @example
 * ```ts
 * await run(function* () {
 *   const loop = getRunningLoop();
 *   const f = loop.createFuture<string>();
 *   loop.callLater(10, () => f.setResult("ready"));
 *   console.log(yield* f, f.done()); // ready true
 * });
 * ```
 */
export class Future<T = unknown> implements PromiseLike<T> {
  /** @internal false on the prototype: not a core wait (ts/sync/park.ts CORE_WAIT) */
  declare [CORE_WAIT]: false;
  /** @internal */ _state = PENDING;
  /** @internal */ _result: T | undefined = undefined;
  /** @internal */ _loop: EventLoop;
  /** @internal the done callbacks: null; the lone waker (a task) of the one task that awaits
   *  the future, the common case, which saves an array; or an array of functions and wakers in
   *  registration order. One field, not two: with 100k live tasks, object size is what the
   *  collector pays for. */
  _cbs: Waker | any[] | null = null;
  /** @internal set by the iterator just before it yields this future to the task driver */
  _blocking = false;
  /** @internal rarely used state (see FutureExtra), allocated on first use so that the common
   *  future stays small: with 100k live tasks, object size is what the collector pays for. */
  _x: FutureExtra | null = null;

  /** @internal the exception, when the future failed */
  get _exception(): unknown { return this._state === FAILED ? this._result : undefined; }
  /** @internal */ get _hasException(): boolean { return this._state === FAILED; }
  /** @internal */ get _cancelMessage(): string | undefined { return this._x?.cancelMessage; }
  /** @internal */ set _cancelMessage(v: string | undefined) { if (v !== undefined || this._x !== null) this._extra().cancelMessage = v; }
  /** @internal */ get _promise(): Promise<T> | null { return (this._x?.promise as Promise<T>) ?? null; }
  /** @internal */ set _promise(v: Promise<T> | null) { if (v !== null || this._x !== null) this._extra().promise = v; }
  /** @internal "exception was never retrieved" bookkeeping */
  get _logTraceback(): boolean { return this._x?.logTraceback ?? false; }
  /** @internal */ set _logTraceback(v: boolean) { if (v || this._x !== null) this._extra().logTraceback = v; }
  /** @internal debug mode: the record the finalizer reads (ts/loop/debug.ts) */
  get _tb(): { retrieved: boolean } | null { return this._x?.tb ?? null; }
  /** @internal */ set _tb(v: { retrieved: boolean } | null) { if (v !== null || this._x !== null) this._extra().tb = v; }

  /** @internal */
  _extra(): FutureExtra {
    return (this._x ??= { cancelMessage: undefined, promise: null, logTraceback: false, tb: null });
  }

  constructor(loop?: EventLoop) {
    this._loop = loop ?? getRunningLoop();
  }

  getLoop(): EventLoop {
    return this._loop;
  }

  done(): boolean {
    return this._state !== PENDING;
  }

  cancelled(): boolean {
    return this._state === CANCELLED;
  }

  /** The result; throws the exception, a CancelledError, or InvalidStateError while pending. */
  result(): T {
    if (this._state === FINISHED) {
      return this._result as T;
    }
    throw this._error();
  }

  /** @internal what result() throws when the future did not finish with a result: its exception
   *  (now retrieved), a CancelledError, or InvalidStateError while pending. Returned, not thrown,
   *  so that callers throw it from their own frame (each frame a throw unwinds costs ~100 ns). */
  _error(): unknown {
    if (this._state === FAILED) {
      this._markRetrieved();
      return this._result;
    }
    if (this._state === CANCELLED) return this._makeCancelledError();
    return new InvalidStateError("Result is not ready");
  }

  /** The exception or null; throws CancelledError if cancelled, InvalidStateError while pending. */
  exception(): unknown {
    if (this._state === FINISHED || this._state === FAILED) {
      this._markRetrieved();
      return this._state === FAILED ? this._result : null;
    }
    if (this._state === CANCELLED) throw this._makeCancelledError();
    throw new InvalidStateError("Exception is not set");
  }

  setResult(value: T): void {
    if (this._state !== PENDING) throw new InvalidStateError(`Cannot set the result of a future that is ${this._stateName()}`);
    this._result = value;
    this._state = FINISHED;
    this._scheduleCallbacks();
  }

  setException(exc: unknown): void {
    if (this._state !== PENDING) throw new InvalidStateError(`Cannot set the exception of a future that is ${this._stateName()}`);
    if (typeof exc === "function" && (exc as any).prototype instanceof Error) exc = new (exc as any)();
    this._result = exc as T;
    this._state = FAILED;
    this._logTraceback = true;
    _watchUnretrieved(this);
    this._scheduleCallbacks();
  }

  /** Cancels a pending future and schedules its callbacks; false if it is done already. */
  cancel(msg?: string): boolean {
    this._logTraceback = false;
    if (this._state !== PENDING) return false;
    this._state = CANCELLED;
    this._cancelMessage = msg;
    this._scheduleCallbacks();
    return true;
  }

  /** Calls `cb(this)` soon after the future is done, in the context current now (or `context`). */
  addDoneCallback(cb: DoneCallback<T>, opts?: { context?: Context }): void {
    if (typeof cb !== "function") throw new TypeError(`A done callback must be a function: received ${describe(cb)}`);
    let ctx: Context | null = null;
    if (opts !== undefined) {
      _checkOptions(opts, ["context"], "addDoneCallback()");
      if (opts.context !== undefined && opts.context !== null) {
        if (!(opts.context instanceof Context)) throw new TypeError(`addDoneCallback(): context must be a Context: received ${describe(opts.context)}`);
        ctx = opts.context;
      }
    }
    if (ctx === null && _CTX.on) ctx = copyContext();
    if (this._state !== PENDING) {
      if (ctx === null) this._loop.callSoon(cb, this);
      else this._loop._callSoonIn(ctx, cb, this);
      return;
    }
    this._push(ctx === null ? cb : new CallbackInContext(cb, ctx));
  }

  /** @internal appends a callback, keeping registration order with a lone waker */
  _push(cb: unknown): void {
    const c = this._cbs;
    if (c === null) this._cbs = [cb];
    else if (Array.isArray(c)) c.push(cb);
    else this._cbs = [c, cb];
  }

  /** Removes every registration of `cb`; returns how many there were. */
  removeDoneCallback(cb: DoneCallback<T>): number {
    const cbs = this._cbs;
    if (!Array.isArray(cbs)) return 0; // none, or a lone waker (never a user's callback)
    const kept = cbs.filter((c) => c !== cb && !(c instanceof CallbackInContext && c.cb === cb));
    const n = cbs.length - kept.length;
    if (n) this._cbs = kept;
    return n;
  }

  /** @internal the exception was looked at (result(), exception(), a task that awaited it) */
  _markRetrieved(): void {
    this._logTraceback = false;
    if (this._tb !== null) this._tb.retrieved = true;
  }

  /** @internal a task parks on this future: it is woken through the ready ring. */
  _addWaker(w: Waker): void {
    if (this._cbs === null) this._cbs = w;
    else this._push(w);
  }

  /** @internal */
  _scheduleCallbacks(): void {
    const cbs = this._cbs;
    if (cbs === null) return;
    this._cbs = null;
    const loop = this._loop;
    if (!Array.isArray(cbs)) {
      loop._wake(cbs);
      return;
    }
    for (let i = 0; i < cbs.length; i++) {
      const cb = cbs[i];
      if (typeof cb === "function") loop.callSoon(cb, this);
      else if (cb instanceof CallbackInContext) loop._callSoonIn(cb.ctx, cb.cb, this);
      else loop._wake(cb as Waker);
    }
  }

  /** @internal the CancelledError to raise: the one a task's coroutine raised, once (the first
   *  await of the task re-raises that object), then a fresh one per call, as asyncio's
   *  _make_cancelled_error does */
  _makeCancelledError(): CancelledError {
    const e = this._result;
    if (e !== undefined && this._state === CANCELLED) {
      this._result = undefined;
      return e as CancelledError;
    }
    return _cancelledError(this._cancelMessage, this._loop._debug);
  }

  /** @internal */
  _stateName(): string {
    return this._state === PENDING ? "pending" : this._state === CANCELLED ? "cancelled" : "finished";
  }

  [Symbol.iterator](): Generator<unknown, T, unknown> {
    return new FutureIter(this) as unknown as Generator<unknown, T, unknown>;
  }

  then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: any) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    const t = this._loop._asyncTaskNow();
    if (t !== undefined) return t._awaitFuture(this).then(onfulfilled, onrejected);
    return this._asPromise().then(onfulfilled, onrejected);
  }

  /** @internal one promise per future, settled when the loop runs its callbacks. */
  _asPromise(): Promise<T> {
    if (this._promise === null) {
      this._promise = new Promise<T>((resolve, reject) => {
        const settle = (f: Future<T>) => {
          if (f._state === FINISHED) resolve(f._result as T);
          else {
            try {
              f.result();
            } catch (e) {
              reject(e);
            }
          }
        };
        if (this._state === PENDING) this._push(settle);
        else settle(this);
      });
    }
    return this._promise;
  }

  get [Symbol.toStringTag](): string {
    return "Future";
  }

  /** util.inspect shows the String() form */
  [INSPECT](): string {
    return this.toString();
  }

  toString(): string {
    return `<Future ${this._stateName()}>`;
  }
}

/**
 * The iterator behind `yield* fut`: a hand-written two-state iterator rather than a generator,
 * because it is on every await's path and a generator object costs a frame and a resume.
 * First next(): a pending future is yielded to the task driver (marked as blocking, so that a
 * plain `yield fut` can be told apart and refused); a done one returns its result at once.
 * Then next(): the result (the driver resumes us only once the future is done). throw(e): the
 * driver delivers the future's error or a cancellation; it propagates to the awaiting code.
 */
Future.prototype[CORE_WAIT] = false;

/** @internal next() of an iterator that awaits `f` (FutureIter, sleep's SleepIter): the first call
 *  yields the pending future to the task driver; the next one (the future is done) returns its
 *  result. */
export function _awaitNext<T>(it: { _started: boolean }, f: Future<T>): IteratorResult<unknown, T> {
  if (!it._started && f._state === PENDING) {
    it._started = true;
    f._blocking = true;
    return { done: false, value: f };
  }
  // Thrown here rather than by result(), and never from inside the result object's literal: an
  // object literal begun around a call that throws made the throw ~2x as costly (V8, measured:
  // 820 against 411 ns with a function that throws from one call down).
  if (f._state !== FINISHED) throw f._error();
  return { done: true, value: f._result as T };
}

export class FutureIter<T> implements Iterator<unknown, T, unknown> {
  /** @internal */ _started = false;
  constructor(private readonly fut: Future<T>) {}
  next(): IteratorResult<unknown, T> {
    return _awaitNext(this, this.fut);
  }
  throw(e: unknown): IteratorResult<unknown, T> {
    throw e;
  }
  return(v?: any): IteratorResult<unknown, T> {
    return { done: true, value: v };
  }
  [Symbol.iterator](): this {
    return this;
  }
}

/** @internal a future named by what it stands for (a stream read, a drain), so that
 *  dumpTasks(), `wasyncio ps` and traces say what a task waits on */
export class _NamedFuture<T> extends Future<T> {
  /** @internal */ readonly _what: string;
  constructor(loop: EventLoop, what: string) {
    super(loop);
    this._what = what;
  }
  toString(): string {
    return `<${this._what} ${this._stateName()}>`;
  }
}

/**
 * asyncio.isfuture: a wasyncio Future or Task (duck-typed, as asyncio does).
 * @example
 * ```ts
 * await run(function* () {
 *   console.log(isFuture(createTask(sleep(1))), isFuture(sleep(1))); // true false
 * });
 * ```
 */
export function isFuture(x: unknown): x is Future<unknown> {
  return x instanceof Future;
}

/** Completes `fut` with `value` unless it was cancelled meanwhile (futures._set_result_unless_cancelled). */
export function _setResultUnlessCancelled<T>(fut: Future<T>, value: T): void {
  if (fut._state === PENDING) fut.setResult(value);
}

