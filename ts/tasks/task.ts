// task.ts: Task, a Future that drives a coroutine (CPython Lib/asyncio/tasks.py Task.__step).
//
// A generator coroutine is stepped by the loop with next(value) / throw(error); every wasyncio
// awaitable yields a Future to this driver, which parks the task on it (the future's waker), a bare
// `yield` gives up one iteration, and anything else is asyncio's "Task got bad yield".
// The cancellation state machine (must-cancel flag, cancel-request count, whether the task waits
// on a future) lives in the core's task table (assembly/task.ts); this file asks it what to do.
//
// Async functions are accepted as task bodies: they run on the microtask queue between their
// awaits, so asyncio's orderings hold for generator coroutines only. They get asyncio's
// cancellation: the task's AbortSignal aborts at cancel(), and where the host tracks async
// context, the CancelledError is delivered at the function's next await of a wasyncio awaitable
// (or the awaited wasyncio future is cancelled, as asyncio cancels _fut_waiter).

import { CancelledError, RuntimeError, escapesLoop, describe, _cancelledError, _checkOptions } from "../errors.js";
import { Future, PENDING, FINISHED, FAILED, CANCELLED, type FutureExtra } from "./future.js";
import type { EventLoop } from "../loop/loop.js";
import { getRunningLoop } from "../loop/running.js";
import { _recordSource } from "../loop/debug.js";
import { CORE_WAIT, type CoreWait } from "../sync/park.js";
import * as ABI from "../../gen/core-abi.js";
import { _CTX, _contextForTask, Context } from "./contextvars.js";
import { GEN_NEXT, GEN_THROW, _coerceCoroutine, _isGenerator, _isGeneratorObject, _isOp, _isThenable, type Body, type Coro, type CoroutineLike, type TaskOptions } from "./coroutine.js";

// The ABI constants as module-local consts: an imported binding is read through its module
// cell at every use (a contended Lock hand-over measured 27% slower, bench/ab.ts); a local
// const is folded into the code.
const CANCEL_DONE = ABI.CANCEL_DONE, CANCEL_WAITER = ABI.CANCEL_WAITER, F_MUST_CANCEL = ABI.F_MUST_CANCEL;
/** contextvars' shared state, as a module-local const for the same reason */
const CTX = _CTX;

export type { Coro, CoroutineLike, TaskOptions };


let taskCounter = 0;
/** createTask()'s option names (`loop` is internal: a task factory's target loop) */
const TASK_KEYS = ["name", "eager", "context", "loop"];
/** The classification of a generator-object body (its generator is stored directly). */
const GEN_BODY: Body = { kind: 0, gen: null as unknown as Coro<any> };

/** No error is waiting to be thrown in at the next step. */
const NO_EXC = Symbol("no exception");

/** A task's rarely used state, kept out of line with its future's (Future._x). */
interface TaskExtra extends FutureExtra {
  fn: ((signal: AbortSignal) => any) | PromiseLike<any> | null;
  stepExc: unknown;
  numCancels: number;
  abort: AbortController | null;
  asyncWaiter: Future<any> | null;
  context: Context | null;
}

/** `e` is how an API reports the abort of a signal whose reason is `reason`: the reason itself,
 *  an AbortError (a DOMException or an Error so named), or the reason turned into a string
 *  (workerd's fetch rejects with `new Error(String(reason))`). */
function isAbortOf(e: unknown, reason: CancelledError): boolean {
  if (e === reason) return true;
  if (e === null || typeof e !== "object") return false;
  const name = (e as { name?: unknown }).name;
  if (name === "AbortError") return true;
  const msg = (e as { message?: unknown }).message;
  return e instanceof Error && (msg === String(reason) || msg === reason.name || (reason.message !== "" && msg === reason.message));
}

/**
 * @example
 * ```ts
 * await run(function* () {
 *   const t: Task<number> = createTask(sleep(1000, 1), { name: "slow" });
 *   yield* sleep(10);
 *   t.cancel("not needed");
 *   try {
 *     yield* t;
 *   } catch (e) {
 *     console.log(e instanceof CancelledError, t.cancelled()); // true true
 *   }
 * });
 * ```
 */
