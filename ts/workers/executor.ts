// executor.ts: off-loop work on worker threads: WorkerPool, loop.runInExecutor, toThread
// (CPython base_events.py run_in_executor, threads.py to_thread, over concurrent.futures'
// ThreadPoolExecutor). JS threads share no heap, so a job names a module and an export instead
// of passing a function: the worker imports `module` and calls `exportName(...args)`; the
// arguments and the result are structured-cloned, and an error comes back with its name,
// message, stack and code.
// The pool starts workers lazily, up to `size` (default: the facet's, asyncio's
// min(32, cpus + 4)), runs one job per worker, and queues the rest FIFO.
// Cancellation, as asyncio's (concurrent.futures): a job still queued is taken out of the queue
// and never runs; a job that already runs cannot be stopped (a function on another thread can
// only be interrupted by terminating its worker): it runs to its end, its result or error is
// dropped, and its worker takes the next job after it. Either way the Future is cancelled at once.
// A worker that dies with its job (its host handle says `dead`) fails that job and is replaced.
// The default executor's shutdown (loop.shutdownDefaultExecutor(timeout), which run() awaits with
// asyncio's 300 s before it closes the loop) waits for the pool's jobs; past the timeout it
// warns (asyncio's RuntimeWarning) and stops waiting, and loop.close() then terminates the
// workers of the pool the loop made.

import type { WorkerFacet, WorkerHandle } from "../../host/host.js";
import type { EventLoop } from "../loop/loop.js";
import { Future, PENDING, _setResultUnlessCancelled } from "../tasks/future.js";
import { Op } from "../tasks/op.js";
import type { Coro } from "../tasks/task.js";
import { CancelledError, RuntimeError, describe, _checkOptions } from "../errors.js";
import { getRunningLoop } from "../loop/running.js";
import { wrapPromise } from "../tasks/create.js";
import { _facet, _missingFacet } from "../net/host-io.js";
import type { Host } from "../../host/host.js";
import { _failedOp } from "../tasks/op.js";
import { INSPECT } from "../inspect.js";

interface Job {
  module: string;
  exportName: string;
  args: unknown[];
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

/** asyncio's THREAD_JOIN_TIMEOUT (constants.py): how long run() waits for the default executor. */
export const _THREAD_JOIN_TIMEOUT_MS = 300_000;

/**
 * A pool of worker threads (asyncio's ThreadPoolExecutor counterpart).
 * @example
 * ```ts
 * // fib.mjs exports fib(n); the URL finds it next to this module wherever the program starts.
 * const pool = new WorkerPool(4);
 * await run(function* () {
 *   const n = yield* getRunningLoop().runInExecutor<number>(pool, new URL("./fib.mjs", import.meta.url), "fib", 30);
 *   console.log(n);
 * });
 * await pool.close();
 * ```
 */
export class WorkerPool {
  readonly size: number | undefined;
  /** @internal */ _facet: WorkerFacet | null = null;
  /** @internal */ _idle: WorkerHandle[] = [];
  /** @internal */ _all = new Set<WorkerHandle>();
  /** @internal */ _queue: Job[] = [];
  /** @internal */ _busy = 0;
  /** @internal */ _closed = false;
  /** @internal */ _idleWaiters: (() => void)[] = [];
  /** @internal */ _host: Host | null;

  /**
   * @param size the most workers at once (default: the host's choice, min(32, cpus + 4) on Node).
   * @throws RangeError when size is not a positive integer.
   */
  constructor(size?: number, opts: { host?: Host } = {}) {
    if (size !== undefined && !(Number.isInteger(size) && size > 0)) throw new RangeError(`The pool size must be a positive integer: received ${describe(size)}`);
    _checkOptions(opts, ["host"], "WorkerPool()");
    this.size = size;
    this._host = opts.host ?? null;
  }

  /** @internal */
  _bind(host: Host): WorkerFacet {
    if (this._facet === null) {
      const h = this._host ?? host;
      if (!h.workers) throw _missingFacet(h, "workers", "WorkerPool");
      this._facet = h.workers;
    }
    return this._facet;
  }

  private _limit(): number {
    return this.size ?? this._facet!.defaultSize();
  }

