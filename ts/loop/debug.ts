// debug.ts: debug mode's reports that depend on garbage collection (asyncio's "Future exception
// was never retrieved" and "coroutine was never awaited"), made with a FinalizationRegistry.
// Only futures and Ops created while a loop runs in debug mode are watched, so the registry costs
// nothing otherwise. Like asyncio's, these reports come when the collector runs, not at a fixed
// point, so they tell a developer about a bug; programs must not depend on them.

import type { Future } from "../tasks/future.js";
import type { EventLoop } from "./loop.js";

/** Where debug-mode handles and tasks were created. */
const sources = new WeakMap<object, string>();

/** @internal debug mode: remember where `obj` (a Handle or Task) is being created */
export function _recordSource(obj: object): void {
  const stack = new Error("created at").stack;
  if (stack) sources.set(obj, stack.split("\n").slice(3, 7).join("\n"));
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

/** @internal called by Future.setException on a debug-mode loop */
export function _watchUnretrieved(fut: Future<unknown>): void {
  if (unretrieved === null) return;
  const r: Record = {
    retrieved: false,
    loop: fut._loop,
    exception: fut._exception,
    kind: (fut as any)[Symbol.toStringTag] === "Task" ? "Task" : "Future",
    source: sources.get(fut) ?? new Error("created at").stack?.split("\n").slice(2, 6).join("\n"),
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
  const r: OpRecord = { awaited: false, loop, source: new Error("created at").stack?.split("\n").slice(2, 6).join("\n") };
  unawaited.register(op, r);
  return r;
}