export class Task<T = unknown> extends Future<T> {
  /** @internal the core's task id; 0 once the task is done */
  _id = 0;
  /** @internal */ _coro: Coro<T> | null = null;
  /** @internal true for async-function and promise bodies */
  /** @internal true for async-function and promise bodies (and a function body not started) */
  get _isAsync(): boolean {
    return this._coro === null;
  }
  /** @internal the given name, or the serial number of the default `Task-<n>` (made on demand) */
  _name: string | number;
  /** @internal the future this task waits on (asyncio _fut_waiter), or the core wait it is
   *  parked on (ts/sync/park.ts) */
  _futWaiter: Future<any> | CoreWait | null = null;
  /** @internal the task that created this one (for formatTaskTree); dropped when done */
  _parent: Task<any> | null = null;

  /** @internal a function body not called yet, or the promise an async body returned */
  get _fn(): ((signal: AbortSignal) => any) | PromiseLike<T> | null { return this._tex?.fn ?? null; }
  set _fn(v: ((signal: AbortSignal) => any) | PromiseLike<T> | null) { if (v !== null || this._x !== null) this._extra().fn = v; }
  /** @internal an error to throw in at the next step (bad yield, wrong loop) */
  get _stepExc(): unknown { const x = this._tex; return x === null ? NO_EXC : x.stepExc; }
  set _stepExc(v: unknown) { if (v !== NO_EXC || this._x !== null) this._extra().stepExc = v; }
  /** @internal cancel requests once the core row is freed: the count kept by _keepCancels, or
   *  the usual one (-1 in the out-of-line object: none kept) */
  get _numCancels(): number {
    const n = this._tex?.numCancels ?? -1;
    return n >= 0 ? n : this._state === CANCELLED ? 1 : 0;
  }
  set _numCancels(v: number) { this._extra().numCancels = v; }
  /** @internal */
  get _abort(): AbortController | null { return this._tex?.abort ?? null; }
  set _abort(v: AbortController | null) { if (v !== null || this._x !== null) this._extra().abort = v; }
  /** @internal the wasyncio future an async body awaits now */
  get _asyncWaiter(): Future<any> | null { return this._tex?.asyncWaiter ?? null; }
  set _asyncWaiter(v: Future<any> | null) { if (v !== null || this._x !== null) this._extra().asyncWaiter = v; }

  /** @internal the task's contextvars context: a copy of the one current at its creation, or
   *  the one given; null while that would be empty (made on first use, contextvars.ts). Out of
   *  line: a field of its own made spawning measurably slower. */
  get _context(): Context | null { return this._tex?.context ?? null; }
  set _context(v: Context | null) { if (v !== null || this._x !== null) this._extra().context = v; }

  /** @internal the rarely used state, the future's and the task's in one object (so a task has
   *  one field for it, not two): made on first use. The literal repeats Future._extra()'s four
   *  initial values on purpose: `{ ...FUTURE_EXTRA, fn: null, … }` from one shared template made
   *  the 20k-task cancel workload ~5x slower (298–334 ms against 61–78, measured when every
   *  cancelled task made one). */
  _extra(): TaskExtra {
    return (this._x ??= <TaskExtra>{
      cancelMessage: undefined,
      promise: null,
      logTraceback: false,
      tb: null,
      fn: null,
      stepExc: NO_EXC,
      numCancels: -1,
      abort: null,
      asyncWaiter: null,
      context: null,
    }) as TaskExtra;
  }
  /** @internal _x, which on a task is always a TaskExtra */
  get _tex(): TaskExtra | null {
    return this._x as TaskExtra | null;
  }

