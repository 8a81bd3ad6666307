// fast-op.ts: FastOp, the Op of an operation that usually completes at once (an uncontended
// acquire, a get from a non-empty queue, a read of buffered bytes): `yield*` of a fresh one makes
// its one core call at the first next() and, when that completes, runs no generator at all (an
// uncontended acquire+release measured ~100 ns on a loaded 2-core machine, against ~200 ns
// through the three generators of a plain Op). Lazy and run-once as every Op.
//
// The first await of a FastOp iterates the op itself (its next/throw/return below), so a get()
// or put() that completes allocates the op and, for a get, its result object, and nothing else
// (a separate iterator object was 48 bytes and a fifth of the allocation per item of a
// Queue(100) hand-over, measured with V8's sampling heap profiler).

import { Op } from "../tasks/op.js";
import type { Future } from "../tasks/future.js";
import type { Coro } from "../tasks/task.js";

const FRESH = 0;
/** @internal */
export const RESULT_TRUE: IteratorReturnResult<true> = Object.freeze({ done: true, value: true }) as IteratorReturnResult<true>;
const RESULT_VOID: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined }) as IteratorReturnResult<undefined>;

/** `_it` once the first await is over without a generator: later calls report it done */
const OVER: Iterator<unknown, any, unknown> = Object.freeze({
  next: () => RESULT_VOID,
  throw(e: unknown): never {
    throw e;
  },
  return: (v: unknown) => ({ done: true, value: v }),
}) as Iterator<unknown, any, unknown>;
/** `_it` of an op handed out as its own iterator whose first next() has not come yet (a marker:
 *  never called) */
const SELF = Object.freeze({}) as Iterator<unknown, any, unknown>;

/** yield* reads only done and value: the common results are shared frozen objects */
function completed<T>(v: T): IteratorResult<unknown, T> {
  if (v === undefined) return RESULT_VOID as IteratorResult<unknown, T>;
  if (v === (true as unknown)) return RESULT_TRUE as IteratorResult<unknown, T>;
  return { done: true, value: v };
}

/**
 * The first next() of an await of a fresh FastOp: the whole core call. null when the operation
 * completed (the op is done, its result in _value); otherwise the generator the await delegates
 * to from where the call left off (the op parked, or someone else had started it), not yet run.
 */
function begin<T>(op: FastOp<T>): Generator<unknown, T, unknown> | null {
  if (op._state !== FRESH || op._fut !== null) {
    // Someone else started it meanwhile: wait for its outcome as any Op does.
    return Op.prototype[Symbol.iterator].call(op) as Generator<unknown, T, unknown>;
  }
  if (op._watch !== null) op._watch.awaited = true;
  let done: boolean;
  try {
    done = op._try();
  } catch (e) {
    op._body = null;
    op._settle(false, e);
    throw e;
  }
  if (!done) {
    op._body = () => op._slow();
    return op._run();
  }
  const r = op._r;
  op._r = undefined;
  op._body = null;
  op._settle(true, r);
  return null;
}

/**
 * A second await of a fresh FastOp that began before the first one's first next() (a manual
 * iteration): whichever next() comes first runs the operation, the other waits for its outcome.
 * A generator, so lazy: a throw() or return() before its first next() leaves the op unrun.
 */
function* awaitOther<T>(op: FastOp<T>): Generator<unknown, T, unknown> {
  const g = begin(op);
  return g === null ? (op._value as T) : yield* g;
}

/** @internal A FastOp's own fields, for the flat subclasses that do not call its constructor
 *  (GetOp, PutOp, ParkOp: see ts/sync/park.ts for why), after initOp. */
export function initFastOp(o: FastOp<any>): void {
  o._r = undefined;
  o._it = null;
}

/**
 * An Op whose operation usually completes at once (an uncontended acquire, a get from a
 * non-empty queue): `yield*` of a fresh one runs no generator when it does, iterating the op
 * itself. Otherwise, and when awaited through then(), it is a normal Op. Lazy and run-once as
 * every Op.
 */
export abstract class FastOp<T> extends Op<T> {
  /** @internal the result of a _try() that completed */
  declare _r: T | undefined;
  /** @internal the first await, which iterates the op itself: null before it began; SELF until
   *  its first next(); then OVER, or the generator it delegates to once the op parked */
  declare _it: Iterator<unknown, T, unknown> | null;

  constructor() {
    super(null as unknown as () => Coro<T>);
    initFastOp(this);
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
    if (this._try()) {
      const r = this._r as T;
      this._r = undefined;
      return r;
    }
    return yield* this._slow();
  }

  [Symbol.iterator](): Generator<unknown, T, unknown> {
    if (this._state !== FRESH || this._fut !== null) return super[Symbol.iterator]();
    if (this._it !== null) return awaitOther(this);
    this._it = SELF;
    return this as unknown as Generator<unknown, T, unknown>;
  }

  /** @internal the first await's iterator protocol (see _it); also what a caller that drives the
   *  op as a coroutine without asking for its iterator gets */
  next(v?: unknown): IteratorResult<unknown, T> {
    const it = this._it;
    if (it !== SELF && it !== null) return it.next(v);
    const g = begin(this);
    if (g === null) {
      this._it = OVER;
      return completed(this._value as T);
    }
    this._it = g;
    return g.next();
  }
  /** @internal */
  throw(e: unknown): IteratorResult<unknown, T> {
    const it = this._it;
    if (it !== SELF && it !== null) return it.throw!(e);
    this._it = OVER;
    throw e;
  }
  /** @internal */
  return(v: T): IteratorResult<unknown, T> {
    const it = this._it;
    if (it !== SELF && it !== null) return it.return!(v);
    this._it = OVER;
    return { done: true, value: v };
  }
}
