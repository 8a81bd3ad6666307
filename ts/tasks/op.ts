// op.ts: Op<T>, the lazy awaitable that asyncio's coroutine-defined operations return
// (sleep, Lock.acquire, Queue.get, waitFor, timeout, taskGroup, ...).
//
// Nothing happens until an Op is first awaited. `yield* op` then runs its body inline in the
// awaiting task, exactly as `await coro()` runs a coroutine inside the caller in asyncio (zero
// extra iterations). `await op` from an async function runs it as a task on the running loop.
// Either way it runs once and remembers its outcome: awaiting it again, or racing it with
// Promise.race and awaiting it after, gives the same outcome and never takes a second item.
//
// Cancellation: an Op awaited inline is cancelled with its task (the CancelledError is thrown
// in at its suspension point); an Op run through then() is its own task, cancelled when the
// async task awaiting it is.

import { CancelledError } from "../errors.js";
import { Future, PENDING } from "./future.js";
import { getRunningLoop, _getRunningLoopOrNull } from "../loop/running.js";
import { _watchUnawaited, _reportReuse } from "../loop/debug.js";
import type { EventLoop } from "../loop/loop.js";
import type { Coro } from "./task.js";

const FRESH = 0;
const RUNNING = 1;
const DONE = 2;

/** @internal An Op's fields, set in one place: Op's constructor, and the flat hot Ops that do
 *  not call it (ParkOp; see ts/sync/park.ts for why). */
export function initOp(o: Op<any>, body: (() => Coro<any>) | null): void {
  o._body = body;
  o._state = FRESH;
  o._ok = false;
  o._value = undefined;
  o._fut = null;
  o._fromThen = false;
  o._watch = null;
  const loop = _getRunningLoopOrNull();
  if (loop !== null && loop._debug) o._watch = _watchUnawaited(o, loop);
}

/**
 * @example
 * ```ts
 * await run(function* () {
 *   const op: Op<void> = sleep(10); // lazy: nothing happens until it is awaited
 *   yield* op;                       // runs it
 *   yield* op;                       // remembered: returns at once
 *   console.log(String(op));         // <Op sleep 10ms done>
 * });
 * ```
 */
export class Op<T> implements PromiseLike<T> {
  /** @internal */ declare _body: (() => Coro<T>) | null;
  /** @internal */ declare _state: number;
  /** @internal */ declare _ok: boolean;
  /** @internal */ declare _value: unknown;
  /** @internal the task running this op for then(), or the completion future of a second awaiter */
  declare _fut: Future<T> | null;
  /** @internal true when _fut is a task that drives the body */
  declare _fromThen: boolean;
  /** @internal debug mode: marked when first awaited (ts/loop/debug.ts) */
  declare _watch: { awaited: boolean; loop: EventLoop } | null;

  constructor(body: () => Coro<T>) {
    initOp(this, body);
  }

  *[Symbol.iterator](): Generator<unknown, T, unknown> {
    if (this._state === DONE) {
      if (this._watch !== null && !this._fromThen) _reportReuse(this._watch.loop, "An Op");
      return this._outcome();
    }
    if (this._state === RUNNING || this._fut !== null) return yield* this._completion();
    return yield* this._run();
  }

  /** @internal runs the body once, inline in whichever task drives this generator */
  *_run(): Generator<unknown, T, unknown> {
    this._state = RUNNING;
    if (this._watch !== null) this._watch.awaited = true;
    const body = this._body!;
    this._body = null;
    let v: T;
    try {
      v = yield* body();
    } catch (e) {
      this._settle(false, e);
      throw e;
    }
    this._settle(true, v);
    return v;
  }

  then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: any) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    let f: Future<T>;
    try {
      if (this._state === DONE) {
        return (this._ok ? Promise.resolve(this._value as T) : Promise.reject(this._value)).then(onfulfilled, onrejected);
      }
      f = this._fut ?? this._startAsTask();
    } catch (e) {
      return Promise.reject(e).then(onfulfilled, onrejected);
    }
    return f.then(onfulfilled, onrejected);
  }

  /** @internal run the body as a task of the running loop (then(), ensureFuture) */
  _startAsTask(): Future<T> {
    const loop = getRunningLoop();
    if (this._state === FRESH) {
      this._fromThen = true;
      this._fut = loop.createTask(this._run());
      return this._fut;
    }
    return this._completion();
  }

  /** @internal */
  private _completion(): Future<T> {
    if (this._fut === null) this._fut = getRunningLoop().createFuture<T>();
    return this._fut;
  }

  /** @internal */
  /** @internal records the outcome and settles the completion future of other awaiters */
  _settle(ok: boolean, v: unknown): void {
    this._state = DONE;
    this._ok = ok;
    this._value = v;
    const f = this._fut;
    if (f !== null && !this._fromThen && f._state === PENDING) {
      if (ok) f.setResult(v as T);
      else if (v instanceof CancelledError) f.cancel(v.message || undefined);
      else f.setException(v);
    }
  }

  /** @internal */
  private _outcome(): T {
    if (this._ok) return this._value as T;
    throw this._value;
  }

  get [Symbol.toStringTag](): string {
    return "Op";
  }

  /** `<Op get pending>`: the operation (its class, or its body's function name) and its state. */
  toString(): string {
    const c = this.constructor.name;
    const name = c !== "FastOp" && c.length > 2 && c.endsWith("Op") ? c[0].toLowerCase() + c.slice(1, -2) : (this._body?.name ?? "").replace(/^bound /, "");
    return `<Op${name ? ` ${name}` : ""} ${this._state === FRESH ? "pending" : this._state === RUNNING ? "running" : "done"}>`;
  }
}

/**
 * Makes an Op from a generator function.
 * @example
 * ```ts
 * const handshake = () => op(function* () {
 *   yield* sleep(5);
 *   return "ok";
 * });
 * console.log(await run(handshake())); // ok
 * ```
 */
export function op<T>(body: () => Coro<T>): Op<T> {
  return new Op(body);
}

function* raise(e: unknown): Coro<never> {
  throw e;
}

/** @internal an Op whose first await raises `e`: an Op-returning call's argument error, which
 *  asyncio raises where the coroutine is awaited, not where it is called */
export function _failedOp<T>(e: unknown): Op<T> {
  return new Op<T>(raise.bind(null, e) as () => Coro<T>);
}
