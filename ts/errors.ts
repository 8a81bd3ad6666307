// errors.ts: asyncio's exception classes, spoken in JavaScript.
// Each is a class exported from the package root, with `name` equal to the class name, so that
// users porting asyncio code can catch by class and read asyncio's docs. Argument errors use
// JavaScript's own TypeError and RangeError (API.md, "Conventions").

function named<T extends new (...a: any[]) => Error>(cls: T, name: string): T {
  Object.defineProperty(cls.prototype, "name", { value: name, writable: true, configurable: true });
  return cls;
}

/**
 * asyncio.CancelledError: the task or future was cancelled.
 * @example
 * ```ts
 * await run(function* () {
 *   const t = createTask(function* () {
 *     try {
 *       yield* sleep(1000);
 *     } catch (e) {
 *       if (e instanceof CancelledError) console.log("cleaning up");
 *       throw e; // let the cancellation go on
 *     }
 *   });
 *   yield* sleep(1);
 *   t.cancel();
 *   yield* gather(t, { returnExceptions: true });
 * });
 * ```
 */
export class CancelledError extends Error {}
named(CancelledError, "CancelledError");

/**
 * A CancelledError made by the loop itself (a cancelled future or task delivering its
 * cancellation). Outside debug mode it carries no stack: the stack of the place where the loop
 * made it tells nothing, and capturing one was measured as the largest cost of cancelling 20k
 * tasks (~4 µs each). Debug mode keeps stacks.
 */
export function _cancelledError(msg: string | undefined, withStack: boolean): CancelledError {
  if (withStack) return msg === undefined ? new CancelledError() : new CancelledError(msg);
  const E = Error as { stackTraceLimit?: number };
  const limit = E.stackTraceLimit;
  E.stackTraceLimit = 0;
  try {
    return msg === undefined ? new CancelledError() : new CancelledError(msg);
  } finally {
    E.stackTraceLimit = limit;
  }
}

/**
 * The deadline of `timeout()` or `waitFor()` passed; `cause` is the CancelledError it converted.
 * @example
 * ```ts
 * await run(function* () {
 *   try {
 *     yield* waitFor(sleep(100), 10);
 *   } catch (e) {
 *     if (e instanceof TimeoutError) console.log(e.cause instanceof CancelledError); // true
 *   }
 * });
 * ```
 */
export class TimeoutError extends Error {}
named(TimeoutError, "TimeoutError");

/**
 * A Future operation that its state forbids (result of a pending future, set_result twice).
 * @example
 * ```ts
 * await run(function* () {
 *   const f = getRunningLoop().createFuture<number>();
 *   try {
 *     f.result(); // not done yet
 *   } catch (e) {
 *     console.log(e instanceof InvalidStateError); // true
 *   }
 * });
 * ```
 */
export class InvalidStateError extends Error {}
named(InvalidStateError, "InvalidStateError");

/**
 * asyncio's uses of Python's RuntimeError: misuse of the loop, locks, task groups.
 * @example
 * ```ts
 * const lock = new Lock();
 * try {
 *   lock.release(); // not held
 * } catch (e) {
 *   console.log(e instanceof RuntimeError); // true
 * }
 * ```
 */
export class RuntimeError extends Error {}
named(RuntimeError, "RuntimeError");

/** A loop's limit (newEventLoop({ limits })) refused an operation: `limit` names it ("tasks":
 *  live tasks; "memory": bytes of the loop's core memory) and `max` is its value. The operation
 *  changed nothing; the loop goes on.
 * @example
 * ```ts
 * await run(function* () {
 *   try {
 *     for (;;) createTask(sleep(1000)); // a plugin that spawns without bound
 *   } catch (e) {
 *     if (e instanceof LimitError) console.log(e.limit, e.max); // tasks 100
 *   }
 *   for (const t of allTasks()) if (t !== currentTask()) t.cancel();
 * }, { limits: { tasks: 100 } });
 * ```
 */
export class LimitError extends RuntimeError {
  readonly limit: "tasks" | "memory";
  readonly max: number;
  constructor(message: string, limit: "tasks" | "memory", max: number) {
    super(message);
    this.limit = limit;
    this.max = max;
  }
}
named(LimitError, "LimitError");

/** A call needs a host facet (net, process, signals, workers) that the running host lacks: the
 *  message names the call, the facet and the host.
 * @example
 * ```ts
 * try {
 *   await run(function* () { yield* openConnection("example.org", 80); });
 * } catch (e) {
 *   if (e instanceof NotSupportedError) console.log("this host has no TCP:", e.message);
 * }
 * ```
 */
