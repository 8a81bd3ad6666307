// sleep.ts: sleep() (asyncio.sleep). `sleep(0)` (and any ms <= 0) is exactly one bare yield;
// a longer sleep is one TimerFuture in the loop's handle table (ts/loop/handles.ts), no closure.

import { describe, _cancelledError } from "../errors.js";
import { Future, PENDING, _setResultUnlessCancelled, _awaitNext } from "./future.js";
import { getRunningLoop, _getRunningLoopOrNull } from "../loop/running.js";
import { _watchUnawaited, _reportReuse } from "../loop/debug.js";
import { _isOp, _isGeneratorObject, _isThenable } from "./coroutine.js";
import { Op } from "./op.js";
import { _await } from "./create.js";
import { _failedOp } from "./op.js";

/** @internal a delay or timeout argument in ms: a number, not NaN */
export function _checkDelay(ms: unknown, what: string): number {
  if (typeof ms !== "number") throw new TypeError(`The ${what} must be a number of milliseconds: received ${describe(ms)}`);
  if (Number.isNaN(ms)) throw new RangeError(`Invalid ${what}: NaN (not a number)`);
  return ms;
}

/** Suspends the task for `ms` milliseconds; `ms <= 0` gives up exactly one loop iteration.
 *  Cancellation: the timer is cancelled and CancelledError raised at once.
 * @example
 * ```ts
 * await run(function* () {
 *   yield* sleep(100);                  // asyncio.sleep(0.1)
 *   const v = yield* sleep(10, "done"); // the result is given back
 *   console.log(v);                     // "done"
 * });
 * ```
 */
export function sleep<T = void>(ms: number, result?: T): Op<T> {
  try {
    _checkDelay(ms, "delay");
    return new SleepOp<T>(ms, result as T) as unknown as Op<T>;
  } catch (e) {
    return _failedOp(e);
  }
}

/**
 * sleep()'s Op, hand-written because it is the hottest awaitable: its own iterator (no
 * generator), one Future and one timer. Awaited again it awaits the same future, so it runs once
 * and remembers its outcome like every Op. Cancellation: the timer is cancelled at once.
 */
class SleepOp<T> implements PromiseLike<T> {
  /** @internal */ _fut: Future<T> | null = null;
  /** @internal bare-yield state for ms <= 0: 0 fresh, 1 yielded, 2 done */
  _yielded = 0;
  /** @internal the op is its own iterator the first time it is awaited */
  _started = false;
  /** @internal debug mode: the "never awaited" record (ts/loop/debug.ts) */
  _watch: { awaited: boolean; loop: import("../loop/loop.js").EventLoop } | null = null;
  constructor(readonly ms: number, readonly result: T) {
    const loop = _getRunningLoopOrNull();
    if (loop !== null && loop._debug) this._watch = _watchUnawaited(this, loop);
  }

  /** @internal */
  _future(): Future<T> {
    if (this._fut === null) {
      const loop = getRunningLoop();
      if (this.ms <= 0) {
        const f = (this._fut = new Future<T>(loop));
        loop.callSoon(_setResultUnlessCancelled, f, this.result);
      } else this._fut = loop._timerFuture(loop.time() + this.ms, this.result);
    }
    return this._fut;
  }

  [Symbol.iterator](): Iterator<unknown, T, unknown> {
    const w = this._watch;
    if (w !== null) {
      if (w.awaited && (this._yielded === 2 || this._fut?.done())) _reportReuse(w.loop, "A sleep() Op");
      w.awaited = true;
    }
    if (this.ms <= 0 && this._fut === null) return new BareYield(this);
    if (!this._started) return this;
    return new SleepIter(this);
  }

  // The iterator protocol of the first await (see SleepIter for the same on later awaits).
  next(): IteratorResult<unknown, T> {
    const f = this._future();
    if (f._state !== PENDING) this._started = true; // a later await gets a SleepIter of its own
    return _awaitNext(this, f);
  }

  throw(e: unknown): IteratorResult<unknown, T> {
    sleepAborted(this);
    throw e;
  }

  return(v?: any): IteratorResult<unknown, T> {
    return { done: true, value: v };
  }

  then<R1 = T, R2 = never>(a?: ((v: T) => R1 | PromiseLike<R1>) | null, b?: ((r: any) => R2 | PromiseLike<R2>) | null): Promise<R1 | R2> {
    if (this._watch !== null) this._watch.awaited = true;
    let f: Future<T>;
    try {
      f = this._future();
    } catch (e) {
      return Promise.reject(e).then(a, b);
    }
    return f.then(a, b);
  }

  get [Symbol.toStringTag](): string {
    return "Op";
  }

  /** `<Op sleep 1000ms pending>`, as every Op prints (op.ts). */
  toString(): string {
    return `<Op sleep ${this.ms}ms ${this._fut === null ? "pending" : this._fut._state === PENDING ? "running" : "done"}>`;
  }
}

/** The awaiting task was cancelled (or its future failed): the timer goes at once. */
function sleepAborted(op: SleepOp<unknown>): void {
  if (op._fut !== null && op._fut._state === PENDING) op._fut.cancel();
}

/** `yield* sleep(0)`: exactly one bare yield, as asyncio's sleep(0). */
class BareYield<T> implements Iterator<unknown, T, unknown> {
  constructor(private readonly op: SleepOp<T>) {}
  next(): IteratorResult<unknown, T> {
    if (this.op._yielded === 0) {
      getRunningLoop();
      this.op._yielded = 1;
      return { done: false, value: undefined };
    }
    this.op._yielded = 2;
    return { done: true, value: this.op.result };
  }
  throw(e: unknown): IteratorResult<unknown, T> {
    this.op._yielded = 2;
    throw e;
  }
  return(v?: any): IteratorResult<unknown, T> {
    return { done: true, value: v };
  }
  [Symbol.iterator](): this {
    return this;
  }
}

class SleepIter<T> implements Iterator<unknown, T, unknown> {
  /** @internal */ _started = false;
  constructor(private readonly op: SleepOp<T>) {}
  next(): IteratorResult<unknown, T> {
    return _awaitNext(this, this.op._future());
  }
  throw(e: unknown): IteratorResult<unknown, T> {
    sleepAborted(this.op);
    throw e;
  }
  return(v?: any): IteratorResult<unknown, T> {
    return { done: true, value: v };
  }
  [Symbol.iterator](): this {
    return this;
  }
}
