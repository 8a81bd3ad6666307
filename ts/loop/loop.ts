// loop.ts: the event loop (CPython base_events.py BaseEventLoop, events.py AbstractEventLoop).
// Every public method of the loop is a member of this class, so it is found here; the I/O,
// subprocess, signal and executor methods are one-line members that call their module
// (ts/net/loop-net.ts, ts/process/spawn.ts, ts/loop/signals.ts, ts/workers/executor.ts), and
// the state those modules keep per loop is a field of the loop (`_resources`,
// `_signalHandlers`, `_executor`, `_sync`), released by close().
// Why one file over 400 lines: the iteration (_pump/_tick/_burst/_schedule/_runOnce) and the
// loop state it reads on every step belong together; splitting them would put the hot path
// behind module boundaries and scatter the invariants below.
//
// The loop acts; core.wasm decides. Which entries run in an iteration, in which order, which
// timers are due and which task step comes next are read from the core (assembly/scheduler.ts);
// this file only keeps the JS objects those integers name (a slot table per kind) and runs them.
//
// runOnce() is asyncio's _run_once: prune cancelled timers; if nothing is ready, wait for the
// next deadline (the host arms one wake-up); move the due timers (when < now + resolution) into
// the ready ring; run exactly the entries that were ready at that moment. This is the only place
// where callbacks and task steps are called.
//
// While work is ready, iterations run in bursts of up to 8 per microtask, so promise continuations
// of async-function tasks interleave between bursts (never within an iteration); after a time
// slice the loop takes a macrotask turn so host I/O is never starved, and when idle it parks
// until a wake-up.

import { releaseCore, type CoreExports } from "../../host/load.js";
import * as ABI from "../../gen/core-abi.js";
import type { Host, ContextStore, Clock } from "../../host/host.js";
import { RuntimeError, InternalError, escapesLoop, describe, _checkOptions } from "../errors.js";
import { Future, type Waker } from "../tasks/future.js";
import type { Op } from "../tasks/op.js";
import { _getRunningLoopOrNull, _setRunningLoop } from "./running.js";
import { Task, type CoroutineLike, type TaskOptions } from "../tasks/task.js";
import { defaultHost } from "./default-host.js";
import { _closedCore, _coreKind, _openCore, type CoreKind } from "./core.js";
import { Handle, TimerHandle, TimerFuture } from "./handles.js";
import { _CTX, type Context } from "../tasks/contextvars.js";
import type { Tracer } from "./trace.js";
import { addSignalHandler, removeSignalHandler, removeAllSignalHandlers, type InstalledSignal } from "./signals.js";
import * as net from "../net/loop-net.js";
import type { AcceptedSocketOptions, ConnectionOptions, DatagramOptions, ServerOptions, StartTlsOptions, StreamProtocol } from "../net/loop-net.js";
import type { Server } from "../net/server.js";
import type { Transport, ReadTransport, WriteTransport, DatagramTransport, SubprocessTransport } from "../net/transport.js";
import type { BaseProtocol, DatagramProtocol, SubprocessProtocol } from "../net/protocols.js";
import { releaseAll, type LoopResource } from "../net/resources.js";
import { getaddrinfo, getnameinfo, type AddrInfo, type AddrInfoOptions } from "../net/dns.js";
import { connectReadPipe, connectWritePipe } from "../net/pipes.js";
import { sendfile, type FileLike, type SendfileOptions } from "../net/sendfile.js";
import { subprocessExec, subprocessShell } from "../process/spawn.js";
import type { SubprocessOptions } from "../process/options.js";
import { runInExecutor, setDefaultExecutor, shutdownDefaultExecutor, shutdownAsyncgens, closeDefaultExecutor, type WorkerPool } from "../workers/executor.js";
import { _releaseLoopPrimitives, type SyncCore } from "../sync/binding.js";
import { INSPECT } from "../inspect.js";
import { _checkLimits, _limitCore, _reportSlow, _loopStats, type LoopLimits, type Limits, type LoopStats } from "./limits.js";

// The ABI constants as module-local consts: an imported binding is read through its module
// cell at every use (a contended Lock hand-over measured 27% slower, bench/ab.ts); a local
// const is folded into the code.
const TASK_BIT = ABI.TASK_BIT, ID_MASK = ABI.ID_MASK;

const TIME_SLICE_MS = 8;
/** Iterations run back to back before promise continuations get a turn (see _burst). */
const BURST = 8;
/** A microtask turn through a settled promise: Node's queueMicrotask() allocates an async
 *  resource per call (~100 ns against ~35 ns, measured). */
const RESOLVED = Promise.resolve();