  /** @internal queue a job; resolves with the export's return value */
  _submit(host: Host, module: string | URL, exportName: string, args: unknown[]): { promise: Promise<unknown>; job: Job } {
    if (this._closed) throw new RuntimeError("The worker pool is closed");
    if (typeof module !== "string" && !(module instanceof URL)) throw new TypeError(`The module must be a path or URL: received ${describe(module)}`);
    if (typeof exportName !== "string") throw new TypeError(`The export name must be a string: received ${describe(exportName)}`);
    this._bind(host);
    let job!: Job;
    const promise = new Promise<unknown>((resolve, reject) => {
      job = { module: String(module), exportName, args, resolve, reject };
    });
    this._queue.push(job);
    this._pump();
    return { promise, job };
  }

  private _pump(): void {
    while (this._queue.length) {
      let w = this._idle.pop();
      while (w !== undefined && w.dead) {
        this._all.delete(w); // died while idle: never given a job
        w = this._idle.pop();
      }
      if (w === undefined) {
        if (this._all.size >= this._limit()) return;
        w = this._facet!.create();
        this._all.add(w);
      }
      const job = this._queue.shift()!;
      this._busy++;
      const worker = w;
      worker.run(job.module, job.exportName, job.args).then(
        (v) => this._done(worker, job, true, v),
        (e) => this._done(worker, job, false, e),
      );
    }
  }

  private _done(w: WorkerHandle, job: Job, ok: boolean, v: unknown): void {
    this._busy--;
    if (this._all.has(w)) {
      // A worker that died with its job (it crashed, exited, closed itself) is replaced: the
      // next job starts a fresh one.
      if (w.dead) {
        this._all.delete(w);
        void w.terminate().catch(() => {});
      } else this._idle.push(w);
    }
    if (ok) job.resolve(v);
    else job.reject(v);
    this._pump();
    this._checkIdle();
  }

  private _checkIdle(): void {
    if (this._busy === 0 && this._queue.length === 0) for (const cb of this._idleWaiters.splice(0)) cb();
  }

  /** @internal the job's Future was cancelled: a queued job leaves the queue and settles as
   *  cancelled (it never runs); a running one runs to its end and its outcome is dropped (the
   *  Future is done already) */
  _cancel(job: Job): void {
    const i = this._queue.indexOf(job);
    if (i < 0) return;
    this._queue.splice(i, 1);
    job.reject(new CancelledError());
    this._checkIdle();
  }

  /** @internal terminate at once (loop.close(): asyncio shuts the default executor down without waiting) */
  _terminate(): void {
    this._closed = true;
    for (const j of this._queue.splice(0)) j.reject(new RuntimeError("The worker pool was closed"));
    for (const w of this._all) void w.terminate();
    this._all.clear();
    this._idle = [];
  }

  /** Refuses new jobs, waits for the queued and running ones, then stops the workers. */
  async close(): Promise<void> {
    this._closed = true;
    if (this._busy > 0 || this._queue.length > 0) await new Promise<void>((r) => this._idleWaiters.push(r));
    const ws = [...this._all];
    this._all.clear();
    this._idle = [];
    await Promise.all(ws.map((w) => w.terminate()));
  }

  /** util.inspect shows the String() form */
  [INSPECT](): string {
    return this.toString();
  }

