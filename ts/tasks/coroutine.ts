// coroutine.ts: what a task body can be and how it is told apart (API.md's order: a Future (an
// error), an Op, a generator object, a function, a thenable); the Coro and CoroutineLike types.

import { describe } from "../errors.js";
import { Future } from "./future.js";
import type { EventLoop } from "../loop/loop.js";
import type { Context } from "./contextvars.js";
import type { Op } from "./op.js";

/**
 * A started coroutine object.
 * @example
 * ```ts
 * import { run, sleep, type Coro } from "wasyncio";
 * function* fetchValue(): Coro<number> {
 *   yield* sleep(10);
 *   return 42;
 * }
 * console.log(await run(fetchValue()));
 * ```
 */
export type Coro<T> = Generator<unknown, T, unknown>;
/**
 * @example
 * ```ts
 * import { run, createTask, sleep, type CoroutineLike } from "wasyncio";
 * const bodies: CoroutineLike<number>[] = [
 *   (function* () { yield* sleep(1); return 1; })(), // a generator object
 *   async () => 2,                                   // an async function
 *   Promise.resolve(3),                              // a promise
 * ];
 * console.log(await run(function* () {
 *   const out: number[] = [];
 *   for (const b of bodies) out.push(yield* createTask(b));
 *   return out;
 * }));
 * ```
 */
export type CoroutineLike<T> =
  | Coro<T>
  | ((signal: AbortSignal) => Coro<T> | PromiseLike<T>)
  | PromiseLike<T>
  | { [Symbol.iterator](): Iterator<unknown, T, unknown>; then: PromiseLike<T>["then"] };
/**
 * @example
 * ```ts
 * import { run, createTask, sleep, type TaskOptions } from "wasyncio";
 * const opts: TaskOptions = { name: "worker-1" };
 * await run(function* () { yield* createTask(sleep(1), opts); });
 * ```
 */
export interface TaskOptions {
  name?: string;
  eager?: boolean;
  /** the context the task runs in (default: a copy of the current one) */
  context?: Context;
  /** @internal */ loop?: EventLoop;
}

const GeneratorFunction = Object.getPrototypeOf(function* () {}).constructor;
const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor;
const AsyncGeneratorFunction = Object.getPrototypeOf(async function* () {}).constructor;

/** @internal closes a coroutine that will never run (a task refused by a limit, a task group
 *  that cannot take it): its finally blocks run; one that throws is dropped anyway */
export function _closeCoro(c: unknown): void {
  const g = c as any;
  if (g !== null && typeof g === "object" && typeof g.next === "function" && typeof g.return === "function") {
    try {
      g.return(undefined);
    } catch {
      /* closed anyway */
    }
  }
}

/** @internal a block body (timeout's, taskGroup's) must be a generator function: an async
 *  function runs on the microtask queue, where its awaits cannot be cancelled by the block, so it
 *  is refused before it starts (`what`: "A timeout body"). */
export function _checkBlockBody(body: unknown, what: string): void {
  if (typeof body !== "function") throw new TypeError(`${what} must be a generator function: received ${describe(body)}`);
  if (body instanceof AsyncFunction || body instanceof AsyncGeneratorFunction) {
    throw new TypeError(
      `${what} must be a generator function (\`function* (…) { … }\`), not an async function: the block could not cancel it at its awaits. ` +
        "Write it as a generator, or run the async function as a task (`yield* createTask(async () => …)`)",
    );
  }
}

/**
 * What the body of a block (timeout(), timeoutAt(), taskGroup()) returns: a coroutine, from the
 * usual `function* () { … }`, or one awaitable that the block's task awaits itself, an Op or a
 * Future. A promise is refused (TypeError): the block could not cancel it.
 * @example
 * ```ts
 * import { Queue, run, timeout, type BlockResult, type Timeout } from "wasyncio";
 * await run(function* () {
 *   const q = new Queue<string>();
 *   q.putNowait("job");
 *   const body: (t: Timeout) => BlockResult<string> = () => q.get();
 *   console.log(yield* timeout(100, body)); // job
 * });
 * ```
 */
export type BlockResult<T> = Coro<T> | Op<T> | Future<T>;

