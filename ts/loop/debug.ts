// debug.ts: debug mode's reports that depend on garbage collection (asyncio's "Future exception
// was never retrieved" and "coroutine was never awaited"), made with a FinalizationRegistry.
// Futures and tasks that fail are watched always (failures are rare, and asyncio reports them in
// any mode); Ops only when created while a loop runs in debug mode (one registration per Op). Like asyncio's, these reports come when the collector runs, not at a fixed
// point, so they tell a developer about a bug; programs must not depend on them.

import type { Future } from "../tasks/future.js";
import type { EventLoop } from "./loop.js";

/** Where debug-mode handles and tasks were created. */
const sources = new WeakMap<object, string>();

/** The package's own source directories (ts/ and host/, or dist/ts/ and dist/host/): frames in
 *  them are left out of the "created at" stacks, which point at the user's code. */
let libraryDirs: string[] | null = null;

/** Found on first use from this module's own place in a stack trace (…/ts/loop/debug.js), not
 *  from import.meta.url: a WASI guest's engine (StarlingMonkey) failed beyond recovery when a
 *  bundle read import.meta.url. Empty where the stack names no such file (a bundle). */
function libraryDirsNow(): string[] {
  if (libraryDirs !== null) return libraryDirs;
  libraryDirs = [];
  const m = /([^\s(@]*?)\/ts\/loop\/debug\.[jt]s/.exec(new Error().stack ?? "");
  if (m !== null && m[1] !== "") libraryDirs = [`${m[1]}/ts/`, `${m[1]}/host/`];
  return libraryDirs;
}

/** @internal up to `n` frames of the current stack outside the library (all frames if every one
 *  is inside, as when wasyncio runs its own tests from the package) */
export function _userStack(n = 4): string | undefined {
  const stack = new Error("created at").stack;
  if (!stack) return undefined;
  const frames = stack.split("\n").slice(1);
  const dirs = libraryDirsNow();
  const user = frames.filter((f) => !dirs.some((d) => f.includes(d)) && !f.includes("node:internal"));
  return (user.length > 0 ? user : frames.slice(2)).slice(0, n).join("\n");
}

/** @internal debug mode: remember where `obj` (a Handle or Task) is being created */
export function _recordSource(obj: object): void {
  const s = _userStack();
  if (s) sources.set(obj, s);
}

/** Where a debug-mode handle or task was created, if known. */
export function sourceOf(obj: object): string | undefined {
  return sources.get(obj);
}

interface Record {
  retrieved: boolean;
  loop: EventLoop;
  exception: unknown;
  kind: string;
  source: string | undefined;
}

const unretrieved = typeof FinalizationRegistry === "function"
  ? new FinalizationRegistry<Record>((r) => {
      if (r.retrieved) return;
      r.loop.callExceptionHandler({ message: `${r.kind} exception was never retrieved`, exception: r.exception, source: r.source });
    })
  : null;

/** @internal called by Future.setException: a Task's or Future's exception that nobody retrieves
 *  is reported when the future is collected (asyncio logs it in debug mode or not) */
export function _watchUnretrieved(fut: Future<unknown>): void {
  if (unretrieved === null) return;
  // The record holds the exception, and an Error's unformatted stack holds its frames' receivers
  // (the Task among them): reading `stack` formats it to a string and lets them go, or the task
  // could never be collected and the report would never come.
  const exc = fut._exception;
  if (exc instanceof Error) void exc.stack;
  const r: Record = {
    retrieved: false,
    loop: fut._loop,
    exception: fut._exception,
    kind: (fut as any)[Symbol.toStringTag] === "Task" ? "Task" : "Future",
    // Debug mode only: where the task was created, or (a future) where it failed; outside it a
    // stack walk per failure would cost every program for a report that says little.
    source: sources.get(fut) ?? (fut._loop._debug ? _userStack() : undefined),
  };
  fut._tb = r;
  unretrieved.register(fut, r);
}

interface OpRecord {
  awaited: boolean;
  loop: EventLoop;
  source: string | undefined;
}

const unawaited = typeof FinalizationRegistry === "function"
  ? new FinalizationRegistry<OpRecord>((r) => {
      if (r.awaited) return;
      r.loop.callExceptionHandler({ message: "An Op was never awaited (a missing `yield*`?)", source: r.source });
    })
  : null;

/** @internal called by the Op constructor on a debug-mode loop; returns the record to mark */
export function _watchUnawaited(op: object, loop: EventLoop): OpRecord | null {
  if (unawaited === null) return null;
  const r: OpRecord = { awaited: false, loop, source: _userStack() };
  unawaited.register(op, r);
  return r;
}

/** @internal debug mode: an Op awaited again after it finished gives its remembered outcome
 *  (asyncio raises "cannot reuse already awaited coroutine"); this says so once per Op. */
export function _reportReuse(loop: EventLoop, what: string): void {
  loop.callExceptionHandler({
    message: `${what} was awaited again after it finished: it gives its first outcome again (asyncio: "cannot reuse already awaited coroutine"); make a new one for each await`,
    source: _userStack(),
  });
}