/**
 * @example
 * ```ts
 * import { run, getRunningLoop, type ExceptionContext } from "wasyncio";
 * await run(function* () {
 *   const seen: ExceptionContext[] = [];
 *   getRunningLoop().setExceptionHandler((_loop, ctx) => seen.push(ctx));
 *   getRunningLoop().callExceptionHandler({ message: "something happened" });
 *   console.log(seen[0].message);
 * });
 * ```
 */
export interface ExceptionContext {
  message: string;
  exception?: unknown;
  future?: Future<unknown>;
  task?: Task<unknown>;
  handle?: Handle;
  transport?: unknown;
  protocol?: unknown;
  [key: string]: unknown;
}
/**
 * @example
 * ```ts
 * import { run, getRunningLoop, type ExceptionHandler } from "wasyncio";
 * const log: ExceptionHandler = (loop, ctx) => console.error("loop error:", ctx.message, ctx.exception);
 * await run(function* () {
 *   getRunningLoop().setExceptionHandler(log);
 * });
 * ```
 */
export type ExceptionHandler = (loop: EventLoop, context: ExceptionContext) => void;
export type TaskFactory = (loop: EventLoop, coro: CoroutineLike<any>, opts?: TaskOptions) => Task<any>;

export { Handle, TimerHandle };

/**
 * @example
 * ```ts
 * import { newEventLoop, VirtualClock, type LoopOptions } from "wasyncio";
 * const opts: LoopOptions = { clock: new VirtualClock(), debug: true };
 * newEventLoop(opts).close();
 * ```
 */
export interface LoopOptions {
  host?: Host;
  clock?: Clock;
  debug?: boolean;
  /** Use the core build with assertions (also WASYNCIO_CORE_DEBUG=1). */
  coreChecks?: boolean;
  /** Which core the loop runs on: "release" (core.wasm, the default of every entry but
   *  `wasyncio/portable`), "portable" (the wasm2js translation) or "checked" (as coreChecks). */
  core?: CoreKind;
  /** What a plugin host bounds (ts/loop/limits.ts): live tasks, core memory, the time slice. */
  limits?: Limits;
}

/** @internal the option names of newEventLoop(); run() and Runner take these too */
export const LOOP_KEYS: readonly string[] = ["host", "clock", "debug", "coreChecks", "core", "limits"];

/** An environment flag, read through the host (hosts without an environment have none). */
function envFlag(host: Host, name: string): boolean {
  const v = host.env?.(name);
  return v !== undefined && v !== "" && v !== "0";
}

let loopCounter = 0;

/**
 * @example
 * ```ts
 * const loop: EventLoop = newEventLoop();
 * loop.callSoon(() => console.log("first"));
 * loop.callLater(10, () => loop.stop());
 * await loop.runForever();
 * loop.close();
 * ```
 */
export class EventLoop {
  /** @internal */ _core: CoreExports;
  /** @internal slot table: handle id -> Handle */
  _handles: (Handle | undefined)[] = [];
  /** @internal slot table: task id -> Task (the live tasks: allTasks) */
  _tasks: (Task<any> | undefined)[] = [];
  /** @internal */ _host: Host;
  /** @internal loop time (time(), timers): the given clock, else the host's */
  _clock: Clock;
  /** @internal the host's clock: time slices and slow-callback warnings, in real time even
   *  when loop time is virtual */
  _realClock: Clock;
  /** @internal */ _resolution: number;
  /** @internal */ _debug: boolean;
  /** @internal */ _closed = false;
  /** @internal */ _running = false;
  /** @internal */ _stopping = false;
  /** @internal 0 idle (parked), 1 an iteration is queued or running */
  _pumping = false;
  /** @internal */ _stopResolve: (() => void) | null = null;
  /** @internal */ _stopReject: ((e: unknown) => void) | null = null;
  /** @internal the task whose step is on the stack now */
  _currentTask: Task<any> | null = null;
  /** @internal the run's timeline, when asked for (trace.ts) */
  _tracer: Tracer | null = null;
  /** @internal the async-function task context, made when the first async task appears */
  _asyncCtx: ContextStore<Task<any>> | null = null;
  /** @internal */ _exceptionHandler: ExceptionHandler | null = null;
  /** @internal */ _taskFactory: TaskFactory | null = null;
  /** @internal */ _mem: ArrayBuffer;
  /** @internal a view of the core's memory */
  _batch: Uint32Array;
  /** @internal the core is the wasm2js translation (wasyncio/portable) */
  _portable = false;
  /** @internal the running batch, copied out of core memory */
  _scratch = new Uint32Array(1024);
  /** @internal index in _batch of the core's ready count (readyCountPtr, fixed) */
  _countAt: number;
  /** @internal index in _batch of the batch buffer, and the longest batch read from it: the
   *  buffer moves only when a batch outgrows every earlier one (assembly/ready.ts Batch) */
  _batchAt = 0;
  _batchMax = 0;
  /** @internal */ _poisoned: unknown = undefined;
  /** @internal */ _iteration = 0;
  /** @internal eager tasks that finished inside createTask never get a core row */
  _eagerCount = 0;
  /** @internal the primitives' view of this loop's core, made when the first one binds */
  _sync: SyncCore | null = null;
  /** @internal live transports, servers, endpoints and processes (ts/net/resources.ts) */
  _resources: Set<LoopResource> | null = null;
  /** @internal installed signal handlers by name (ts/loop/signals.ts) */
  _signalHandlers: Map<string, InstalledSignal> | null = null;
  /** @internal the default executor (ts/workers/executor.ts); owned: made by this loop */
  _executor: WorkerPool | null = null;
  _executorOwned = false;
  _executorShutdown = false;
  readonly id = ++loopCounter;
  /** Debug mode: a callback or task step running at least this long (ms) logs a warning. */
  slowCallbackDuration = 100;
  /** @internal the host's limits (ts/loop/limits.ts), or null */
  _limits: LoopLimits | null = null;
  /** @internal a macrotask turn at least every this many ms of running */
  _sliceMs = TIME_SLICE_MS;
  /** @internal the slice is checked every (mask + 1) ticks: 16, or every tick under limits.sliceMs */
  _sliceMask = 15;
  /** @internal limits.sliceMs: a longer step or callback is reported; 0: none */
  _slowMs = 0;