  toString(): string {
    return `<WorkerPool size=${this.size ?? "default"} workers=${this._all.size} busy=${this._busy} queued=${this._queue.length}${this._closed ? " closed" : ""}>`;
  }
}

// The loop's default executor is its own state: `loop._executor` (made at the first
// runInExecutor(null, ...), terminated by loop.close()) and `loop._executorShutdown` (asyncio's
// _executor_shutdown_called).

export function runInExecutor<T>(loop: EventLoop, executor: WorkerPool | null, module: string | URL, exportName: string, args: unknown[]): Future<T> {
  loop._checkClosed();
  // The arguments are checked first: a bad one is the caller's error on every host.
  if (typeof module !== "string" && !(module instanceof URL)) throw new TypeError(`The module must be a path or URL: received ${describe(module)}`);
  if (typeof exportName !== "string") throw new TypeError(`The export name must be a string: received ${describe(exportName)}`);
  let pool = executor;
  if (pool === null || pool === undefined) {
    if (loop._executorShutdown) throw new RuntimeError("Executor shutdown has been called");
    pool = loop._executor;
    if (pool === null) {
      _facet(loop, "workers", "runInExecutor()");
      pool = loop._executor = new WorkerPool();
      loop._executorOwned = true;
    }
  } else if (!(pool instanceof WorkerPool)) throw new TypeError(`The executor must be a WorkerPool or null: received ${describe(pool)}`);
  const { promise, job } = pool._submit(loop._host, module, exportName, args);
  const fut = loop.createFuture<T>();
  promise.then(
    (v) => {
      if (fut._state === PENDING && !loop._closed) fut.setResult(v as T);
    },
    (e) => {
      if (fut._state === PENDING && !loop._closed) fut.setException(e);
    },
  );
  fut.addDoneCallback((f) => {
    if (f.cancelled()) pool._cancel(job);
  });
  return fut;
}

export function setDefaultExecutor(loop: EventLoop, executor: WorkerPool): void {
  if (!(executor instanceof WorkerPool)) throw new TypeError(`The default executor must be a WorkerPool: received ${describe(executor)}`);
  loop._executor = executor;
  loop._executorOwned = false;
}

function* shutdownExecutor(loop: EventLoop, timeout: number | null): Coro<void> {
  loop._executorShutdown = true;
  const p = loop._executor;
  if (p === null) return;
  // The pool stays the default executor (asyncio keeps it too): a later shutdown (run()'s) waits
  // for it again, and loop.close() terminates it if the loop made it.
  const done = loop.createFuture<boolean>();
  p.close().then(
    () => {
      if (!loop._closed) loop.callSoonThreadsafe(_setResultUnlessCancelled, done, true);
    },
    (e) => {
      if (!loop._closed && !done.done()) loop.callSoonThreadsafe(() => done.done() || done.setException(e));
    },
  );
  const timer = timeout === null ? null : loop.callLater(timeout, _setResultUnlessCancelled, done, false);
  let joined: boolean;
  try {
    joined = yield* done;
  } finally {
    timer?.cancel();
  }
  if (!joined) console.warn(`RuntimeWarning: The executor did not finish joining its workers within ${timeout} ms.`);
}

export function shutdownDefaultExecutor(loop: EventLoop, timeout: number | null = null): Op<void> {
  try {
    if (timeout !== null && timeout !== undefined) {
      if (typeof timeout !== "number") throw new TypeError(`The timeout must be a number of milliseconds or null: received ${describe(timeout)}`);
      if (Number.isNaN(timeout)) throw new RangeError("The timeout must not be NaN");
    }
    return new Op<void>(() => shutdownExecutor(loop, timeout ?? null));
  } catch (e) {
    return _failedOp(e);
  }
}

/** loop.shutdownAsyncgens(): asyncio closes the async generators it saw started through
 *  sys.set_asyncgen_hooks; JavaScript has no such hook, so there are none to close. */
export function shutdownAsyncgens(_loop: EventLoop): Op<void> {
  return new Op<void>(noAsyncgens);
}

function* noAsyncgens(): Coro<void> {}

/** loop.close(): the default pool the loop made itself is terminated (a pool given with
 *  setDefaultExecutor belongs to the caller, as in asyncio). */
export function closeDefaultExecutor(loop: EventLoop): void {
  const p = loop._executor;
  loop._executor = null;
  if (p !== null && loop._executorOwned) p._terminate();
}

function* inExecutor<T>(module: string | URL, exportName: string, args: unknown[]): Coro<T> {
  return yield* getRunningLoop().runInExecutor<T>(null, module, exportName, ...args);
}

/**
 * Runs `exportName(...args)` of `module` on the running loop's default WorkerPool.
 * Cancellation: the caller stops waiting; a job already running finishes in its worker.
 * @example Hash off the loop
 * const digest = yield* toThread(new URL("./hash.mjs", import.meta.url), "sha256", new TextEncoder().encode("text"));
 */
export function toThread<T>(module: string | URL, exportName: string, ...args: unknown[]): Op<T> {
  try {
    return new Op<T>(() => inExecutor<T>(module, exportName, args));
  } catch (e) {
    return _failedOp(e);
  }
}
