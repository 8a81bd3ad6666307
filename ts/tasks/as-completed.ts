// as-completed.ts: asCompleted() (asyncio.as_completed), both forms: an iterable of Ops in
// completion order, and an async iterable of the original futures (3.13), through a real Queue
// as CPython does.

import { TimeoutError, describe, _cancelledError, _checkOptions } from "../errors.js";
import { Future, _setResultUnlessCancelled } from "./future.js";
import { getRunningLoop } from "../loop/running.js";
import { _isOp, _isGeneratorObject, _isThenable } from "./coroutine.js";
import { type Coro } from "./task.js";
import { _checkDelay } from "./sleep.js";
import { Op } from "./op.js";
import type { EventLoop } from "../loop/loop.js";
import { Queue } from "../queues/queue.js";
import { _await, ensureFuture, type Awaitable } from "./create.js";

/** The next completed future off `done` (a null: the timeout fired). */
function* waitForOne<T>(done: Queue<Future<T> | null>): Coro<Future<T>> {
  const f = yield* done.get();
  if (f === null) throw new TimeoutError("asCompleted() timed out");
  return f;
}

/** A plain-iteration Op's body: the next result (module level, bound once per asCompleted()). */
function* nextResult<T>(done: Queue<Future<T> | null>): Coro<T> {
  return (yield* waitForOne(done)).result();
}

/** An async-iteration Op's body: the next future, boxed (a promise would unwrap a thenable). */
function* nextFuture<T>(done: Queue<Future<T> | null>): Coro<[Future<T>]> {
  return [yield* waitForOne(done)];
}

/**
 * Iterates over awaitables in completion order (asyncio.as_completed, 3.13).
 * Plain iteration gives Ops that resolve to the next result; async iteration gives the original
 * futures and tasks. On timeout every remaining await raises TimeoutError; nothing is cancelled.
 * @example
 * ```ts
 * await run(function* () {
 *   for (const next of asCompleted([sleep(30, "slow"), sleep(10, "fast")])) {
 *     console.log(yield* next); // fast, then slow
 *   }
 * });
 * ```
 */
export function asCompleted<T>(aws: Iterable<Awaitable<T>>, opts: { timeout?: number | null } = {}): Iterable<Op<T>> & AsyncIterable<Future<T>> {
  if (aws instanceof Future || _isGeneratorObject(aws) || _isThenable(aws) || aws === null || typeof (aws as any)?.[Symbol.iterator] !== "function")
    throw new TypeError(`asCompleted() expects an iterable of awaitables: received ${describe(aws)}`);
  _checkOptions(opts, ["timeout"], "asCompleted()");
  const timeout = opts.timeout ?? null;
  if (timeout !== null) _checkDelay(timeout, "timeout");
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
  const one = (nextResult<T>).bind(null, done) as () => Coro<T>;
  const boxed = (nextFuture<T>).bind(null, done) as () => Coro<[Future<T>]>;
  return {
    *[Symbol.iterator]() {
      while (left > 0) {
        left--;
        yield new Op<T>(one);
      }
    },
    [Symbol.asyncIterator]() {
      return {
        next: async (): Promise<IteratorResult<Future<T>>> => {
          if (left <= 0) return { done: true, value: undefined };
          left--;
          // Boxed: a promise would unwrap the future (a thenable) into its result.
          const [f] = await new Op(boxed);
          return { done: false, value: f };
        },
      };
    },
  };
}
