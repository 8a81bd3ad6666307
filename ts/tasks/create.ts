// create.ts: making and finding tasks (CPython Lib/asyncio/tasks.py): createTask, currentTask,
// allTasks, ensureFuture, wrapPromise, and the inline await of any awaitable.

import { CancelledError, describe, _cancelledError } from "../errors.js";
import { Future, PENDING, _setResultUnlessCancelled } from "./future.js";
import { getRunningLoop } from "../loop/running.js";
import { Task, type Coro, type CoroutineLike, type TaskOptions } from "./task.js";
import { _isOp, _isGeneratorObject, _isThenable } from "./coroutine.js";
import { Op } from "./op.js";
import type { EventLoop } from "../loop/loop.js";

/**
 * @example
 * ```ts
 * import { run, sleep, createTask, type Awaitable } from "wasyncio";
 * function* twice<T>(aw: Awaitable<T>) {
 *   const t = createTask(function* () { return [yield* sleep(0, 1), 2]; });
 *   return [aw, t] as const;
 * }
 * await run(function* () { yield* twice(sleep(1)); });
 * ```
 */
export type Awaitable<T> = Op<T> | Future<T> | CoroutineLike<T>;

/**
 * Schedules a coroutine (or async function, or promise) as a task of the running loop.
 * @example
 * ```ts
 * function* child(i: number) {
 *   yield* sleep(10 * i);
 *   return i * 2;
 * }
 * await run(function* () {
 *   const t = createTask(child(3), { name: "child-3" });
 *   console.log(t.getName(), yield* t); // child-3 6
 * });
 * ```
 */
export function createTask<T>(coro: CoroutineLike<T>, opts?: TaskOptions): Task<T> {
  return getRunningLoop().createTask(coro, opts);
}

/**
 * The task running now; null in a plain callback. RuntimeError when no loop runs.
 * @example
 * ```ts
 * await run(function* () {
 *   console.log(currentTask()?.getName()); // the main task's name
 * });
 * ```
 */
export function currentTask(): Task<unknown> | null {
  const loop = getRunningLoop();
  return loop._currentTask ?? loop._asyncTaskNow() ?? null;
}

/**
 * The running loop's tasks that are not done (scheduled and eager).
 * @example
 * ```ts
 * await run(function* () {
 *   createTask(sleep(50));
 *   console.log(allTasks().size); // 2: main and the sleeper
 * });
 * ```
 */
export function allTasks(loop: EventLoop = getRunningLoop()): Set<Task<unknown>> {
  const out = new Set<Task<unknown>>();
  for (const t of loop._tasks) if (t !== undefined && t._state === PENDING) out.add(t);
  return out;
}

/**
 * A Future for any awaitable: a future as it is, a coroutine or Op as a task, a promise wrapped.
 * @example
 * ```ts
 * await run(function* () {
 *   const f = ensureFuture(sleep(10, 42)); // an Op, coroutine or promise becomes a Future
 *   console.log(yield* f);                 // 42
 * });
 * ```
 */
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
 *  not stop the promise's work; pass an AbortSignal to that work for that.
 * @example
 * ```ts
 * await run(function* () {
 *   const text = yield* wrapPromise(Promise.resolve("from a promise"));
 *   console.log(text);
 * });
 * ```
 */
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
    if (_isOp(r) || _isGeneratorObject(r)) return yield* (r as Coro<T>); // an Op inline, as above
    if (_isThenable(r)) return yield* wrapPromise(r as PromiseLike<T>);
    return r as T;
  }
  if (_isThenable(aw)) return yield* wrapPromise(aw as PromiseLike<T>);
  throw new TypeError(`An awaitable was expected: received ${describe(aw)}`);
}
