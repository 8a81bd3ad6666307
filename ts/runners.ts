// runners.ts: run() and Runner (CPython Lib/asyncio/runners.py).
// run(main) makes a fresh loop, runs `main` as a task until it is done, then cancels what is
// left, reports the leftover tasks' errors to the exception handler, and closes the loop.

import { CancelledError, KeyboardInterrupt, NotSupportedError, RuntimeError, describe, _checkOptions } from "./errors.js";
import { _getRunningLoopOrNull } from "./loop/running.js";
import { EventLoop, LOOP_KEYS, type LoopOptions } from "./loop/loop.js";
import { _isGeneratorObject, _isOp, _isThenable } from "./tasks/coroutine.js";
import { type CoroutineLike, type Task } from "./tasks/task.js";
import { Future } from "./tasks/future.js";
import { allTasks } from "./tasks/create.js";
import { gather } from "./tasks/gather.js";
import type { Context } from "./tasks/contextvars.js";
import { INSPECT } from "./inspect.js";
import { Tracer, type TraceFile } from "./loop/trace.js";
import { formatTaskTable, formatTaskTree } from "./introspect.js";
import { _THREAD_JOIN_TIMEOUT_MS } from "./workers/executor.js";

/**
 * @example
 * ```ts
 * import { run, sleep, VirtualClock, type RunOptions } from "wasyncio";
 * const opts: RunOptions = { clock: new VirtualClock({ autojump: true }), handleSigint: false };
 * await run(sleep(3_600_000), opts); // an hour of virtual time, at once
 * ```
 */
export interface RunOptions extends LoopOptions {
  /** Make the loop (asyncio's loop_factory). */
  loopFactory?: () => EventLoop;
  /** Turn the first SIGINT into cancelling the main task (default: true where the host has signals). */
  handleSigint?: boolean;
  /**
   * Cancels the main task when it aborts, as a SIGINT does on Node, with the signal's reason as
   * the cancel message (a string as it is, an Error's message); run() then rejects with
   * CancelledError (its `cause`: the reason), or ends as main handles it. A signal already aborted
   * cancels main before its first step. For Runner: applies to each run().
   */
  signal?: AbortSignal;
  /**
   * Records a timeline of the run (ts/loop/trace.ts) as Chrome Trace Event JSON, which Perfetto
   * and chrome://tracing open: a file path (written when the run's loop closes; the host must
   * write files, as Node's does), or a function given the trace. Default: the environment's
   * WASYNCIO_TRACE (a path), else none.
   */
  trace?: string | ((trace: TraceFile) => void);
  /**
   * Lets `npx wasyncio ps PID` / `pstree PID` read the live task tree of this process while the
   * runner's loop is open (a local socket, opened only when asked; Node). Default: the
   * environment's WASYNCIO_INSPECT=1.
   */
  inspect?: boolean;
}

/**
 * Runner.run's own options (asyncio Runner.run(coro, *, context)).
 * @example
 * ```ts
 * import { Runner, sleep, type RunnerRunOptions } from "wasyncio";
 * const opts: RunnerRunOptions = { signal: AbortSignal.timeout(1000) };
 * const runner = new Runner();
 * await runner.run(sleep(10), opts);
 * runner.close();
 * ```
 */
export interface RunnerRunOptions {
  /** For this run only, instead of the Runner's `signal`. */
  signal?: AbortSignal;
  /** The context main runs in (default: a copy of the current one). */
  context?: Context;
}

/** The cancel message for an abort reason: a string as it is, an Error's message, else none. */
function abortMessage(reason: unknown): string | undefined {
  if (typeof reason === "string") return reason;
  if (reason instanceof Error || (typeof reason === "object" && reason !== null && typeof (reason as any).message === "string")) return (reason as any).message;
  return reason === undefined ? undefined : String(reason);
}

const RUN_KEYS = [...LOOP_KEYS, "loopFactory", "handleSigint", "signal", "trace", "inspect"];
const RUNNER_RUN_KEYS = ["signal", "context"];

function checkMain(main: unknown, api: string): void {
  if (main instanceof Future) throw new TypeError(`${api} expects a coroutine, a function or a promise: received a Future`);
  if (_isGeneratorObject(main) || _isOp(main) || typeof main === "function" || _isThenable(main)) return;
  throw new TypeError(`${api} expects a coroutine, a function or a promise: received ${describe(main)}`);
}

/**
 * @example
 * ```ts
 * const runner = new Runner({ debug: true });
 * try {
 *   console.log(await runner.run(sleep(10, 1)));
 *   console.log(await runner.run(sleep(10, 2))); // the same loop, kept between runs
 * } finally {
 *   runner.close();
 * }
 * ```
 */