  constructor(opts: LoopOptions = {}) {
    _checkOptions(opts, LOOP_KEYS, "newEventLoop()");
    this._host = opts.host ?? defaultHost();
    this._realClock = this._host.clock;
    this._clock = opts.clock ?? this._realClock;
    this._resolution = this._clock.resolution;
    this._debug = opts.debug ?? envFlag(this._host, "WASYNCIO_DEBUG");
    const limits = (this._limits = _checkLimits(opts.limits));
    const kind = _coreKind(opts.coreChecks ?? envFlag(this._host, "WASYNCIO_CORE_DEBUG"), opts.core);
    // A memory limit needs a core of its own: a pooled one may have grown for an earlier loop.
    this._core = limits !== null && limits.memory !== Infinity ? _limitCore(_openCore(kind, false), limits) : _openCore(kind);
    if (limits !== null && limits.sliceMs > 0) {
      this._sliceMs = this._slowMs = limits.sliceMs;
      this._sliceMask = 0;
    }
    this._mem = this._core.memory.buffer;
    this._portable = typeof WebAssembly === "undefined" || !(this._core.memory instanceof WebAssembly.Memory);
    this._batch = new Uint32Array(this._mem);
    this._countAt = this._core.readyCountPtr() >>> 2;
    // A manual clock (VirtualClock) wakes the loop when it is moved.
    this._clock.watch?.(() => {
      if (this._running && !this._pumping) this._wakeNow();
    });
  }

  // ---- running -------------------------------------------------------------------------------

  isRunning(): boolean {
    return this._running;
  }

  isClosed(): boolean {
    return this._closed;
  }

  /** @internal */
  _checkClosed(): void {
    if (this._closed) throw new RuntimeError("Event loop is closed");
    if (this._poisoned !== undefined) throw new InternalError(`the loop is unusable after a core trap: ${String(this._poisoned)}`);
  }

  /** Runs until stop() is called; resolves once the iteration in which it was called ends. */
  runForever(): Promise<void> {
    try {
      this._checkClosed();
      if (this._running) throw new RuntimeError("This event loop is already running");
      if (_getRunningLoopOrNull() !== null) throw new RuntimeError("Cannot run the event loop while another loop is running");
    } catch (e) {
      return Promise.reject(e);
    }
    this._running = true;
    _setRunningLoop(this);
    this._host.keepAlive(true);
    return new Promise<void>((resolve, reject) => {
      this._stopResolve = resolve;
      this._stopReject = reject;
      this._pump();
    });
  }

  /** Runs until `aw` is done; resolves to its result or rejects with its exception. */
  async runUntilComplete<T>(aw: CoroutineLike<T> | Future<T>): Promise<T> {
    this._checkClosed();
    if (this._running) throw new RuntimeError("This event loop is already running");
    if (_getRunningLoopOrNull() !== null) throw new RuntimeError("Cannot run the event loop while another loop is running");
    const fut = aw instanceof Future ? aw : this.createTask(aw as CoroutineLike<T>);
    if (fut._loop !== this) throw new RangeError("The future belongs to a different loop than the one given to runUntilComplete");
    const stopper = () => this.stop();
    fut.addDoneCallback(stopper);
    try {
      await this.runForever();
    } finally {
      fut.removeDoneCallback(stopper);
    }
    if (!fut.done()) throw new RuntimeError("Event loop stopped before Future completed");
    return fut.result();
  }

