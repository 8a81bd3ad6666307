// shield.ts: shield() (asyncio.shield): cancelling the outer future leaves the inner one running.

import { _cancelledError } from "../errors.js";
import { Future, _setResultUnlessCancelled } from "./future.js";
import { _isOp, _isGeneratorObject, _isThenable } from "./coroutine.js";
import { _await, ensureFuture, type Awaitable } from "./create.js";

/**
 * Protects an awaitable from cancellation: cancelling the returned future leaves the inner one running.
 * @example
 * ```ts
 * function* save() {
 *   yield* sleep(50);
 *   return "saved";
 * }
 * await run(function* () {
 *   const inner = createTask(save());
 *   try {
 *     yield* timeout(10, function* () { yield* shield(inner); });
 *   } catch (e) {
 *     if (!(e instanceof TimeoutError)) throw e;
 *   }
 *   console.log(yield* inner); // "saved": the shielded task was not cancelled
 * });
 * ```
 */
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