export class NotSupportedError extends Error {
  readonly host: string;
  readonly facet: string;
  constructor(what: string, facet: string, host: string) {
    super(`${what} needs the '${facet}' facet, which the '${host}' host does not have`);
    this.host = host;
    this.facet = facet;
  }
}
named(NotSupportedError, "NotSupportedError");

/**
 * @example
 * ```ts
 * try {
 *   new Queue().getNowait();
 * } catch (e) {
 *   console.log(e instanceof QueueEmpty); // true
 * }
 * ```
 */
export class QueueEmpty extends Error {}
named(QueueEmpty, "QueueEmpty");
/**
 * @example
 * ```ts
 * const q = new Queue<number>(1);
 * q.putNowait(1);
 * try {
 *   q.putNowait(2);
 * } catch (e) {
 *   console.log(e instanceof QueueFull); // true
 * }
 * ```
 */
export class QueueFull extends Error {}
named(QueueFull, "QueueFull");
/**
 * @example
 * ```ts
 * const q = new Queue<number>();
 * q.shutdown();
 * try {
 *   q.putNowait(1);
 * } catch (e) {
 *   console.log(e instanceof QueueShutDown); // true
 * }
 * ```
 */
export class QueueShutDown extends Error {}
named(QueueShutDown, "QueueShutDown");

/**
 * @example
 * ```ts
 * await run(function* () {
 *   const b = new Barrier(2);
 *   const waiting = createTask(b.wait());
 *   yield* sleep(0);
 *   yield* b.abort();
 *   const [r] = yield* gather(waiting, { returnExceptions: true });
 *   console.log(r instanceof BrokenBarrierError); // true
 * });
 * ```
 */
export class BrokenBarrierError extends RuntimeError {}
named(BrokenBarrierError, "BrokenBarrierError");

/**
 * @example
 * ```ts
 * function fallback(e: unknown) {
 *   if (e instanceof SendfileNotAvailableError) return "copy with write() instead";
 *   throw e;
 * }
 * ```
 */
export class SendfileNotAvailableError extends RuntimeError {}
named(SendfileNotAvailableError, "SendfileNotAvailableError");

/**
 * EOF came before `expected` bytes (or before the separator: expected is null).
 * @example
 * ```ts
 * await run(function* () {
 *   const reader = new StreamReader();
 *   reader.feedData(new TextEncoder().encode("abc"));
 *   reader.feedEof();
 *   try {
 *     yield* reader.readexactly(10);
 *   } catch (e) {
 *     if (e instanceof IncompleteReadError) console.log(e.partial.length, e.expected); // 3 10
 *   }
 * });
 * ```
 */
export class IncompleteReadError extends Error {
  readonly partial: Uint8Array;
  readonly expected: number | null;
  constructor(partial: Uint8Array, expected: number | null) {
    super(`${partial.length} bytes read on a total of ${expected === null ? "undefined" : expected} expected bytes`);
    this.partial = partial;
    this.expected = expected;
  }
}
named(IncompleteReadError, "IncompleteReadError");

/**
 * readuntil() found no separator within the limit; `consumed` bytes are to be skipped.
 * @example
 * ```ts
 * await run(function* () {
 *   const reader = new StreamReader(4);
 *   reader.feedData(new TextEncoder().encode("no newline here"));
 *   try {
 *     yield* reader.readline();
 *   } catch (e) {
 *     if (e instanceof LimitOverrunError || e instanceof RangeError) console.log("line too long");
 *   }
 * });
 * ```
 */
export class LimitOverrunError extends Error {
  readonly consumed: number;
  constructor(message: string, consumed: number) {
    super(message);
    this.consumed = consumed;
  }
}
named(LimitOverrunError, "LimitOverrunError");

/**
 * asyncio's ExceptionGroup / BaseExceptionGroup: several errors at once (TaskGroup).
 * @example
 * ```ts
 * await run(function* () {
 *   try {
 *     yield* taskGroup(function* (tg) {
 *       tg.createTask(function* () { throw new RangeError("a"); });
 *       tg.createTask(function* () { throw new TypeError("b"); });
 *     });
 *   } catch (e) {
 *     if (!(e instanceof ExceptionGroup)) throw e;
 *     const [ranges, rest] = e.split(RangeError); // Python's except* RangeError
 *     console.log(ranges?.errors.length, rest?.errors.length); // 1 1
 *   }
 * });
 * ```
 */