  constructor(coro: CoroutineLike<T>, opts?: TaskOptions, loop: EventLoop = opts?.loop ?? getRunningLoop()) {
    super(loop);
    // The common case first: a generator object (a coroutine), with no allocation to classify it;
    // then another object that iterates as one (next and throw, not thenable).
    const c = coro as any;
    const body: Body = c !== null && typeof c === "object" && (_isGenerator(c) || (typeof c.next === "function" && typeof c.throw === "function" && typeof c.then !== "function" && !(c instanceof Future)))
      ? (this._coro = c, GEN_BODY)
      : _coerceCoroutine(coro);
    if (opts !== undefined) {
      _checkOptions(opts, TASK_KEYS, "createTask()");
      if (opts.context !== undefined && opts.context !== null) {
        if (!(opts.context instanceof Context)) throw new TypeError(`createTask(): context must be a Context: received ${describe(opts.context)}`);
        this._context = opts.context;
      } else if (CTX.on) this._context = _contextForTask();
    } else if (CTX.on) this._context = _contextForTask();
    this._parent = loop._currentTask;
    this._name = opts?.name !== undefined ? String(opts.name) : ++taskCounter;
    if (loop._debug) _recordSource(this);
    if (body === GEN_BODY) {
      /* set above */
    } else if (body.kind === 0) this._coro = body.gen;
    else if (body.kind === 1) {
      this._fn = body.fn;
    } else {
      this._fn = body.p;
    }
    if (body.kind !== 0) loop._enableAsyncContext();
    const core = loop._core;
    const eager = opts?.eager && loop._running ? 1 : 0;
    // Under a host's limits (ts/loop/limits.ts) a refused task is a LimitError, its coroutine
    // closed, nothing else changed.
    this._id = loop._limits === null ? core.taskNew(eager) : loop._limits.taskNew(loop, this, eager);
    if (loop._tracer !== null) loop._tracer.taskCreated(this);
    if (eager) {
      // The first step runs in the task's own context, even inside a callback or Context.run().
      const outer = CTX.current;
      CTX.current = null;
      const tr = loop._tracer;
      const s = tr !== null ? tr.stepBegin(this) : 0;
      try {
        this._step();
      } finally {
        CTX.current = outer;
        if (tr !== null) tr.stepEnd(this, s);
      }
      if (this._state === PENDING) loop._tasks[this._id] = this;
      else this._coro = null; // finished eagerly: the coroutine is dropped, as asyncio does
    } else {
      loop._tasks[this._id] = this;
      // Created outside an iteration (a promise continuation, a host callback): wake the loop.
      if (!loop._pumping && loop._running) loop._wakeNow();
    }
  }

  getName(): string {
    return typeof this._name === "string" ? this._name : `Task-${this._name}`;
  }

  setName(name: unknown): void {
    this._name = String(name);
  }

  getCoro(): unknown {
    return this._coro ?? this._fn;
  }

  /** The contextvars context the task runs in. */
  getContext(): Context {
    return (this._context ??= new Context());
  }

  setResult(_v: T): never {
    throw new RuntimeError("Task does not support set_result operation");
  }

  setException(_e: unknown): never {
    throw new RuntimeError("Task does not support set_exception operation");
  }

  /**
   * Requests cancellation: a CancelledError is thrown into the coroutine at its next
   * suspension point. Returns false only if the task is done; repeated calls return true and
   * each counts (cancelling()).
   */
  cancel(msg?: string): boolean {
    this._logTraceback = false;
    if (this._state !== PENDING || this._id === 0) return false;
    const loop = this._loop;
    const core = loop._core;
    const r = core.taskCancel(this._id);
    if (r === CANCEL_DONE) return false;
    if (loop._tracer !== null) loop._tracer.cancelRequested(this, msg);
    if (this._abort !== null && !this._abort.signal.aborted) this._abort.abort(this._cancelErrorFor(msg));
    if (this._isAsync) {
      const w = this._asyncWaiter;
      if (w !== null && w.cancel(msg)) return true;
      core.taskSetMustCancel(this._id);
      this._cancelMessage = msg;
      return true;
    }
    if (r === CANCEL_WAITER) {
      const w = this._futWaiter;
      if (w !== null && (w[CORE_WAIT] ? w._cancel(this, msg) : w.cancel(msg))) return true;
      core.taskSetMustCancel(this._id);
    }
    this._cancelMessage = msg;
    return true;
  }

  /** The number of cancel() requests not matched by uncancel(). */
  cancelling(): number {
    return this._id !== 0 ? this._loop._core.taskCancelling(this._id) : this._numCancels;
  }

  /** Withdraws one cancel() request; at 0 a pending delivery is withdrawn too (3.13). */
  uncancel(): number {
    if (this._id === 0) {
      if (this._numCancels > 0) this._numCancels--;
      return this._numCancels;
    }
    const n = this._loop._core.taskUncancel(this._id);
    if (n === 0 && this._abort !== null && this._abort.signal.aborted) this._abort = null;
    return n;
  }

  /** An AbortSignal aborted at cancel() (reason: the CancelledError); made on first read. */
  get signal(): AbortSignal {
    if (this._abort === null) {
      this._abort = new AbortController();
      if (this._state === CANCELLED || (this._state === PENDING && this.cancelling() > 0)) this._abort.abort(this._cancelErrorFor(this._cancelMessage));
    }
    return this._abort.signal;
  }