  /** Stops after the current iteration; callbacks queued meanwhile stay for the next run. */
  stop(): void {
    this._stopping = true;
    if (this._running && !this._pumping) this._wakeNow();
  }

  close(): void {
    if (this._running) throw new RuntimeError("Cannot close a running event loop");
    if (this._closed) return;
    this._closed = true;
    releaseAll(this);
    removeAllSignalHandlers(this);
    closeDefaultExecutor(this);
    this._disarm();
    for (const h of this._handles) if (h) h._id = 0;
    this._handles = [];
    this._tasks = [];
    // Nothing of this loop stays in its core: primitives still bound to it move their state
    // (a value, items, counts) to the detached core (ts/sync/binding.ts), and the core is reset
    // to its freshly instantiated state. A clean core goes back to the pool (host/load.ts) for
    // the next loop; whatever of this loop is still held (a pending task, a handle) now reaches
    // a core that says the loop is closed.
    if (this._poisoned === undefined) {
      _releaseLoopPrimitives(this, () => this._core.reset());
      releaseCore(this._core);
      this._core = _closedCore;
    }
    this._nextDeadline = Infinity;
    this._clock.watch?.(null);
  }

  /** The loop's clock, in milliseconds (monotonic). */
  time(): number {
    return this._clock.now();
  }

  // ---- the pump: one iteration per microtask while work is ready -----------------------------

  /** @internal */
  _pump(): void {
    if (this._pumping) return;
    this._pumping = true;
    RESOLVED.then(this._tick);
  }

  /** @internal wake a parked loop from outside an iteration (a host callback, a promise) */
  _wakeNow(): void {
    // The host wake-up stays armed: when it fires early it costs one empty iteration, where
    // cancelling it here and arming it again when the loop next idles cost a host timer per
    // wake (an HTTP server with a per-request timeout() made one per request).
    this._pump();
  }

  /** @internal the deadline the host's wake-up is armed for (Infinity: none) */
  private _armedAt = Infinity;

  /** @internal the host's wake-up goes: the loop will not idle again in this run */
  private _disarm(): void {
    this._armedAt = Infinity;
    this._host.cancelWakeup();
  }

  private _sliceStart = 0;
  private _sliceCount = 0;
  /** @internal the first timer's deadline as of the last prepare() (or an earlier callAt) */
  _nextDeadline = Infinity;

  /** @internal */
  _tick = (): void => {
    if (!this._running) {
      this._pumping = false;
      return;
    }
    const ctx = this._asyncCtx;
    try {
      if (ctx !== null) ctx.exit(this._burst);
      else this._burst();
    } catch (e) {
      this._fail(e);
      return;
    }
    if (this._stopping) {
      this._finishRun();
      return;
    }
    this._schedule();
  };

  /** @internal up to BURST iterations back to back while work is ready: a microtask hop per
   *  iteration was half of an idle iteration's cost. Promise continuations (async-function
   *  tasks) still run between bursts, so they wait at most BURST iterations. */
  private _burst = (): void => {
    this._runOnce();
    for (let k = 1; k < BURST && !this._stopping; k++) {
      // Under limits.sliceMs, the burst ends when the slice is used up (a turn is due).
      if (this._slowMs !== 0 && this._realClock.now() - this._sliceStart >= this._sliceMs) return;
      // With no timer there is nothing to prune and no deadline (callAt lowers _nextDeadline).
      if (this._nextDeadline !== Infinity) this._nextDeadline = this._core.prepare();
      if (this._readyCount() === 0) return;
      this._runOnce();
    }
  };

  /** @internal a view of the core's memory, made again after the memory grew: growth detaches
   *  a Wasm memory's old buffer (the view's length becomes 0, a ~1 ns check, where reading
   *  `memory.buffer` costs ~35 ns); the portable core detaches it too where structuredClone can,
   *  and is compared with its buffer otherwise. */
  _view(): Uint32Array {
    const v = this._batch;
    if (v.length !== 0 && !(this._portable && this._core.memory.buffer !== this._mem)) return v;
    this._mem = this._core.memory.buffer;
    return (this._batch = new Uint32Array(this._mem));
  }

  /** @internal the core's ready count, read from its memory (no call) */
  _readyCount(): number {
    return this._view()[this._countAt];
  }

