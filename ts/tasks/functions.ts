// tasks.ts: the task-level API (CPython Lib/asyncio/tasks.py): createTask, currentTask,
// allTasks, ensureFuture, wrapPromise, sleep, gather, shield, wait, asCompleted.

import { CancelledError, TimeoutError, describe, _cancelledError } from "../errors.js";
import { Future, PENDING, _setResultUnlessCancelled } from "./future.js";
import { getRunningLoop } from "../loop/running.js";
import { Task, _isOp, _isGeneratorObject, _isThenable, type Coro, type CoroutineLike, type TaskOptions } from "./task.js";
import { Op } from "./op.js";
import type { EventLoop } from "../loop/loop.js";
import { Queue } from "../queues/queue.js";

export type Awaitable<T> = Op<T> | Future<T> | CoroutineLike<T>;

export const FIRST_COMPLETED = "FIRST_COMPLETED";
export const FIRST_EXCEPTION = "FIRST_EXCEPTION";
export const ALL_COMPLETED = "ALL_COMPLETED";

/** Schedules a coroutine (or async function, or promise) as a task of the running loop. */
export function createTask<T>(coro: CoroutineLike<T>, opts?: TaskOptions): Task<T> {
  return getRunningLoop().createTask(coro, opts);
}

/** The task running now; null in a plain callback. RuntimeError when no loop runs. */
export function currentTask(): Task<unknown> | null {
  const loop = getRunningLoop();
  return loop._currentTask ?? loop._asyncTaskNow() ?? null;
}

/** The running loop's tasks that are not done (scheduled and eager). */
export function allTasks(loop: EventLoop = getRunningLoop()): Set<Task<unknown>> {
  const out = new Set<Task<unknown>>();
  for (const t of loop._tasks) if (t !== undefined && t._state === PENDING) out.add(t);
  return out;
}

/** A Future for any awaitable: a future as it is, a coroutine or Op as a task, a promise wrapped. */
export function ensureFuture<T>(aw: Awaitable<T>, loop?: EventLoop): Future<T> {
  if (aw instanceof Future) {
    if (loop !== undefined && aw._loop !== loop) throw new RangeError("The future belongs to a different loop than the one specified");
    return aw;
  }
  if (_isOp(aw)) {
    const o = aw as Op<T>;
    if (typeof o._startAsTask === "function") return o._fut ?? o._startAsTask();
    return (loop ?? getRunningLoop()).createTask(o as unknown as CoroutineLike<T>);
  }
  if (_isGeneratorObject(aw) || typeof aw === "function") return (loop ?? getRunningLoop()).createTask(aw as CoroutineLike<T>);
  if (_isThenable(aw)) return wrapPromise(aw, loop);
  throw new TypeError(`A Future, a coroutine or an awaitable is required: received ${describe(aw)}`);
}

/** A Future settled by a promise (asyncio.wrap_future's counterpart). Cancelling the future does
 *  not stop the promise's work; pass an AbortSignal to that work for that. */
export function wrapPromise<T>(p: PromiseLike<T>, loop: EventLoop = getRunningLoop()): Future<T> {
  if (p instanceof Future) return p;
  if (!_isThenable(p)) throw new TypeError(`A promise was expected: received ${describe(p)}`);
  const fut = loop.createFuture<T>();
  p.then(
    (v) => {
      if (fut._state === PENDING && !loop._closed) fut.setResult(v);
    },
    (e) => {
      if (fut._state !== PENDING || loop._closed) return;
      if (e instanceof CancelledError) fut.cancel(e.message || undefined);
      else fut.setException(e);
    },
  );
  return fut;
}

/** @internal `yield*` any awaitable inline (asyncio's `await aw`). */
export function* _await<T>(aw: Awaitable<T>): Coro<T> {
  if (aw instanceof Future) return yield* aw;
  if (_isOp(aw) || _isGeneratorObject(aw)) return yield* (aw as Iterable<unknown> as Coro<T>);
  if (typeof aw === "function") {
    const r = (aw as any).length >= 1 ? (aw as any)(currentTask()?.signal ?? new AbortController().signal) : (aw as any)();
    if (_isGeneratorObject(r)) return yield* (r as Coro<T>);
    if (_isThenable(r)) return yield* wrapPromise(r as PromiseLike<T>);
    return r as T;
  }
  if (_isThenable(aw)) return yield* wrapPromise(aw as PromiseLike<T>);
  throw new TypeError(`An awaitable was expected: received ${describe(aw)}`);
}

