// wait-for.ts: waitFor(aw, ms), 3.12+ semantics: `timeout(ms) { return yield* aw }`.
// On timeout the awaitable is cancelled and waited for; if it swallows the cancellation and
// returns a value, that value is returned; ms <= 0 does not start a coroutine.

import { CancelledError, TimeoutError, describe } from "../errors.js";
import { Op } from "./op.js";
import { ensureFuture, _await, type Awaitable } from "./create.js";
import { timeout } from "./timeouts.js";
import type { Coro } from "./task.js";
import type { Future } from "./future.js";
import { _failedOp } from "./op.js";
import { _NamedFuture } from "./future.js";

function* cancelAndWait(f: Future<unknown>): Coro<void> {
  const loop = f._loop;
  const waiter = new _NamedFuture<void>(loop, "waitFor()");
  const cb = () => {
    if (!waiter.done()) waiter.setResult(undefined);
  };
  f.addDoneCallback(cb);
  try {
    f.cancel();
    yield* waiter;
  } finally {
    f.removeDoneCallback(cb);
  }
}

/** `yield* aw` inline: the body of waitFor's timeout scope (bound per call; see runWaitFor). */
function* awaitIn<T>(aw: Awaitable<T>): Coro<T> {
  return yield* _await(aw);
}

/** waitFor's Op body: module-level generator functions bound per call, never a fresh generator
 *  closure (V8 charges ~2 us to create and first run one; see tasks/timeouts.ts). */
function* runWaitFor<T>(aw: Awaitable<T>, ms: number | null): Coro<T> {
  if (ms !== null && ms <= 0) {
    const fut = ensureFuture(aw);
    if (fut.done()) return fut.result();
    yield* cancelAndWait(fut);
    try {
      return fut.result();
    } catch (e) {
      if (e instanceof CancelledError) throw new TimeoutError("The timeout expired", { cause: e });
      throw e;
    }
  }
  return yield* timeout(ms, awaitIn.bind(null, aw) as () => Coro<T>);
}

/** Waits for `aw` with a deadline of `ms` (null: none); TimeoutError when it passes.
 *  Cancellation: cancelling the caller cancels `aw`.
 * @example
 * ```ts
 * await run(function* () {
 *   try {
 *     yield* waitFor(sleep(1000), 50);
 *   } catch (e) {
 *     if (e instanceof TimeoutError) console.log("timed out"); // the sleep was cancelled
 *   }
 * });
 * ```
 */
export function waitFor<T>(aw: Awaitable<T>, ms: number | null): Op<T> {
  try {
    if (ms !== null && typeof ms !== "number") throw new TypeError(`The timeout must be a number of milliseconds or null: received ${describe(ms)}`);
    if (typeof ms === "number" && Number.isNaN(ms)) throw new RangeError("Invalid timeout: NaN (not a number)");
    return new Op<T>(runWaitFor.bind(null, aw, ms) as () => Coro<T>);
  } catch (e) {
    return _failedOp(e);
  }
}