export class Runner {
  /** @internal */ _opts: RunOptions;
  /** @internal */ _loop: EventLoop | null = null;
  /** @internal */ _state: "initialized" | "closed" = "initialized";
  /** @internal */ _interruptCount = 0;
  /** @internal where the trace goes at close, when one is recorded */
  _trace: string | ((trace: TraceFile) => void) | null = null;
  /** @internal closes the `wasyncio ps` channel, when one is open */
  _closeInspect: (() => void) | null = null;

  constructor(opts: RunOptions = {}) {
    _checkOptions(opts, RUN_KEYS, "Runner()");
    this._opts = opts;
  }

  toString(): string {
    return `<Runner ${this._state}${this._loop !== null ? ` loop=${this._loop}` : ""}>`;
  }

  /** util.inspect shows the String() form */
  [INSPECT](): string {
    return this.toString();
  }

  /** Runs `main` to completion on this runner's loop; may be called again after it returns. */
  async run<T>(main: CoroutineLike<T>, opts: RunnerRunOptions = {}): Promise<T> {
    checkMain(main, "Runner.run()");
    _checkOptions(opts, RUNNER_RUN_KEYS, "Runner.run()");
    if (_getRunningLoopOrNull() !== null) throw new RuntimeError("Runner.run() cannot be called from a running event loop");
    const signal = opts.signal ?? this._opts.signal;
    if (signal !== undefined && signal !== null && !isAbortSignal(signal)) throw new TypeError(`The signal must be an AbortSignal: received ${describe(signal)}`);
    const loop = this._lazyInit();
    const task = opts.context === undefined ? loop.createTask(main) : loop.createTask(main, { context: opts.context });
    let removeSigint: (() => void) | null = null;
    const signals = loop._host.signals;
    if (signals && (this._opts.handleSigint ?? true)) {
      removeSigint = signals.on("SIGINT", () => this._onSigint(task));
    }
    let removeAbort: (() => void) | null = null;
    if (signal) {
      const onAbort = () => this._onAbort(task, signal);
      if (signal.aborted) onAbort();
      else {
        signal.addEventListener("abort", onAbort, { once: true });
        removeAbort = () => signal.removeEventListener("abort", onAbort);
      }
    }
    this._interruptCount = 0;
    try {
      return await loop.runUntilComplete(task);
    } catch (e) {
      if (e instanceof CancelledError && this._interruptCount > 0 && task.uncancel() === 0) throw new KeyboardInterrupt("interrupted by SIGINT");
      if (e instanceof CancelledError && signal?.aborted && e.cause === undefined) {
        try {
          Object.defineProperty(e, "cause", { value: signal.reason, writable: true, configurable: true });
        } catch {
          /* a frozen error keeps its fields */
        }
      }
      throw e;
    } finally {
      removeSigint?.();
      removeAbort?.();
    }
  }

  /** @internal the run's AbortSignal aborted: cancel main, as the first SIGINT does */
  private _onAbort(main: Task<unknown>, signal: AbortSignal): void {
    if (main.done()) return;
    const reason = signal.reason;
    main.cancel(abortMessage(reason));
    this._loop?._wakeNow();
  }

  /** @internal */
  private _onSigint(main: Task<unknown>): void {
    this._interruptCount++;
    if (this._interruptCount === 1 && !main.done()) {
      main.cancel();
      this._loop?._wakeNow();
      return;
    }
    // A second SIGINT: stop waiting. The loop is abandoned, as Python raises KeyboardInterrupt at once.
    const loop = this._loop;
    if (loop && loop._running) (loop as any)._fail(new KeyboardInterrupt("interrupted by a second SIGINT"));
  }

  getLoop(): EventLoop {
    return this._lazyInit();
  }

  /** Cancels the tasks left, reports their errors, and closes the loop. Idempotent. */
  async close(): Promise<void> {
    if (this._state === "closed") return;
    const loop = this._loop;
    this._state = "closed";
    if (loop === null) return;
    // A SIGINT while leftover tasks are being cancelled (one that ignores its cancellation would
    // keep the shutdown waiting) stops the shutdown with KeyboardInterrupt, as Python's restored
    // default handler does.
    const signals = loop._host.signals;
    const removeSigint =
      signals && (this._opts.handleSigint ?? true)
        ? signals.on("SIGINT", () => {
            if (loop._running) (loop as any)._fail(new KeyboardInterrupt("interrupted during run() shutdown"));
          })
        : null;
    try {
      if (!loop.isClosed()) {
        await cancelAllTasks(loop);
        // asyncio Runner.close: shutdown_asyncgens, then the default executor (300 s at most).
        // Skipped when they could do nothing: no default executor, nothing ready, no timer
        // (a run() of nothing is then ~12 µs cheaper, a quarter of it).
        if (loop._executor !== null || loop._readyCount() > 0 || loop._nextDeadline !== Infinity) {
          await loop.runUntilComplete(loop.shutdownAsyncgens());
          await loop.runUntilComplete(loop.shutdownDefaultExecutor(_THREAD_JOIN_TIMEOUT_MS));
        }
      }
    } finally {
      removeSigint?.();
      if (!loop.isClosed() && !loop.isRunning()) loop.close();
      this._closeInspect?.();
      this._closeInspect = null;
      this._writeTrace(loop);
    }
  }