function checkDelay(ms: unknown, what: string): number {
  if (typeof ms !== "number") throw new TypeError(`The ${what} must be a number of milliseconds: received ${describe(ms)}`);
  if (Number.isNaN(ms)) throw new RangeError(`Invalid ${what}: NaN (not a number)`);
  return ms;
}

/** Suspends the task for `ms` milliseconds; `ms <= 0` gives up exactly one loop iteration.
 *  Cancellation: the timer is cancelled and CancelledError raised at once. */
export function sleep<T = void>(ms: number, result?: T): Op<T> {
  checkDelay(ms, "delay");
  return new SleepOp<T>(ms, result as T) as unknown as Op<T>;
}

/**
 * sleep()'s Op, hand-written because it is the hottest awaitable: its own iterator (no
 * generator), one Future and one timer. Awaited again it awaits the same future, so it runs once
 * and remembers its outcome like every Op. Cancellation: the timer is cancelled at once.
 */
class SleepOp<T> implements PromiseLike<T> {
  /** @internal */ _fut: Future<T> | null = null;
  /** @internal bare-yield state for ms <= 0: 0 fresh, 1 yielded, 2 done */
  _yielded = 0;
  /** @internal the op is its own iterator the first time it is awaited */
  _started = false;
  constructor(readonly ms: number, readonly result: T) {}

  /** @internal */
  _future(): Future<T> {
    if (this._fut === null) {
      const loop = getRunningLoop();
      if (this.ms <= 0) {
        const f = (this._fut = new Future<T>(loop));
        loop.callSoon(_setResultUnlessCancelled, f, this.result);
      } else this._fut = loop._timerFuture(loop.time() + this.ms, this.result);
    }
    return this._fut;
  }

  [Symbol.iterator](): Iterator<unknown, T, unknown> {
    if (this.ms <= 0 && this._fut === null) return new BareYield(this);
    if (!this._started) return this;
    return new SleepIter(this);
  }

  // The iterator protocol of the first await (see SleepIter for the same on later awaits).
  next(): IteratorResult<unknown, T> {
    const f = this._future();
    if (!this._started && f._state === PENDING) {
      this._started = true;
      f._blocking = true;
      return { done: false, value: f };
    }
    this._started = true;
    return { done: true, value: f.result() };
  }

  throw(e: unknown): IteratorResult<unknown, T> {
    sleepAborted(this);
    throw e;
  }

  return(v?: any): IteratorResult<unknown, T> {
    return { done: true, value: v };
  }

  then<R1 = T, R2 = never>(a?: ((v: T) => R1 | PromiseLike<R1>) | null, b?: ((r: any) => R2 | PromiseLike<R2>) | null): Promise<R1 | R2> {
    let f: Future<T>;
    try {
      f = this._future();
    } catch (e) {
      return Promise.reject(e).then(a, b);
    }
    return f.then(a, b);
  }

  get [Symbol.toStringTag](): string {
    return "Op";
  }
}

/** The awaiting task was cancelled (or its future failed): the timer goes at once. */
function sleepAborted(op: SleepOp<unknown>): void {
  if (op._fut !== null && op._fut._state === PENDING) op._fut.cancel();
}

/** `yield* sleep(0)`: exactly one bare yield, as asyncio's sleep(0). */
class BareYield<T> implements Iterator<unknown, T, unknown> {
  constructor(private readonly op: SleepOp<T>) {}
  next(): IteratorResult<unknown, T> {
    if (this.op._yielded === 0) {
      getRunningLoop();
      this.op._yielded = 1;
      return { done: false, value: undefined };
    }
    this.op._yielded = 2;
    return { done: true, value: this.op.result };
  }
  throw(e: unknown): IteratorResult<unknown, T> {
    this.op._yielded = 2;
    throw e;
  }
  return(v?: any): IteratorResult<unknown, T> {
    return { done: true, value: v };
  }
  [Symbol.iterator](): this {
    return this;
  }
}

class SleepIter<T> implements Iterator<unknown, T, unknown> {
  private started = false;
  constructor(private readonly op: SleepOp<T>) {}
  next(): IteratorResult<unknown, T> {
    const f = this.op._future();
    if (!this.started && f._state === PENDING) {
      this.started = true;
      f._blocking = true;
      return { done: false, value: f };
    }
    return { done: true, value: f.result() };
  }
  throw(e: unknown): IteratorResult<unknown, T> {
    sleepAborted(this.op);
    throw e;
  }
  return(v?: any): IteratorResult<unknown, T> {
    return { done: true, value: v };
  }
  [Symbol.iterator](): this {
    return this;
  }
}

