// fast-op.ts: FastOp, the Op of an operation that usually completes at once (an uncontended
// acquire, a get from a non-empty queue, a read of buffered bytes): `yield*` of a fresh one makes
// its one core call at the first next() and, when that completes, runs no generator at all (an
// uncontended acquire+release measured ~100 ns on a loaded 2-core machine, against ~200 ns
// through the three generators of a plain Op). Lazy and run-once as every Op.

import { Op } from "../tasks/op.js";
import type { Future } from "../tasks/future.js";
import type { Coro } from "../tasks/task.js";

const FRESH = 0;
const DONE = 2;
const RESULT_TRUE: IteratorReturnResult<true> = Object.freeze({ done: true, value: true }) as IteratorReturnResult<true>;

/**
 * The iterator of a fresh FastOp. Its first next() makes the whole core call; when that
 * completes, it is done at once (no generator runs). Otherwise it delegates to the Op's normal
 * run from where the call left off. Lazy like a generator: nothing happens before the first
 * next() (so `createTask(lock.acquire())` acquires at the task's first step), and a throw()
 * before it (a task cancelled before it started) leaves the Op unrun.
 */
class FastIterator<T> implements Iterator<unknown, T, unknown> {
  /** @internal */ _op: FastOp<T>;
  /** @internal the delegate once the operation parked */
  _gen: Generator<unknown, T, unknown> | null = null;
  /** @internal */ _started = false;
  constructor(op: FastOp<T>) {
    this._op = op;
  }
  next(v?: unknown): IteratorResult<unknown, T> {
    if (this._gen !== null) return this._gen.next(v);
    if (this._started) return { done: true, value: undefined as T };
    this._started = true;
    const op = this._op;
    if (op._state !== FRESH || op._fut !== null) {
      // Someone else started it meanwhile: wait for its outcome as any Op does.
      this._gen = Op.prototype[Symbol.iterator].call(op) as Generator<unknown, T, unknown>;
      return this._gen.next();
    }
    if (op._watch !== null) op._watch.awaited = true;
    let done: boolean;
    try {
      done = op._try();
    } catch (e) {
      op._body = null;
      op._state = DONE;
      op._ok = false;
      op._value = e;
      throw e;
    }
    if (!done) {
      op._body = () => op._slow();
      this._gen = op._run();
      return this._gen.next();
    }
    const r = op._r as T;
    op._body = null;
    op._state = DONE;
    op._ok = true;
    op._value = r;
    // yield* only reads done and value: completed acquires share one result object.
    return r === (true as unknown) ? (RESULT_TRUE as IteratorResult<unknown, T>) : { done: true, value: r };
  }
  throw(e: unknown): IteratorResult<unknown, T> {
    if (this._gen !== null) return this._gen.throw(e);
    this._started = true;
    throw e;
  }
  return(v: T): IteratorResult<unknown, T> {
    if (this._gen !== null) return this._gen.return(v);
    this._started = true;
    return { done: true, value: v };
  }
  [Symbol.iterator](): this {
    return this;
  }
}

/**
 * An Op whose operation usually completes at once (an uncontended acquire, a get from a
 * non-empty queue): `yield*` of a fresh one runs no generator when it does (FastIterator).
 * Otherwise, and when awaited through then(), it is a normal Op. Lazy and run-once as every Op.
 */
export abstract class FastOp<T> extends Op<T> {
  /** @internal the result of a _try() that completed */
  _r: T | undefined = undefined;

  constructor() {
    super(null as unknown as () => Coro<T>);
  }

  /** @internal then() / ensureFuture(): the whole operation runs as a task of its own */
  _startAsTask(): Future<T> {
    if (this._state === FRESH && this._fut === null) this._body = () => this._all();
    return super._startAsTask();
  }

  /** @internal the whole operation: true when it completed (result in _r); false when it parked */
  abstract _try(): boolean;
  /** @internal what follows a _try() that parked */
  abstract _slow(): Coro<T>;

  /** @internal */
  *_all(): Coro<T> {
    if (this._try()) return this._r as T;
    return yield* this._slow();
  }

  [Symbol.iterator](): Generator<unknown, T, unknown> {
    if (this._state !== FRESH || this._fut !== null) return super[Symbol.iterator]();
    return new FastIterator(this) as unknown as Generator<unknown, T, unknown>;
  }
}