export class ExceptionGroup extends AggregateError {
  constructor(errors: Iterable<unknown>, message = "unhandled errors in a TaskGroup") {
    super(errors, message);
  }
  /** The errors matching `pred` (a class or a predicate), as a new group, or null. */
  subgroup(pred: ((e: unknown) => boolean) | (abstract new (...a: any[]) => unknown)): ExceptionGroup | null {
    const test = toPredicate(pred);
    const kept = this.errors.filter(test);
    return kept.length ? new ExceptionGroup(kept, this.message) : null;
  }
  /** [matching, rest], each a group or null (Python's except* split). */
  split(pred: ((e: unknown) => boolean) | (abstract new (...a: any[]) => unknown)): [ExceptionGroup | null, ExceptionGroup | null] {
    const test = toPredicate(pred);
    const a = this.errors.filter(test);
    const b = this.errors.filter((e) => !test(e));
    return [a.length ? new ExceptionGroup(a, this.message) : null, b.length ? new ExceptionGroup(b, this.message) : null];
  }
}
named(ExceptionGroup, "ExceptionGroup");

function toPredicate(p: any): (e: unknown) => boolean {
  if (typeof p === "function" && p.prototype && (p.prototype instanceof Error || p === Error)) return (e) => e instanceof p;
  if (typeof p === "function") return p;
  throw new TypeError(`Expected an error class or a predicate: received ${String(p)}`);
}

/** What run() raises when SIGINT cancelled the main task. Like Python's, tasks cannot catch it
 *  for good: it escapes the loop.
 * @example
 * ```ts
 * try {
 *   await run(function* () { yield* sleep(60_000); }); // Ctrl-C cancels main
 * } catch (e) {
 *   if (e instanceof KeyboardInterrupt) process.exitCode = 130;
 *   else throw e;
 * }
 * ```
 */
export class KeyboardInterrupt extends Error {}
named(KeyboardInterrupt, "KeyboardInterrupt");

/**
 * The core trapped: a bug in wasyncio. The loop that saw it is unusable.
 * @example
 * ```ts
 * function report(e: unknown) {
 *   if (e instanceof InternalError) console.error("a wasyncio bug; please report:", e.message);
 * }
 * ```
 */
export class InternalError extends Error {}
named(InternalError, "InternalError");

/**
 * Python's SystemExit counterpart: escapes the loop like KeyboardInterrupt.
 * @example
 * ```ts
 * try {
 *   await run(function* () { throw new SystemExit(2); });
 * } catch (e) {
 *   if (e instanceof SystemExit) console.log("exit requested");
 * }
 * ```
 */
export class SystemExit extends Error {
  readonly code: number;
  constructor(code = 0) {
    super(`SystemExit: ${code}`);
    this.code = code;
  }
}
named(SystemExit, "SystemExit");

/** KeyboardInterrupt and SystemExit are not caught by tasks: they escape the loop. */
export function isBaseExit(e: unknown): boolean {
  return e instanceof KeyboardInterrupt || e instanceof SystemExit;
}

/** What no task or callback may catch for good: KeyboardInterrupt, SystemExit, and a core trap
 *  (InternalError), after which the loop must stop because its core may be inconsistent. */
export function escapesLoop(e: unknown): boolean {
  return e instanceof KeyboardInterrupt || e instanceof SystemExit || e instanceof InternalError;
}

/** An OS-level failure carrying a POSIX code, as Node's own errors do. */
export function osError(code: string, message: string, extra?: Record<string, unknown>): Error & { code: string } {
  const e = new Error(`${code}: ${message}`) as Error & { code: string };
  e.code = code;
  if (extra) Object.assign(e, extra);
  return e;
}

/** Formats a value for an error message: `received 0`, `received "x"`, `received [object]`. */
export function describe(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "function") return `function ${v.name || "(anonymous)"}`;
  if (typeof v === "bigint") return `${v}n`;
  if (v === null || typeof v !== "object") return String(v);
  if (Array.isArray(v)) return "an array";
  const c = (v as object).constructor;
  return c && c.name ? `an instance of ${c.name}` : "an object";
}

/**
 * @internal An options object's keys are among `allowed`: an unknown key is a TypeError naming it
 * (asyncio's "got an unexpected keyword argument"), never ignored. undefined means no options.
 * Keys whose value is undefined count as absent.
 */
export function _checkOptions(opts: unknown, allowed: readonly string[], what: string): void {
  if (opts === undefined) return;
  if (opts === null || typeof opts !== "object" || Array.isArray(opts)) throw new TypeError(`${what} takes an options object: received ${describe(opts)}`);
  for (const k of Object.keys(opts)) {
    if (allowed.includes(k) || (opts as Record<string, unknown>)[k] === undefined) continue;
    throw new TypeError(`${what} got an unknown option ${JSON.stringify(k)} (it takes ${allowed.map((a) => JSON.stringify(a)).join(", ")})`);
  }
}