  /** @internal */
  _cancelErrorFor(msg: string | undefined): CancelledError {
    return _cancelledError(msg, this._loop._debug);
  }

  // ---- the driver ------------------------------------------------------------------------------

  /** @internal one step: the loop calls it from the ready ring, or createTask for an eager start */
  _step(): void {
    const loop = this._loop;
    const core = loop._core;
    const id = this._id;
    if (this._state !== PENDING) {
      loop.callExceptionHandler({ message: "Task step on a task that is already done", exception: new RuntimeError(`_step(): already done: ${this}`), task: this });
      return;
    }
    let exc = this._stepExc;
    let hasExc = exc !== NO_EXC;
    let value: unknown = undefined;
    if (hasExc) {
      this._stepExc = NO_EXC;
    }
    const w = this._futWaiter;
    if (w !== null) {
      this._futWaiter = null;
      if (w[CORE_WAIT]) {
        if (w._exc !== undefined) {
          hasExc = true;
          exc = w._exc;
          w._exc = undefined;
        }
      } else if (w._state === FINISHED) value = w._result;
      else if (w._state === FAILED) {
        hasExc = true;
        exc = w._result;
        w._markRetrieved();
      } else if (w._state === CANCELLED) {
        hasExc = true;
        exc = w._makeCancelledError();
      }
    }
    if (core.taskStepBegin(id) !== 0 && !(hasExc && exc instanceof CancelledError)) {
      hasExc = true;
      exc = this._makeCancelledError();
    }
    if (this._coro === null) {
      this._startBody(hasExc, exc);
      return;
    }
    const prev = loop._currentTask;
    loop._currentTask = this;
    let r: IteratorResult<unknown, T>;
    try {
      const c = this._coro;
      r = _isGenerator(c) ? (hasExc ? GEN_THROW.call(c, exc) : GEN_NEXT.call(c, value)) : hasExc ? c.throw(exc) : c.next(value);
    } catch (e) {
      loop._currentTask = prev;
      this._finish(false, e);
      return;
    }
    loop._currentTask = prev;
    if (r.done) {
      this._finish(true, r.value);
      return;
    }
    const y = r.value;
    if (y === undefined) {
      core.taskStepYield(id); // bare yield: asyncio's sleep(0)
      return;
    }
    if (y !== null && (y as CoreWait)[CORE_WAIT] === true) {
      const cw = y as CoreWait;
      // Parked on a core waiter node: the core wakes this task itself (ts/sync/park.ts).
      this._futWaiter = cw;
      if (core.taskStepPark(id, cw._node) !== 0 && cw._cancel(this, this._cancelMessage)) core.taskClearMustCancel(id);
      return;
    }
    if (y instanceof Future) {
      if (y._loop !== loop) return this._retryWith(new RuntimeError(`Task ${this.getName()} got a Future attached to a different loop`));
      if (!y._blocking) return this._retryWith(new RuntimeError(`yield was used instead of yield* for a future in task ${this.getName()}`));
      if (y === this) return this._retryWith(new RuntimeError(`Task cannot await on itself: ${this}`));
      y._blocking = false;
      this._futWaiter = y;
      const mustCancel = core.taskStepWait(id);
      if (y._state === PENDING) y._addWaker(this);
      else loop._wake(this);
      if (mustCancel !== 0 && y.cancel(this._cancelMessage)) core.taskClearMustCancel(id);
      return;
    }
    // The common slip is `yield op` for `yield* op`: an Op, a generator (a coroutine) or a
    // Future is iterable; a promise is only thenable.
    const hint = y !== null && typeof y === "object" && typeof (y as any)[Symbol.iterator] === "function"
      ? " (use `yield*` to await an Op, a Future or a coroutine: `yield* x`, not `yield x`)"
      : y !== null && typeof (y as any).then === "function" ? " (a promise is awaited as `yield* wrapPromise(p)`)" : "";
    this._retryWith(new RuntimeError(`Task got bad yield: ${describe(y)}${hint}`));
  }

  /** @internal the step ends by scheduling another one that throws `e` in */
  private _retryWith(e: unknown): void {
    this._stepExc = e;
    this._loop._core.taskStepYield(this._id);
  }

