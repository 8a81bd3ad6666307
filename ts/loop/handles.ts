// handles.ts: what the loop's handle table holds (CPython events.py Handle, TimerHandle).
// A Handle is a callback and its arguments; its core id (`_id`) is non-zero exactly while the
// core has it scheduled (in the ready ring or the timer heap). A TimerFuture is sleep()'s future
// and its own timer, so a sleep costs one object. The loop (loop.ts) runs them: `_run()` is
// called only from its iteration.
//
// Invariant: `loop._handles[h._id] === h` while `h._id !== 0`; cancel() of a scheduled timer
// tells the core (timerCancel, counted for the lazy-drop rule) and clears both at once.

import { escapesLoop } from "../errors.js";
import { Future } from "../tasks/future.js";
import type { EventLoop } from "./loop.js";
import { _recordSource } from "./debug.js";
import { _CTX, _runIn, copyContext, Context } from "../tasks/contextvars.js";
import { INSPECT } from "../inspect.js";

/** contextvars' shared state as a module-local const (an imported binding is read through its
 *  module cell at every use) */
const CTX = _CTX;

/**
 * A callback scheduled with callSoon (asyncio.Handle).
 * @example
 * ```ts
 * await run(function* () {
 *   const h: Handle = getRunningLoop().callSoon(() => console.log("never"));
 *   h.cancel();
 *   console.log(h.cancelled()); // true
 * });
 * ```
 */
export class Handle {
  /** @internal */ _cb: ((...a: any[]) => unknown) | null;
  /** @internal */ _args: unknown[] | null;
  /** @internal */ _loop: EventLoop;
  /** @internal */ _cancelled = false;
  /** @internal core handle id while scheduled, 0 once it ran or was dropped */
  _id = 0;
  /** @internal the context the callback runs in: a copy of the one current at registration
   *  (null while no ContextVar exists: every context is empty then) */
  _context: Context | null;

  /** `context`: the context to run in (a done callback's, registered earlier); by default a
   *  copy of the current one */
  constructor(cb: (...a: any[]) => unknown, args: unknown[] | null, loop: EventLoop, context?: Context | null) {
    this._cb = cb;
    this._args = args;
    this._loop = loop;
    this._context = context !== undefined ? context : CTX.on ? copyContext() : null;
    if (loop._debug) _recordSource(this);
  }

  /** The context the callback runs in. */
  getContext(): Context {
    return (this._context ??= new Context());
  }

  /** Idempotent. The callback will not run; its references are dropped. */
  cancel(): void {
    if (this._cancelled) return;
    this._cancelled = true;
    this._cb = null;
    this._args = null;
  }

  cancelled(): boolean {
    return this._cancelled;
  }

  /** @internal */
  _run(): void {
    const cb = this._cb!;
    const args = this._args;
    try {
      if (CTX.on) _runIn(this._context ??= new Context(), cb, args);
      else if (args === null) cb();
      else if (args.length === 1) cb(args[0]);
      else cb(...args);
    } catch (e) {
      if (escapesLoop(e)) throw e;
      this._loop.callExceptionHandler({ message: `Exception in callback ${cb.name || "anonymous"}`, exception: e, handle: this });
    }
  }

  /** util.inspect shows the String() form */
  [INSPECT](): string {
    return this.toString();
  }

  toString(): string {
    const name = this._cb?.name || "anonymous";
    return `<Handle ${this._cancelled ? "cancelled" : name}>`;
  }
}

/**
 * A callback scheduled with callLater / callAt (asyncio.TimerHandle).
 * @example
 * ```ts
 * await run(function* () {
 *   const loop = getRunningLoop();
 *   const h: TimerHandle = loop.callLater(100, () => console.log("later"));
 *   console.log(h.when() - loop.time() <= 100); // true
 *   h.cancel();
 * });
 * ```
 */
export class TimerHandle extends Handle {
  /** @internal */ _when: number;

  constructor(when: number, cb: (...a: any[]) => unknown, args: unknown[] | null, loop: EventLoop) {
    super(cb, args, loop);
    this._when = when;
  }

  /** The loop time (ms) the callback is scheduled for. */
  when(): number {
    return this._when;
  }

  cancel(): void {
    if (this._cancelled) return;
    super.cancel();
    if (this._id !== 0) {
      // Still in the heap: the core counts it for the lazy-drop rule and frees the id on drop.
      this._loop._core.timerCancel(this._id);
      this._loop._handles[this._id] = undefined;
      this._id = 0;
    }
  }

  toString(): string {
    return `<TimerHandle when=${this._when} ${this._cancelled ? "cancelled" : this._cb?.name || "anonymous"}>`;
  }
}

/**
 * A future that is its own timer (sleep's): the loop's handle table holds it like a TimerHandle,
 * and running it sets its result. One object instead of a future plus a handle, an argument
 * array and a closure; cancelling the future cancels the timer.
 */
export class TimerFuture<T> extends Future<T> {
  /** @internal core handle id while the timer is scheduled, else 0 */
  _id = 0;
  /** @internal the handle protocol of the ready batch: always false, a cancel unregisters */
  _cancelled = false;
  /** @internal */ _value: T;
  constructor(loop: EventLoop, value: T) {
    super(loop);
    this._value = value;
  }
  /** @internal the timer fired */
  _run(): void {
    if (this._state === 0) this.setResult(this._value);
  }
  /** what a task waiting on it waits for, as dumpTasks() and traces say it */
  toString(): string {
    return `<sleep ${this._stateName()}>`;
  }
  cancel(msg?: string): boolean {
    if (!super.cancel(msg)) return false;
    if (this._id !== 0) {
      this._loop._core.timerCancel(this._id);
      this._loop._handles[this._id] = undefined;
      this._id = 0;
    }
    return true;
  }
}

