// wait.ts: wait() (asyncio.wait) and its returnWhen constants. Never raises TimeoutError and
// never cancels anything; cancelling the caller leaves the children running.

import { describe, _cancelledError, _checkOptions } from "../errors.js";
import { Future, _setResultUnlessCancelled } from "./future.js";
import { getRunningLoop } from "../loop/running.js";
import { _isOp, _isGeneratorObject, _isThenable } from "./coroutine.js";
import { _checkDelay } from "./sleep.js";
import { Op, _failedOp } from "./op.js";
import { _await } from "./create.js";
import { _NamedFuture } from "./future.js";
import type { Coro } from "./task.js";

/**
 * @example
 * ```ts
 * await run(function* () {
 *   const [done] = yield* wait([createTask(sleep(1)), createTask(sleep(100))], { returnWhen: FIRST_COMPLETED });
 *   console.log(done.size); // 1
 * });
 * ```
 */
export const FIRST_COMPLETED = "FIRST_COMPLETED";
/**
 * @example
 * ```ts
 * await run(function* () {
 *   const failing = createTask(function* () { yield* sleep(1); throw new Error("boom"); });
 *   const [done, pending] = yield* wait([failing, createTask(sleep(100))], { returnWhen: FIRST_EXCEPTION });
 *   console.log(done.has(failing), pending.size); // true 1
 * });
 * ```
 */
export const FIRST_EXCEPTION = "FIRST_EXCEPTION";
/**
 * @example
 * ```ts
 * await run(function* () {
 *   const [done, pending] = yield* wait([createTask(sleep(1)), createTask(sleep(2))], { returnWhen: ALL_COMPLETED });
 *   console.log(done.size, pending.size); // 2 0
 * });
 * ```
 */
export const ALL_COMPLETED = "ALL_COMPLETED";

function releaseWaiter(w: Future<unknown>): void {
  if (!w.done()) w.setResult(undefined);
}

/** wait()'s Op body: a module-level generator function bound per call (a fresh generator
 *  closure per call costs ~2 µs in V8). */
function* runWait<T>(set: Set<Future<T>>, timeout: number | null, returnWhen: string): Coro<[Set<Future<T>>, Set<Future<T>>]> {
  const loop = getRunningLoop();
  const waiter = new _NamedFuture<unknown>(loop, "wait()");
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
  return [done, pending];
}

/**
 * Waits for the futures and tasks in `fs`; resolves to [done, pending] sets. Never raises
 * TimeoutError and never cancels anything; cancelling the caller leaves the children running.
 * @example
 * ```ts
 * await run(function* () {
 *   const tasks = [createTask(sleep(10, "a")), createTask(sleep(500, "b"))];
 *   const [done, pending] = yield* wait(tasks, { returnWhen: FIRST_COMPLETED });
 *   console.log(done.size, pending.size); // 1 1
 *   for (const t of pending) t.cancel();
 * });
 * ```
 */
export function wait<T>(
  fs: Iterable<Future<T>>,
  opts: { timeout?: number | null; returnWhen?: string } = {},
): Op<[Set<Future<T>>, Set<Future<T>>]> {
  try {
    // An Op or a future is itself iterable (its await): refused, as asyncio refuses a coroutine.
    if (fs instanceof Future || _isGeneratorObject(fs) || _isThenable(fs) || fs === null || typeof (fs as any)?.[Symbol.iterator] !== "function")
      throw new TypeError(`wait() expects an iterable of futures: received ${describe(fs)}`);
    _checkOptions(opts, ["timeout", "returnWhen"], "wait()");
    const set = new Set(fs);
    if (set.size === 0) throw new RangeError("wait() needs at least one future: received an empty set");
    const returnWhen = opts.returnWhen ?? ALL_COMPLETED;
    if (returnWhen !== FIRST_COMPLETED && returnWhen !== FIRST_EXCEPTION && returnWhen !== ALL_COMPLETED)
      throw new RangeError(`Invalid returnWhen value: ${describe(returnWhen)}`);
    for (const f of set) if (!(f instanceof Future)) throw new TypeError(`wait() takes futures and tasks only (wrap coroutines with createTask): received ${describe(f)}`);
    const timeout = opts.timeout ?? null;
    if (timeout !== null) _checkDelay(timeout, "timeout");
    return new Op(runWait.bind(null, set, timeout, returnWhen) as () => Coro<[Set<Future<T>>, Set<Future<T>>]>);
  } catch (e) {
    return _failedOp(e);
  }
}