/** The future of gather(): cancelling it cancels every child still running. */
export class GatheringFuture<T> extends Future<T> {
  /** @internal */ _children: Future<unknown>[];
  /** @internal */ _cancelRequested = false;
  constructor(children: Future<unknown>[], loop: EventLoop) {
    super(loop);
    this._children = children;
  }
  cancel(msg?: string): boolean {
    if (this.done()) return false;
    let ret = false;
    for (const c of this._children) if (c.cancel(msg)) ret = true;
    if (ret) this._cancelRequested = true;
    return ret;
  }
}

function isGatherOptions(x: unknown): x is { returnExceptions?: boolean } {
  return x !== null && typeof x === "object" && !(x instanceof Future) && !_isThenable(x) && !_isGeneratorObject(x) && !_isOp(x) && Object.getPrototypeOf(x) === Object.prototype;
}

/**
 * Runs the awaitables concurrently; resolves to their results in argument order.
 * The first error (or a child's cancellation) settles the gather at once while the other
 * children keep running, unless `{ returnExceptions: true }` is passed as the last argument.
 */
export function gather(...args: unknown[]): GatheringFuture<any[]> {
  let returnExceptions = false;
  if (args.length && isGatherOptions(args[args.length - 1])) returnExceptions = !!(args.pop() as any).returnExceptions;
  let loop: EventLoop | undefined;
  if (args.length === 0) {
    loop = getRunningLoop();
    const outer = new GatheringFuture<any[]>([], loop);
    Future.prototype.setResult.call(outer, []);
    return outer;
  }
  const argToFut = new Map<unknown, Future<unknown>>();
  const children: Future<unknown>[] = [];
  const doneFuts: Future<unknown>[] = [];
  let nfuts = 0;
  let nfinished = 0;
  let outer: GatheringFuture<any[]> | null = null;
  const onDone = (fut: Future<unknown>) => {
    nfinished++;
    if (outer === null || outer.done()) {
      if (!fut.cancelled()) fut.exception(); // mark it retrieved
      return;
    }
    if (!returnExceptions) {
      if (fut.cancelled()) {
        outer.setException(fut._makeCancelledError());
        return;
      }
      const exc = fut.exception();
      if (exc !== null) {
        outer.setException(exc);
        return;
      }
    }
    if (nfinished === nfuts) {
      const results: unknown[] = [];
      let last: Future<unknown> = fut;
      for (const c of children) {
        last = c;
        if (c.cancelled()) results.push(_cancelledError(c._cancelMessage ?? "", c._loop._debug));
        else {
          const e = c.exception();
          results.push(e !== null ? e : c.result());
        }
      }
      if (outer._cancelRequested) outer.setException(last._makeCancelledError());
      else outer.setResult(results);
    }
  };
  for (const arg of args) {
    let fut = argToFut.get(arg);
    if (fut === undefined) {
      fut = ensureFuture(arg as Awaitable<unknown>, loop);
      loop ??= fut._loop;
      nfuts++;
      argToFut.set(arg, fut);
      if (fut.done()) doneFuts.push(fut);
      else fut.addDoneCallback(onDone);
    }
    children.push(fut);
  }
  outer = new GatheringFuture<any[]>(children, loop!);
  for (const f of doneFuts) onDone(f);
  return outer;
}

/** Protects an awaitable from cancellation: cancelling the returned future leaves the inner one running. */
export function shield<T>(aw: Awaitable<T>): Future<T> {
  const inner = ensureFuture(aw);
  if (inner.done()) return inner;
  const outer = inner._loop.createFuture<T>();
  const onInner = (f: Future<T>) => {
    if (outer.cancelled()) {
      if (!f.cancelled()) f.exception();
      return;
    }
    if (f.cancelled()) outer.cancel();
    else {
      const e = f.exception();
      if (e !== null) outer.setException(e);
      else outer.setResult(f.result());
    }
  };
  inner.addDoneCallback(onInner);
  outer.addDoneCallback(() => {
    if (!inner.done()) inner.removeDoneCallback(onInner);
  });
  return outer;
}

function releaseWaiter(w: Future<unknown>): void {
  if (!w.done()) w.setResult(undefined);
}

/**
 * Waits for the futures and tasks in `fs`; resolves to [done, pending] sets. Never raises
 * TimeoutError and never cancels anything; cancelling the caller leaves the children running.
 */