  /** @internal decide how the next iteration starts: now, after a macrotask, or at a wake-up */
  private _schedule(): void {
    const core = this._core;
    const next = this._nextDeadline === Infinity ? Infinity : (this._nextDeadline = core.prepare());
    if (this._readyCount() > 0) {
      // The time slice is checked every 16 ticks: reading the clock costs ~40 ns (every tick
      // under limits.sliceMs).
      if ((++this._sliceCount & this._sliceMask) === 0) {
        const now = this._realClock.now();
        if (now - this._sliceStart >= this._sliceMs) {
          this._sliceStart = now;
          this._host.turn(this._tick);
          return;
        }
      }
      RESOLVED.then(this._tick);
      return;
    }
    // Nothing ready: wait for the first timer, or for a callSoon from outside (host I/O, a promise).
    this._pumping = false;
    if (next === Infinity) return;
    const clock = this._clock;
    if (clock.watch !== undefined) {
      if (clock.autojump === true && clock.jumpTo !== undefined) {
        // Let pending promise reactions and host callbacks run first: jump only when truly idle.
        this._pumping = true;
        this._host.turn(() => {
          if (!this._running) {
            this._pumping = false;
            return;
          }
          if (this._core.readyCount() === 0 && !this._stopping) {
            const n = this._core.prepare();
            if (n !== Infinity) clock.jumpTo!(n);
          }
          this._tick();
        });
      }
      return; // without autojump, clock.advance() wakes us
    }
    // Armed for this deadline or an earlier one already (the timers due first were cancelled
    // since): that wake-up comes first, and the iteration it starts arms again if it must.
    if (this._armedAt <= next) return;
    this._armedAt = next;
    this._host.armWakeup(next, this._wakeup);
  }

  /** @internal */
  private _wakeup = (): void => {
    this._armedAt = Infinity;
    this._pump();
  };

  /** @internal */
  _runOnce = (): void => {
    const core = this._core;
    // Step 1 (pruning cancelled timers) ran in _schedule() just before; collect() drops any
    // cancelled since. With no timer pending, the clock need not be read.
    const end = this._nextDeadline === Infinity ? -Infinity : this._clock.now() + this._resolution;
    const n = core.collect(end);
    this._iteration++;
    if (n === 0) return;
    // Copy the batch out of linear memory first: what runs may grow the core's memory (_view).
    if (this._scratch.length < n) this._scratch = new Uint32Array(Math.max(n, this._scratch.length * 2));
    const batch = this._scratch;
    const view = this._view();
    if (n > this._batchMax) {
      this._batchAt = core.batchPtr() >>> 2;
      this._batchMax = n;
    }
    const base = this._batchAt;
    for (let i = 0; i < n; i++) batch[i] = view[base + i];
    const debug = this._debug;
    const tracer = this._tracer;
    const it0 = tracer !== null ? tracer.now() : 0;
    // Each entry is timed in debug mode and under limits.sliceMs: one clock read per entry.
    const slow = this._slowMs;
    const timed = debug || slow !== 0;
    let t0 = timed ? this._realClock.now() : 0;
    for (let i = 0; i < n; i++) {
      const e = batch[i];
      let what: Handle | Task<any> | undefined;
      if (e & TASK_BIT) {
        const t = (what = this._tasks[e & ID_MASK]);
        if (t !== undefined) {
          if (tracer === null) t._step();
          else {
            const s = tracer.stepBegin(t);
            t._step();
            tracer.stepEnd(t, s);
          }
        }
      } else {
        const h = (what = this._handles[e]);
        if (h !== undefined) {
          this._handles[e] = undefined;
          h._id = 0;
          if (!h._cancelled) h._run();
        }
      }
      if (timed) {
        const t1 = this._realClock.now();
        const dt = t1 - t0;
        t0 = t1;
        if (what !== undefined) {
          if (debug && dt >= this.slowCallbackDuration) console.warn(`Executing ${String(what)} took ${(dt / 1000).toFixed(3)} seconds`);
          if (slow !== 0 && dt > slow) _reportSlow(this, what, (e & TASK_BIT) !== 0, dt);
        }
      }
    }
    if (tracer !== null) tracer.iteration(it0, n);
  };

  /** @internal the run ends: the loop stops running and the host lets go of it */
  private _leaveRun(): void {
    this._stopping = false;
    this._running = false;
    this._pumping = false;
    this._disarm();
    this._host.keepAlive(false);
    _setRunningLoop(null);
  }

  /** @internal */
  private _finishRun(): void {
    this._leaveRun();
    const r = this._stopResolve;
    this._stopResolve = this._stopReject = null;
    r?.();
  }

  /** @internal a KeyboardInterrupt/SystemExit, or a core trap, escapes the loop */
  private _fail(e: unknown): void {
    if (e instanceof InternalError) this._poisoned = e;
    this._leaveRun();
    const r = this._stopReject;
    this._stopResolve = this._stopReject = null;
    r?.(e);
  }

  // ---- scheduling ------------------------------------------------------------------------------