  /** @internal the coroutine returned (ok) or threw */
  _finish(ok: boolean, v: unknown): void {
    const loop = this._loop;
    const id = this._id;
    const fin = loop._core.taskFinish(id);
    loop._tasks[id] = undefined;
    this._id = 0;
    this._parent = null;
    if (ok) {
      if (fin & 1) super.cancel(this._cancelMessage); // cancel() during the final step
      else super.setResult(v as T);
    } else if (v instanceof CancelledError) {
      this._result = v as T; // what the first await raises (Future._makeCancelledError)
      super.cancel();
    } else {
      super.setException(v);
      this._keepCancels(fin >>> 1);
      if (loop._tracer !== null) loop._tracer.taskDone(this);
      if (escapesLoop(v)) throw v;
      return;
    }
    this._keepCancels(fin >>> 1);
    if (loop._tracer !== null) loop._tracer.taskDone(this);
  }

  /** @internal a done task's count of cancel() requests (cancelling()), kept only when it is not
   *  the usual one: 1 for a cancelled task, 0 for another. Keeping it in the out-of-line object
   *  for every cancelled task cost ~7% of cancelling 20k sleeping tasks (measured). */
  private _keepCancels(n: number): void {
    if (n !== (this._state === CANCELLED ? 1 : 0)) this._extra().numCancels = n;
  }

  /** @internal first step of a function or promise body */
  private _startBody(hasExc: boolean, exc: unknown): void {
    const loop = this._loop;
    const core = loop._core;
    if (hasExc) {
      // Cancelled before it started: the body never runs, as a coroutine that is thrown into
      // before its first send never executes.
      this._fn = null;
      this._finish(false, exc);
      return;
    }
    let p: unknown;
    if (typeof this._fn === "function") {
      const fn = this._fn;
      this._fn = null;
      const prev = loop._currentTask;
      loop._currentTask = this;
      try {
        const call = () => (fn.length >= 1 ? fn(this.signal) : (fn as () => unknown)());
        const ctx = loop._asyncCtx;
        p = ctx !== null ? ctx.run(this, call) : call();
      } catch (e) {
        loop._currentTask = prev;
        this._finish(false, e);
        return;
      }
      loop._currentTask = prev;
      if (_isOp(p) || _isGeneratorObject(p)) {
        // A plain function that returned a generator, or an Op (`() => queue.get()`): drive it
        // from now on, as a coroutine; an Op through its own iterator, as createTask(op) does.
        this._coro = (_isOp(p) ? (p as any)[Symbol.iterator]() : p) as Coro<T>;
        core.taskStepYield(this._id);
        return;
      }
      if (!_isThenable(p)) {
        this._finish(true, p);
        return;
      }
      this._fn = p as PromiseLike<T>;
    } else p = this._fn;
    core.taskStepWait(this._id);
    (p as PromiseLike<T>).then(
      (v) => this._settleAsync(true, v),
      (e) => this._settleAsync(false, e),
    );
  }

  /** @internal the async body settled (on the microtask queue) */
  private _settleAsync(ok: boolean, v: unknown): void {
    if (this._state !== PENDING || this._id === 0) return;
    this._asyncWaiter = null;
    if (this._loop._closed) return;
    if (!ok && !(v instanceof CancelledError)) {
      // The body passed task.signal to an API (fetch) that rejects with its own abort error when
      // cancel() aborts it: the task ends cancelled, as if the CancelledError had arrived.
      const reason = this._abort !== null && this._abort.signal.aborted ? this._abort.signal.reason : undefined;
      if (reason instanceof CancelledError && isAbortOf(v, reason)) v = reason;
    }
    this._finish(ok, v);
  }

  /** @internal an async body awaits a wasyncio future: deliver a pending cancel, or park on it */
  _awaitFuture<R>(fut: Future<R>): Promise<R> {
    const core = this._loop._core;
    if (this._id !== 0 && core.taskFlags(this._id) & F_MUST_CANCEL) {
      core.taskClearMustCancel(this._id);
      return Promise.reject(this._makeCancelledError());
    }
    if (fut._state !== PENDING) return fut._asPromise();
    this._asyncWaiter = fut;
    const clear = () => {
      if (this._asyncWaiter === fut) this._asyncWaiter = null;
    };
    return fut._asPromise().then(
      (v) => {
        clear();
        return v;
      },
      (e) => {
        clear();
        throw e;
      },
    );
  }

  toString(): string {
    const st = this._state === PENDING ? (this.cancelling() > 0 ? "cancelling" : "pending") : this._stateName();
    return `<Task ${st} name=${JSON.stringify(this.getName())}>`;
  }

  get [Symbol.toStringTag](): string {
    return "Task";
  }
}
