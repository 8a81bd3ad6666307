// gather.ts: gather() and its GatheringFuture (asyncio.gather): results in argument order,
// returnExceptions, and cancelling the gathering future cancels every child still running.

import { _cancelledError, _checkOptions } from "../errors.js";
import { Future, _setResultUnlessCancelled } from "./future.js";
import { getRunningLoop } from "../loop/running.js";
import { _isOp, _isGeneratorObject, _isThenable } from "./coroutine.js";
import type { EventLoop } from "../loop/loop.js";
import { _await, ensureFuture, type Awaitable } from "./create.js";

/**
 * The future of gather(): cancelling it cancels every child still running.
 * @example
 * ```ts
 * await run(function* () {
 *   const g: GatheringFuture<number[]> = gather(sleep(1000, 1), sleep(1000, 2));
 *   g.cancel(); // cancels both children
 *   const [r] = yield* gather(g, { returnExceptions: true });
 *   console.log(r instanceof CancelledError); // true
 * });
 * ```
 */
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
 * What awaiting one argument of gather() gives: a Future's, an Op's, a coroutine's or a promise's result.
 * @example
 * ```ts
 * import type { AwaitedResult, Op, Task } from "wasyncio";
 * type A = AwaitedResult<Op<number>>;       // number
 * type B = AwaitedResult<Task<string>>;     // string
 * type C = AwaitedResult<Promise<boolean>>; // boolean
 * const check: [A, B, C] = [1, "s", true];
 * ```
 */
export type AwaitedResult<A> =
  A extends Future<infer T> ? T
  : A extends Generator<unknown, infer T, unknown> ? T
  : A extends PromiseLike<infer T> ? T
  : A extends (signal: AbortSignal) => infer R ? (R extends Generator<unknown, infer T, unknown> ? T : Awaited<R>)
  : unknown;
/**
 * gather()'s result for the arguments `A`: a tuple as Promise.all gives (an array for a spread array).
 * @example
 * ```ts
 * import type { GatherResults, Op, Future } from "wasyncio";
 * const r: GatherResults<[Op<number>, Future<string>]> = [1, "x"];
 * ```
 */
export type GatherResults<A extends readonly unknown[]> = { -readonly [K in keyof A]: AwaitedResult<A[K]> };
/**
 * The last argument of gather() when it is an options object.
 * @example
 * ```ts
 * import { run, gather, sleep, type GatherOptions } from "wasyncio";
 * const opts: GatherOptions = { returnExceptions: true };
 * await run(function* () { yield* gather(sleep(1), opts); });
 * ```
 */
export interface GatherOptions {
  returnExceptions?: boolean;
}

/**
 * Runs the awaitables concurrently; resolves to their results in argument order.
 * The first error (or a child's cancellation) settles the gather at once while the other
 * children keep running, unless `{ returnExceptions: true }` is passed as the last argument.
 * @example
 * ```ts
 * function* square(n: number) {
 *   yield* sleep(10);
 *   return n * n;
 * }
 * await run(function* () {
 *   const [a, b] = yield* gather(square(2), sleep(5, "x")); // typed [number, string]
 *   const results = yield* gather(square(1), square(2), { returnExceptions: true });
 *   console.log(a, b, results); // 4 x [1, 4]
 * });
 * ```
 */
export function gather<const A extends readonly unknown[]>(...args: [...A, { returnExceptions: true }]): GatheringFuture<{ -readonly [K in keyof A]: AwaitedResult<A[K]> | Error }>;
export function gather<const A extends readonly unknown[]>(...args: [...A, GatherOptions]): GatheringFuture<GatherResults<A>>;
export function gather<const A extends readonly unknown[]>(...aws: A): GatheringFuture<GatherResults<A>>;
export function gather(...args: unknown[]): GatheringFuture<any[]> {
  let returnExceptions = false;
  if (args.length && isGatherOptions(args[args.length - 1])) {
    const o = args.pop() as { returnExceptions?: boolean };
    _checkOptions(o, ["returnExceptions"], "gather()");
    returnExceptions = !!o.returnExceptions;
  }
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