  /** Schedules `cb(...args)` for the next iteration, after what is already scheduled (FIFO). */
  callSoon<A extends unknown[]>(cb: (...args: A) => unknown, ...args: A): Handle {
    if (this._closed) this._checkClosed();
    if (typeof cb !== "function") throw new TypeError(`A callable was expected: received ${describe(cb)}`);
    if (this._debug) this._checkCallback(cb, "callSoon");
    return this._soon(new Handle(cb as any, args.length ? args : null, this));
  }

  /** @internal callSoon, with the context the callback runs in given (a done callback's) */
  _callSoonIn(ctx: Context, cb: (...a: any[]) => unknown, arg: unknown): Handle {
    if (this._closed) this._checkClosed();
    return this._soon(new Handle(cb, [arg], this, ctx));
  }

  /** @internal `h` joins the ready ring */
  private _soon(h: Handle): Handle {
    const id = this._core.callSoon();
    h._id = id;
    this._handles[id] = h;
    if (!this._pumping && this._running) this._wakeNow();
    return h;
  }

  /** Schedules `cb(...args)` to run `delay` ms from now. */
  callLater<A extends unknown[]>(delay: number, cb: (...args: A) => unknown, ...args: A): TimerHandle {
    if (typeof delay !== "number") throw new TypeError(`The delay must be a number of milliseconds: received ${describe(delay)}`);
    if (Number.isNaN(delay)) throw new RangeError("The delay must not be NaN");
    return this.callAt(this._clock.now() + delay, cb, ...args);
  }

  /** Schedules `cb(...args)` at loop time `when` (ms, see time()). */
  callAt<A extends unknown[]>(when: number, cb: (...args: A) => unknown, ...args: A): TimerHandle {
    if (this._closed) this._checkClosed();
    if (typeof when !== "number") throw new TypeError(`The time must be a number of milliseconds: received ${describe(when)}`);
    if (Number.isNaN(when)) throw new RangeError("The time must not be NaN");
    if (typeof cb !== "function") throw new TypeError(`A callable was expected: received ${describe(cb)}`);
    if (this._debug) this._checkCallback(cb, "callAt");
    const h = new TimerHandle(when, cb as any, args.length ? args : null, this);
    const id = this._core.callAt(when);
    if (when < this._nextDeadline) this._nextDeadline = when;
    h._id = id;
    this._handles[id] = h;
    if (!this._pumping && this._running) this._wakeNow();
    return h;
  }

  /** @internal a future whose result is `value` at loop time `when` (sleep) */
  _timerFuture<T>(when: number, value: T): TimerFuture<T> {
    if (this._closed) this._checkClosed();
    const f = new TimerFuture<T>(this, value);
    const id = this._core.callAt(when);
    if (when < this._nextDeadline) this._nextDeadline = when;
    f._id = id;
    this._handles[id] = f as unknown as Handle;
    if (!this._pumping && this._running) this._wakeNow();
    return f;
  }

  /** Thread-safe variant: on one JS agent it is callSoon (other agents post to this one). */
  callSoonThreadsafe<A extends unknown[]>(cb: (...args: A) => unknown, ...args: A): Handle {
    return this.callSoon(cb, ...args);
  }

  /** @internal debug mode rejects generator functions and coroutine objects */
  private _checkCallback(cb: unknown, api: string): void {
    const ctor = (cb as any)?.constructor?.name;
    if (ctor === "GeneratorFunction" || ctor === "AsyncFunction" || ctor === "AsyncGeneratorFunction")
      throw new TypeError(`coroutines cannot be used with ${api}()`);
  }

  /** @internal a waiting task's future is done: its wake-up joins the ready ring */
  _wake(w: Waker): void {
    this._core.taskSchedule(w._id);
    if (!this._pumping && this._running) this._wakeNow();
  }

  // ---- futures and tasks ---------------------------------------------------------------------

  createFuture<T = unknown>(): Future<T> {
    return new Future<T>(this);
  }

  createTask<T>(coro: CoroutineLike<T>, opts?: TaskOptions): Task<T> {
    this._checkClosed();
    if (this._taskFactory !== null) return this._taskFactory(this, coro, opts);
    return new Task<T>(coro, opts, this);
  }

  setTaskFactory(factory: TaskFactory | null): void {
    if (factory !== null && typeof factory !== "function") throw new TypeError(`A task factory must be a function or null: received ${describe(factory)}`);
    this._taskFactory = factory;
  }

  getTaskFactory(): TaskFactory | null {
    return this._taskFactory;
  }

  /** @internal the async-function task whose code runs now, if context tracking is on */
  _asyncTaskNow(): Task<any> | undefined {
    const ctx = this._asyncCtx;
    return ctx === null ? undefined : ctx.getStore();
  }

