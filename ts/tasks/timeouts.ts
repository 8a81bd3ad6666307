// timeouts.ts: timeout() / timeoutAt() and Timeout (CPython Lib/asyncio/timeouts.py).
//
// The scope is a callback: `yield* timeout(50, function* (t) { ... })`. At the deadline the
// task is cancelled; on the way out, the CancelledError becomes a TimeoutError only if this
// timeout caused it and no other cancellation is pending (task.uncancel() <= the count seen at
// entry). Foreign cancellations pass through unchanged; of nested timeouts expiring in the same
// iteration only the outermost converts.

import { CancelledError, RuntimeError, TimeoutError, ExceptionGroup, describe } from "../errors.js";
import { getRunningLoop } from "../loop/running.js";
import { Op } from "./op.js";
import type { Task, Coro } from "./task.js";
import type { EventLoop, Handle } from "../loop/loop.js";
import { _failedOp } from "./op.js";
import { INSPECT } from "../inspect.js";
import { type BlockResult, _checkBlockBody, _checkBlockCoro } from "./coroutine.js";

const CREATED = "created";
const ENTERED = "active";
const EXPIRING = "expiring";
const EXPIRED = "expired";
const EXITED = "finished";

/**
 * @example
 * ```ts
 * await run(function* () {
 *   yield* timeout(null, function* (t: Timeout) {
 *     t.reschedule(getRunningLoop().time() + 100); // a deadline known only now
 *     yield* sleep(10);
 *     console.log(t.expired()); // false
 *   });
 * });
 * ```
 */
export class Timeout {
  /** @internal */ _state: string = CREATED;
  /** @internal */ _when: number | null;
  /** @internal */ _handle: Handle | null = null;
  /** @internal */ _task: Task<unknown> | null = null;
  /** @internal */ _cancelling = 0;
  /** @internal */ _loop: EventLoop;

  constructor(when: number | null, loop: EventLoop = getRunningLoop()) {
    this._when = when;
    this._loop = loop;
  }

  /** The deadline in loop time (ms), or null for none. */
  when(): number | null {
    return this._when;
  }

  /** Moves the deadline (null disables it); a deadline already past fires on the next iteration. */
  reschedule(when: number | null): void {
    if (this._state !== ENTERED) {
      if (this._state === CREATED) throw new RuntimeError("Timeout has not been entered");
      throw new RuntimeError(`Cannot change state of ${this._state} Timeout`);
    }
    if (when !== null && (typeof when !== "number" || Number.isNaN(when))) throw new TypeError(`A deadline must be a number of milliseconds or null: received ${describe(when)}`);
    this._when = when;
    this._handle?.cancel();
    if (when === null) this._handle = null;
    else if (when <= this._loop.time()) this._handle = this._loop.callSoon(this._onTimeout);
    else this._handle = this._loop.callAt(when, this._onTimeout);
  }

  expired(): boolean {
    return this._state === EXPIRING || this._state === EXPIRED;
  }

  /** @internal __aenter__ */
  _enter(task: Task<unknown> | null): void {
    if (this._state !== CREATED) throw new RuntimeError("Timeout has already been entered");
    if (task === null) throw new RuntimeError("Timeout should be used inside a task");
    this._state = ENTERED;
    this._task = task;
    this._cancelling = task.cancelling();
    this.reschedule(this._when);
  }

  /** @internal __aexit__: returns the error to raise instead, or undefined to keep `exc` */
  _exit(hasExc: boolean, exc: unknown): unknown {
    this._handle?.cancel();
    this._handle = null;
    if (this._state === EXPIRING) {
      this._state = EXPIRED;
      if (this._task!.uncancel() <= this._cancelling && hasExc) {
        if (exc instanceof CancelledError) return new TimeoutError("The timeout expired", { cause: exc });
        if (exc instanceof ExceptionGroup) {
          // 3.13 records the timeout in each error's context; JS has `cause` only, which we leave.
        }
      }
    } else if (this._state === ENTERED) this._state = EXITED;
    return undefined;
  }

  /** @internal */
  private _onTimeout = (): void => {
    this._task!.cancel();
    this._state = EXPIRING;
    this._handle = null;
  };

  /** util.inspect shows the String() form */
  [INSPECT](): string {
    return this.toString();
  }

  toString(): string {
    const info = this._state === ENTERED ? `[active] when=${this._when}` : `[${this._state}]`;
    return `<Timeout ${info}>`;
  }
}

/** The body of a timeout()/timeoutAt() Op: asyncio's `async with timeout(...)` around `body`.
 *  A module-level generator function (bound per call), never a fresh generator closure: V8
 *  charges ~2 us to create and first run a generator from a closure made per call. */
function* runScope<T>(relative: boolean, ms: number | null, body: (t: Timeout) => BlockResult<T>): Coro<T> {
  const loop = getRunningLoop();
  const t = new Timeout(ms === null ? null : relative ? loop.time() + ms : ms, loop);
  t._enter(loop._currentTask);
  let v: T;
  try {
    v = yield* _checkBlockCoro<T>(body(t), "A timeout body");
  } catch (e) {
    const replaced = t._exit(true, e);
    if (replaced !== undefined) throw replaced;
    throw e;
  }
  t._exit(false, undefined);
  return v;
}

function scope<T>(relative: boolean, ms: number | null, body: (t: Timeout) => BlockResult<T>): Op<T> {
  _checkBlockBody(body, "A timeout body");
  return new Op<T>(runScope.bind(null, relative, ms, body) as () => Coro<T>);
}

function checkMs(v: unknown, what: string): number | null {
  if (v === null) return null;
  if (typeof v !== "number") throw new TypeError(`The ${what} must be a number of milliseconds or null: received ${describe(v)}`);
  if (Number.isNaN(v)) throw new RangeError(`Invalid ${what}: NaN (not a number)`);
  return v;
}

/** Runs `body` with a deadline `ms` from now (null: none); TimeoutError when it passes.
 *  Cancellation: a cancellation from outside passes through as CancelledError.
 * @example
 * ```ts
 * await run(function* () {
 *   try {
 *     yield* timeout(50, function* (t) {
 *       yield* sleep(1000);
 *     });
 *   } catch (e) {
 *     if (!(e instanceof TimeoutError)) throw e;
 *     console.log("took more than 50 ms");
 *   }
 * });
 * ```
 */
export function timeout<T>(ms: number | null, body: (t: Timeout) => BlockResult<T>): Op<T> {
  try {
    return scope(true, checkMs(ms, "timeout"), body);
  } catch (e) {
    return _failedOp(e);
  }
}

/**
 * Like timeout(), with an absolute deadline in loop time (see loop.time()).
 * @example
 * ```ts
 * await run(function* () {
 *   const deadline = getRunningLoop().time() + 50;
 *   const r = yield* timeoutAt(deadline, function* () {
 *     return yield* sleep(10, "in time");
 *   });
 *   console.log(r);
 * });
 * ```
 */
export function timeoutAt<T>(when: number | null, body: (t: Timeout) => BlockResult<T>): Op<T> {
  try {
    return scope(false, checkMs(when, "deadline"), body);
  } catch (e) {
    return _failedOp(e);
  }
}