/** @internal what a block body returned must be something the block's task awaits itself: a
 *  coroutine (a generator object), an Op (`timeout(50, () => q.get())`) or a Future */
export function _checkBlockCoro<T>(c: unknown, what: string): Coro<T> {
  if (_isGeneratorObject(c) || _isOp(c) || c instanceof Future) return c as Coro<T>;
  if (_isThenable(c)) (c as PromiseLike<unknown>).then(undefined, () => undefined); // reported here, not as unhandled
  throw new TypeError(`${what} must be a generator function, or return an Op or a Future: it returned ${describe(c)}${_isThenable(c) ? " (a promise: the work it started goes on, unawaited)" : ""}`);
}

/** %GeneratorPrototype%, whose next() and throw() every generator object inherits */
const GEN_PROTO: { isPrototypeOf(o: object): boolean; next: any; throw: any } = Object.getPrototypeOf(Object.getPrototypeOf((function* () {})()));
/** @internal */
export const GEN_NEXT: (this: Coro<any>, v?: unknown) => IteratorResult<unknown, any> = GEN_PROTO.next;
/** @internal */
export const GEN_THROW: (this: Coro<any>, e: unknown) => IteratorResult<unknown, any> = GEN_PROTO.throw;

/**
 * @internal A generator object made by a generator function (an object: the caller checks),
 * told by its prototype chain rather than by reading next and throw off it: every generator
 * function has a prototype object of its own, so its generator objects have a map of their own,
 * and a property read on them is megamorphic and misses V8's cache for a closure made per call
 * (`createTask(function* () { … }())` in a loop: a new map per task). `isPrototypeOf` is one
 * builtin walk whatever the map, folded by TurboFan when the map is known (two
 * Object.getPrototypeOf calls made named generators ~10% slower). A task steps such a coroutine
 * through %GeneratorPrototype%'s own next() and throw() (a next assigned onto a generator
 * function's prototype is not called, as Python's coroutines cannot override send()). Measured:
 * 100k tasks of a closure made per call, spawned and joined one at a time, 2.3–3.0 → 1.2–1.3 µs
 * per task (V8's own cost for such a generator alone is 1.2–1.8 µs); of a named generator
 * function, unchanged (26–28 ms per 100k).
 */
export function _isGenerator(c: object): boolean {
  return GEN_PROTO.isPrototypeOf(c);
}

export function _isGeneratorObject(x: any): x is Coro<unknown> {
  if (x === null || typeof x !== "object") return false;
  return _isGenerator(x) || (typeof x.next === "function" && typeof x.throw === "function" && typeof x[Symbol.iterator] === "function");
}

/** An Op: lazy, iterable and thenable (op.ts). */
export function _isOp(x: any): boolean {
  return x !== null && typeof x === "object" && !(x instanceof Future) && !_isGenerator(x) && typeof x[Symbol.iterator] === "function" && typeof x.then === "function";
}

export function _isThenable(x: any): x is PromiseLike<unknown> {
  return x !== null && (typeof x === "object" || typeof x === "function") && typeof x.then === "function";
}

export type Body =
  | { kind: 0; gen: Coro<any> } // generator coroutine
  | { kind: 1; fn: (signal: AbortSignal) => any } // a function, called at the first step
  | { kind: 2; p: PromiseLike<any> }; // a promise

/** Tells task bodies apart in API.md's order: Future, Op, generator object, function, thenable. */
export function _coerceCoroutine(coro: unknown, what = "a coroutine"): Body {
  if (coro instanceof Future) throw new TypeError(`${what} was expected: received a Future (use ensureFuture() or await it)`);
  if (_isOp(coro)) return { kind: 0, gen: (coro as any)[Symbol.iterator]() };
  if (_isGeneratorObject(coro)) return { kind: 0, gen: coro };
  if (typeof coro === "function") {
    if (coro instanceof GeneratorFunction) {
      const f = coro as (s?: AbortSignal) => Coro<any>;
      return f.length >= 1 ? { kind: 1, fn: f } : { kind: 0, gen: f() };
    }
    return { kind: 1, fn: coro as any };
  }
  if (_isThenable(coro)) return { kind: 2, p: coro };
  throw new TypeError(`${what} was expected: received ${describe(coro)}`);
}