  /** @internal switched on when the first async-function task is created */
  _enableAsyncContext(): ContextStore<Task<any>> | null {
    if (this._asyncCtx === null && this._host.context) this._asyncCtx = this._host.context.createStore<Task<any>>();
    return this._asyncCtx;
  }

  // ---- network, subprocesses, signals, executors --------------------------------------------
  // asyncio's loop methods for I/O. Each calls its module, which talks to one host facet; a host
  // without the facet fails with an error naming the host and the facet.

  /** Opens a TCP connection driven by `protocolFactory()`'s protocol (asyncio create_connection). */
  createConnection<P extends StreamProtocol>(protocolFactory: () => P, host: string, port: number, opts?: ConnectionOptions): Op<[Transport, P]> {
    return net.createConnection(this, protocolFactory, host, port, opts);
  }

  /** Opens a Unix socket connection (asyncio create_unix_connection). */
  createUnixConnection<P extends StreamProtocol>(protocolFactory: () => P, path: string, opts?: ConnectionOptions): Op<[Transport, P]> {
    return net.createUnixConnection(this, protocolFactory, path, opts);
  }

  /** Listens on TCP; each connection gets `protocolFactory()` (asyncio create_server). */
  createServer(protocolFactory: () => StreamProtocol, host: string | null, port: number, opts?: ServerOptions): Op<Server> {
    return net.createServer(this, protocolFactory, host, port, opts);
  }

  /** Listens on a Unix socket (asyncio create_unix_server). */
  createUnixServer(protocolFactory: () => StreamProtocol, path: string, opts?: ServerOptions): Op<Server> {
    return net.createUnixServer(this, protocolFactory, path, opts);
  }

  /** Opens a UDP endpoint (asyncio create_datagram_endpoint). */
  createDatagramEndpoint<P extends DatagramProtocol>(protocolFactory: () => P, opts?: DatagramOptions): Op<[DatagramTransport, P]> {
    return net.createDatagramEndpoint(this, protocolFactory, opts);
  }

  /** Resolves a host name (asyncio getaddrinfo): one entry per address and socket type. */
  getaddrinfo(host: string | null, port: number | string | null, opts?: AddrInfoOptions): Op<AddrInfo[]> {
    return getaddrinfo(this, host, port, opts);
  }

  /** The host name and service of an address and port (asyncio getnameinfo). */
  getnameinfo(sockaddr: { address: string; port: number } | [string, number]): Op<[string, string]> {
    return getnameinfo(this, sockaddr);
  }

  /** Upgrades a stream transport to TLS in place (asyncio start_tls). */
  startTls(transport: Transport, protocol: BaseProtocol, opts?: StartTlsOptions): Op<Transport> {
    return net.startTls(this, transport, protocol, opts);
  }

  /** Drives the read end of a pipe (Node: a descriptor or a Readable) (asyncio connect_read_pipe). */
  connectReadPipe<P extends StreamProtocol>(protocolFactory: () => P, pipe: unknown): Op<[ReadTransport, P]> {
    return connectReadPipe(this, protocolFactory, pipe);
  }

  /** Drives the write end of a pipe (Node: a descriptor or a Writable) (asyncio connect_write_pipe). */
  connectWritePipe<P extends StreamProtocol>(protocolFactory: () => P, pipe: unknown): Op<[WriteTransport, P]> {
    return connectWritePipe(this, protocolFactory, pipe);
  }

  /** Takes over a socket accepted elsewhere (asyncio connect_accepted_socket). */
  connectAcceptedSocket<P extends StreamProtocol>(protocolFactory: () => P, sock: unknown, opts?: AcceptedSocketOptions): Op<[Transport, P]> {
    return net.connectAcceptedSocket(this, protocolFactory, sock, opts);
  }

  /** Sends `count` bytes of `file` from `offset` over a stream transport; the bytes sent (asyncio sendfile). */
  sendfile(transport: Transport, file: FileLike | Blob, offset?: number, count?: number | null, opts?: SendfileOptions): Op<number> {
    return sendfile(this, transport, file, offset, count, opts);
  }

  /** Starts `program` with `args` under a SubprocessProtocol (asyncio subprocess_exec). */
  subprocessExec<P extends SubprocessProtocol>(protocolFactory: () => P, program: string, args?: readonly string[], opts?: SubprocessOptions): Op<[SubprocessTransport, P]> {
    return subprocessExec(this, protocolFactory, program, args, opts);
  }

  /** Starts `cmd` through the shell (asyncio subprocess_shell). */
  subprocessShell<P extends SubprocessProtocol>(protocolFactory: () => P, cmd: string, opts?: SubprocessOptions): Op<[SubprocessTransport, P]> {
    return subprocessShell(this, protocolFactory, cmd, opts);
  }