  /** @internal the trace, to its file or function, once the loop is closed */
  private _writeTrace(loop: EventLoop): void {
    const out = this._trace;
    const tracer = loop._tracer;
    if (out === null || tracer === null) return;
    this._trace = null;
    loop._tracer = null;
    const trace = tracer.toJSON();
    if (typeof out === "function") out(trace);
    else loop._host.writeTextFile!(out, JSON.stringify(trace));
  }

  /** @internal */
  private _lazyInit(): EventLoop {
    if (this._state === "closed") throw new RuntimeError("Runner is closed");
    if (this._loop === null) {
      const { loopFactory, handleSigint: _, signal: _s, trace: _t, inspect: _i, ...loopOpts } = this._opts;
      const loop = loopFactory ? loopFactory() : new EventLoop(loopOpts);
      if (this._opts.debug !== undefined) loop.setDebug(this._opts.debug);
      const trace = this._opts.trace ?? loop._host.env?.("WASYNCIO_TRACE") ?? undefined;
      if (trace !== undefined && trace !== "") {
        let problem: Error | null = null;
        if (typeof trace !== "function" && typeof trace !== "string") problem = new TypeError(`trace must be a file path or a function: received ${describe(trace)}`);
        // A trace to a function works on every host: run(main, { trace: (t) => … }).
        else if (typeof trace === "string" && loop._host.writeTextFile === undefined) problem = new NotSupportedError("trace to a file", "writeTextFile", loop._host.name);
        if (problem !== null) {
          loop.close();
          this._state = "closed";
          throw problem;
        }
        loop._tracer = new Tracer(loop);
        this._trace = trace as string | ((t: TraceFile) => void);
      }
      const inspect = this._opts.inspect ?? loop._host.env?.("WASYNCIO_INSPECT") === "1";
      if (inspect) {
        const inspector = loop._host.inspector;
        if (inspector === undefined) {
          loop.close();
          this._state = "closed";
          throw new NotSupportedError("run(main, { inspect: true })", "inspector", loop._host.name);
        }
        this._closeInspect = inspector.listen((cmd) => {
          if (loop.isClosed()) return "(the loop is closed)";
          const head = `${loop} — ${allTasks(loop).size} live task(s)`;
          return `${head}\n${cmd === "pstree" ? formatTaskTree(loop) || "(no live tasks)" : formatTaskTable(loop)}`;
        });
      }
      this._loop = loop;
    }
    return this._loop;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

async function cancelAllTasks(loop: EventLoop): Promise<void> {
  const toCancel = allTasks(loop);
  if (toCancel.size === 0) return;
  for (const t of toCancel) t.cancel();
  const everyone = [...toCancel];
  await loop.runUntilComplete(gather(...everyone, { returnExceptions: true }));
  for (const t of everyone) {
    if (t.cancelled()) continue;
    const e = t.exception();
    if (e !== null) loop.callExceptionHandler({ message: "unhandled exception during run() shutdown", exception: e, task: t });
  }
}

/** Runs `main` in a fresh loop and closes it (asyncio.run). */
function isAbortSignal(x: unknown): x is AbortSignal {
  return typeof AbortSignal === "function" ? x instanceof AbortSignal : typeof (x as any)?.addEventListener === "function" && "aborted" in (x as any);
}

/**
 * @example
 * ```ts
 * function* main() {
 *   yield* sleep(10);
 *   return "done";
 * }
 * console.log(await run(main()));                    // done
 * await run(main, { debug: true });                  // the function itself works too
 * const ac = new AbortController();
 * await run(main, { signal: ac.signal });            // ac.abort() would cancel main
 * ```
 */
export async function run<T>(main: CoroutineLike<T>, opts: RunOptions = {}): Promise<T> {
  if (_getRunningLoopOrNull() !== null) throw new RuntimeError("run() cannot be called from a running event loop");
  checkMain(main, "run()");
  const runner = new Runner(opts);
  try {
    return await runner.run(main);
  } finally {
    await runner.close();
  }
}
