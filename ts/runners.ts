// runners.ts: run() and Runner (CPython Lib/asyncio/runners.py).
// run(main) makes a fresh loop, runs `main` as a task until it is done, then cancels what is
// left, reports the leftover tasks' errors to the exception handler, and closes the loop.

import { CancelledError, KeyboardInterrupt, RuntimeError, describe, _checkOptions } from "./errors.js";
import { _getRunningLoopOrNull } from "./loop/running.js";
import { EventLoop, LOOP_KEYS, type LoopOptions } from "./loop/loop.js";
import { _isGeneratorObject, _isOp, _isThenable } from "./tasks/coroutine.js";
import { type CoroutineLike, type Task } from "./tasks/task.js";
import { Future } from "./tasks/future.js";
import { allTasks } from "./tasks/create.js";
import { gather } from "./tasks/gather.js";

export interface RunOptions extends LoopOptions {
  /** Make the loop (asyncio's loop_factory). */
  loopFactory?: () => EventLoop;
  /** Turn the first SIGINT into cancelling the main task (default: true where the host has signals). */
  handleSigint?: boolean;
}

const RUN_KEYS = [...LOOP_KEYS, "loopFactory", "handleSigint"];

function checkMain(main: unknown, api: string): void {
  if (main instanceof Future) throw new TypeError(`${api} expects a coroutine, a function or a promise: received a Future`);
  if (_isGeneratorObject(main) || _isOp(main) || typeof main === "function" || _isThenable(main)) return;
  throw new TypeError(`${api} expects a coroutine, a function or a promise: received ${describe(main)}`);
}

export class Runner {
  /** @internal */ _opts: RunOptions;
  /** @internal */ _loop: EventLoop | null = null;
  /** @internal */ _state: "initialized" | "closed" = "initialized";
  /** @internal */ _interruptCount = 0;

  constructor(opts: RunOptions = {}) {
    _checkOptions(opts, RUN_KEYS, "Runner()");
    this._opts = opts;
  }

  /** Runs `main` to completion on this runner's loop; may be called again after it returns. */
  async run<T>(main: CoroutineLike<T>): Promise<T> {
    checkMain(main, "Runner.run()");
    if (_getRunningLoopOrNull() !== null) throw new RuntimeError("Runner.run() cannot be called from a running event loop");
    const loop = this._lazyInit();
    const task = loop.createTask(main);
    let removeSigint: (() => void) | null = null;
    const signals = loop._host.signals;
    if (signals && (this._opts.handleSigint ?? true)) {
      removeSigint = signals.on("SIGINT", () => this._onSigint(task));
    }
    this._interruptCount = 0;
    try {
      return await loop.runUntilComplete(task);
    } catch (e) {
      if (e instanceof CancelledError && this._interruptCount > 0 && task.uncancel() === 0) throw new KeyboardInterrupt("interrupted by SIGINT");
      throw e;
    } finally {
      removeSigint?.();
    }
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
      if (!loop.isClosed()) await cancelAllTasks(loop);
    } finally {
      removeSigint?.();
      if (!loop.isClosed() && !loop.isRunning()) loop.close();
    }
  }

  /** @internal */
  private _lazyInit(): EventLoop {
    if (this._state === "closed") throw new RuntimeError("Runner is closed");
    if (this._loop === null) {
      const { loopFactory, handleSigint: _, ...loopOpts } = this._opts;
      this._loop = loopFactory ? loopFactory() : new EventLoop(loopOpts);
      if (this._opts.debug !== undefined) this._loop.setDebug(this._opts.debug);
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