  /** Runs `cb(...args)` in an iteration each time `sig` arrives (asyncio add_signal_handler). */
  addSignalHandler<A extends unknown[]>(sig: string | number, cb: (...args: A) => unknown, ...args: A): void {
    addSignalHandler(this, sig, cb as (...a: unknown[]) => unknown, args);
  }

  /** Removes the handler of `sig`; false if there was none (asyncio remove_signal_handler). */
  removeSignalHandler(sig: string | number): boolean {
    return removeSignalHandler(this, sig);
  }

  /** Runs `exportName(...args)` of `module` in a worker of `executor` (null: the loop's default
   *  pool) (asyncio run_in_executor). */
  runInExecutor<T>(executor: WorkerPool | null, module: string | URL, exportName: string, ...args: unknown[]): Future<T> {
    return runInExecutor<T>(this, executor, module, exportName, args);
  }

  /** Makes `executor` the pool runInExecutor(null, ...) uses. */
  setDefaultExecutor(executor: WorkerPool): void {
    setDefaultExecutor(this, executor);
  }

  /** Closes the default pool, waiting for its jobs (at most `timeout` ms, then a warning);
   *  later runInExecutor(null, ...) fail (asyncio shutdown_default_executor). */
  shutdownDefaultExecutor(timeout: number | null = null): Op<void> {
    return shutdownDefaultExecutor(this, timeout);
  }

  /** asyncio shutdown_asyncgens: JS has no async generator hooks, so there is nothing to close. */
  shutdownAsyncgens(): Op<void> {
    return shutdownAsyncgens(this);
  }

  // ---- errors ---------------------------------------------------------------------------------

  setExceptionHandler(handler: ExceptionHandler | null): void {
    if (handler !== null && typeof handler !== "function") throw new TypeError(`An exception handler must be a function or null: received ${describe(handler)}`);
    this._exceptionHandler = handler;
  }

  getExceptionHandler(): ExceptionHandler | null {
    return this._exceptionHandler;
  }

  /** Logs the context: its message, then the other keys, then the exception with its stack. */
  defaultExceptionHandler(context: ExceptionContext): void {
    const lines = [context.message || "Unhandled exception in event loop"];
    for (const [k, v] of Object.entries(context)) {
      if (k === "message" || k === "exception") continue;
      lines.push(`${k}: ${String(v)}`);
    }
    const exc = context.exception;
    if (exc !== undefined) console.error(lines.join("\n"), exc);
    else console.error(lines.join("\n"));
  }

  callExceptionHandler(context: ExceptionContext): void {
    const h = this._exceptionHandler;
    if (h === null) {
      try {
        this.defaultExceptionHandler(context);
      } catch {
        /* nothing left to tell */
      }
      return;
    }
    try {
      // The handler runs in the failing task's or callback's context (asyncio 3.12+).
      const owner = context.task ?? context.handle;
      if (_CTX.on && owner !== undefined && owner !== null && typeof (owner as any).getContext === "function") {
        const ctx: Context = (owner as any).getContext();
        if (ctx._entered) h(this, context);
        else ctx.run(h, this, context);
      } else h(this, context);
    } catch (e) {
      if (escapesLoop(e)) throw e;
      try {
        this.defaultExceptionHandler({ message: "Unhandled error in exception handler", exception: e, context: context as any });
      } catch {
        /* nothing left to tell */
      }
    }
  }

  // ---- debug ---------------------------------------------------------------------------------

  getDebug(): boolean {
    return this._debug;
  }

  setDebug(on: boolean): void {
    this._debug = !!on;
  }

  /** Live tasks, pending timers, parked waiters, core memory in use and its high-water mark, and
   *  iterations (ts/loop/limits.ts); a few core calls, cheap enough to poll every second. */
  stats(): LoopStats {
    return _loopStats(this);
  }

  /** @internal for tests: the core's view of the loop */
  _stats(): { liveHandles: number; liveTasks: number; timers: number; cancelledTimers: number; ready: number; iteration: number } {
    const c = this._core;
    return { liveHandles: c.liveHandles(), liveTasks: c.liveTasks(), timers: c.timerCount(), cancelledTimers: c.cancelledTimers(), ready: c.readyCount(), iteration: this._iteration };
  }

  /** util.inspect shows the String() form */
  [INSPECT](): string {
    return this.toString();
  }

  toString(): string {
    return `<EventLoop running=${this._running} closed=${this._closed} debug=${this._debug}>`;
  }
}

/**
 * @example
 * ```ts
 * const loop = newEventLoop({ debug: true });
 * console.log(await loop.runUntilComplete(sleep(10, "result")));
 * loop.close();
 * ```
 */
export function newEventLoop(opts?: LoopOptions): EventLoop {
  return new EventLoop(opts);
}