export function wait<T>(
  fs: Iterable<Future<T>>,
  opts: { timeout?: number | null; returnWhen?: string } = {},
): Op<[Set<Future<T>>, Set<Future<T>>]> {
  if (fs instanceof Future || _isGeneratorObject(fs) || fs === null || typeof (fs as any)?.[Symbol.iterator] !== "function")
    throw new TypeError(`wait() expects an iterable of futures: received ${describe(fs)}`);
  const set = new Set(fs);
  if (set.size === 0) throw new RangeError("wait() needs at least one future: received an empty set");
  const returnWhen = opts.returnWhen ?? ALL_COMPLETED;
  if (returnWhen !== FIRST_COMPLETED && returnWhen !== FIRST_EXCEPTION && returnWhen !== ALL_COMPLETED)
    throw new RangeError(`Invalid returnWhen value: ${describe(returnWhen)}`);
  for (const f of set) if (!(f instanceof Future)) throw new TypeError(`wait() takes futures and tasks only (wrap coroutines with createTask): received ${describe(f)}`);
  const timeout = opts.timeout ?? null;
  if (timeout !== null) checkDelay(timeout, "timeout");
  return new Op(function* () {
    const loop = getRunningLoop();
    const waiter = loop.createFuture<unknown>();
    const th = timeout !== null ? loop.callLater(timeout, releaseWaiter, waiter) : null;
    let counter = set.size;
    const onCompletion = (f: Future<T>) => {
      counter--;
      if (counter <= 0 || returnWhen === FIRST_COMPLETED || (returnWhen === FIRST_EXCEPTION && !f.cancelled() && f.exception() !== null)) {
        th?.cancel();
        if (!waiter.done()) waiter.setResult(undefined);
      }
    };
    for (const f of set) f.addDoneCallback(onCompletion);
    try {
      yield* waiter;
    } finally {
      th?.cancel();
      for (const f of set) f.removeDoneCallback(onCompletion);
    }
    const done = new Set<Future<T>>();
    const pending = new Set<Future<T>>();
    for (const f of set) (f.done() ? done : pending).add(f);
    return [done, pending] as [Set<Future<T>>, Set<Future<T>>];
  });
}

/**
 * Iterates over awaitables in completion order (asyncio.as_completed, 3.13).
 * Plain iteration gives Ops that resolve to the next result; async iteration gives the original
 * futures and tasks. On timeout every remaining await raises TimeoutError; nothing is cancelled.
 */
export function asCompleted<T>(aws: Iterable<Awaitable<T>>, opts: { timeout?: number | null } = {}): Iterable<Op<T>> & AsyncIterable<Future<T>> {
  if (aws instanceof Future || _isGeneratorObject(aws) || _isThenable(aws) || aws === null || typeof (aws as any)?.[Symbol.iterator] !== "function")
    throw new TypeError(`asCompleted() expects an iterable of awaitables: received ${describe(aws)}`);
  const timeout = opts.timeout ?? null;
  if (timeout !== null) checkDelay(timeout, "timeout");
  const loop = getRunningLoop();
  const todo = new Set<Future<T>>();
  for (const aw of new Set(aws)) todo.add(ensureFuture(aw, loop));
  // Completed futures, and a null per remaining future once the timeout fires, go through an
  // asyncio.Queue, as in CPython: its waiter list (in the core) decides which awaiter wakes.
  const done = new Queue<Future<T> | null>();
  let th: ReturnType<EventLoop["callLater"]> | null = null;
  const onCompletion = (f: Future<T>) => {
    if (todo.size === 0) return; // the timeout was here first
    todo.delete(f);
    done.putNowait(f);
    if (todo.size === 0 && th !== null) th.cancel();
  };
  for (const f of todo) f.addDoneCallback(onCompletion);
  if (todo.size && timeout !== null)
    th = loop.callLater(timeout, () => {
      for (const f of todo) {
        f.removeDoneCallback(onCompletion);
        done.putNowait(null);
      }
      todo.clear();
    });
  let left = todo.size;
  function* waitForOne(): Coro<Future<T>> {
    const f = yield* done.get();
    if (f === null) throw new TimeoutError("asCompleted() timed out");
    return f;
  }
  return {
    *[Symbol.iterator]() {
      while (left > 0) {
        left--;
        yield new Op<T>(function* () {
          const f = yield* waitForOne();
          return f.result();
        });
      }
    },
    [Symbol.asyncIterator]() {
      return {
        next: async (): Promise<IteratorResult<Future<T>>> => {
          if (left <= 0) return { done: true, value: undefined };
          left--;
          // Boxed: a promise would unwrap the future (a thenable) into its result.
          const [f] = await new Op(function* () {
            return [yield* waitForOne()] as [Future<T>];
          });
          return { done: false, value: f };
        },
      };
    },
  };
}

