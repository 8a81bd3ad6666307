// trace.ts: a timeline of a run, as Chrome Trace Event JSON (the format Perfetto and
// chrome://tracing open): `run(main, { trace: "run.trace.json" })` or WASYNCIO_TRACE=file.
//
// One track (a "thread") per task, named by getName() and sorted so that each task's track comes
// right after its parent's, with its path ("main › worker-1") as its name; on it, the task's
// lifetime as one slice, and inside it each step (when it ran and for how long) and each wait
// between steps, named by what the task waited on (sleep, a Lock, a Queue get, a socket read, a
// child task). Cancel requests are instant events naming who asked (the running task, or a
// callback); the loop's iterations are slices on a track of their own, with the ready count.
// Times are the host's real clock in microseconds from the start of the run.
//
// Off by default: the loop holds a Tracer only when asked, and the hooks test one field, so a
// run without a trace pays one field read per task creation and per iteration.

import type { EventLoop } from "./loop.js";
import type { Task } from "../tasks/task.js";
import type { Future } from "../tasks/future.js";
import type { CoreWait } from "../sync/park.js";

/**
 * One Trace Event Format event (the fields wasyncio writes).
 * @example
 * ```ts
 * import { run, sleep, type TraceEvent, type TraceFile } from "wasyncio";
 * await run(sleep(1), {
 *   trace: (t: TraceFile) => {
 *     const steps: TraceEvent[] = t.traceEvents.filter((e) => e.name === "step");
 *     console.log(steps.length > 0);
 *   },
 * });
 * ```
 */
export interface TraceEvent {
  name: string;
  cat?: string;
  ph: "X" | "i" | "M";
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  s?: "t" | "p" | "g";
  args?: Record<string, unknown>;
}

/**
 * A whole trace: what `trace` writes to its file, or gives to its function.
 * @example
 * ```ts
 * import { run, sleep, type TraceFile } from "wasyncio";
 * await run(sleep(1), { trace: (t: TraceFile) => console.log(JSON.stringify(t).length > 0) });
 * // or a file, which Perfetto (ui.perfetto.dev) opens: run(main, { trace: "run.trace.json" })
 * ```
 */
export interface TraceFile {
  traceEvents: TraceEvent[];
  displayTimeUnit: "ms";
  otherData: { producer: string; host: string };
}

const PID = 1;
const LOOP_TID = 0;

interface TaskTrack {
  tid: number;
  parent: TaskTrack | null;
  task: Task<any>;
  created: number;
  /** start of the current wait (µs), or -1 while running or done */
  waitStart: number;
  waitWhat: string;
  ended: boolean;
  /** a step is on the stack: the lifetime slice, if the task ends in it, ends with the step */
  stepping: boolean;
  /** the outcome, once done */
  outcome: string;
}

/** @internal what a task waits on, in words (dumpTasks, `wasyncio ps` and traces); null when
 *  it waits on nothing (ready to run) */
export function _describeWait(t: Task<any>): string | null {
  const w: Future<unknown> | CoreWait | null = t._futWaiter ?? t._asyncWaiter;
  if (w === null) return t._isAsync ? "an async function's promise" : null;
  if ((w as any)[Symbol.toStringTag] === "Task") return `task ${JSON.stringify((w as Task<any>).getName())}`;
  return String(w);
}

export class Tracer {
  /** @internal */ _events: TraceEvent[] = [];
  /** @internal */ _tracks = new Map<Task<any>, TaskTrack>();
  /** @internal */ _order: TaskTrack[] = [];
  /** @internal */ _loop: EventLoop;
  /** @internal */ _t0: number;
  /** @internal */ _tid = 0;

  constructor(loop: EventLoop) {
    this._loop = loop;
    this._t0 = loop._realClock.now();
  }

  /** µs since the trace started */
  now(): number {
    return Math.round((this._loop._realClock.now() - this._t0) * 1000);
  }

  /** @internal a task was created (from its constructor) */
  taskCreated(t: Task<any>): void {
    const parent = t._parent !== null ? (this._tracks.get(t._parent) ?? null) : null;
    const tr: TaskTrack = { tid: ++this._tid, parent, task: t, created: this.now(), waitStart: -1, waitWhat: "scheduled", ended: false, stepping: false, outcome: "" };
    tr.waitStart = tr.created;
    this._tracks.set(t, tr);
    this._order.push(tr);
  }

  /** @internal a step starts: the wait before it ends */
  stepBegin(t: Task<any>): number {
    const ts = this.now();
    const tr = this._tracks.get(t);
    if (tr !== undefined) {
      if (tr.waitStart >= 0) {
        this._slice(tr.tid, `wait: ${tr.waitWhat}`, "wait", tr.waitStart, ts);
        tr.waitStart = -1;
      }
      tr.stepping = true;
    }
    return ts;
  }

  /** @internal a step ended: its slice, and the wait that follows if the task is still pending */
  stepEnd(t: Task<any>, start: number): void {
    const ts = this.now();
    const tr = this._tracks.get(t);
    if (tr === undefined) return;
    this._slice(tr.tid, "step", "step", start, ts);
    tr.stepping = false;
    if (!tr.ended) {
      tr.waitStart = ts;
      tr.waitWhat = _describeWait(t) ?? "ready";
    } else this._slice(tr.tid, t.getName(), "task", tr.created, ts, { outcome: tr.outcome });
  }

  /** @internal cancel() was called on `t` (by the running task, or from a callback) */
  cancelRequested(t: Task<any>, msg: string | undefined): void {
    const tr = this._tracks.get(t);
    if (tr === undefined) return;
    const by = this._loop._currentTask ?? this._loop._asyncTaskNow() ?? null;
    this._events.push({
      name: "cancel requested", cat: "cancel", ph: "i", s: "t", ts: this.now(), pid: PID, tid: tr.tid,
      args: { by: by === null ? "a callback" : by === t ? "itself" : by.getName(), ...(msg !== undefined ? { message: msg } : {}) },
    });
  }

  /** @internal the task is done (result, exception or cancelled) */
  taskDone(t: Task<any>): void {
    const tr = this._tracks.get(t);
    if (tr === undefined || tr.ended) return;
    tr.ended = true;
    tr.waitStart = -1;
    const ts = this.now();
    tr.outcome = t.cancelled() ? "cancelled" : t._hasException ? `exception: ${describeError(t._result)}` : "result";
    if (t.cancelled()) this._events.push({ name: "cancelled", cat: "cancel", ph: "i", s: "t", ts, pid: PID, tid: tr.tid });
    if (!tr.stepping) this._slice(tr.tid, t.getName(), "task", tr.created, ts, { outcome: tr.outcome });
  }

  /** @internal one loop iteration ran `n` handles and task steps */
  iteration(start: number, n: number): void {
    this._slice(LOOP_TID, "iteration", "loop", start, this.now(), { ready: n });
  }

  /** The trace so far (tasks still pending end "pending at the end"). */
  toJSON(): TraceFile {
    const end = this.now();
    const events = this._events.slice();
    const meta: TraceEvent[] = [
      { name: "process_name", ph: "M", ts: 0, pid: PID, tid: LOOP_TID, args: { name: "wasyncio loop" } },
      { name: "thread_name", ph: "M", ts: 0, pid: PID, tid: LOOP_TID, args: { name: "loop iterations" } },
      { name: "thread_sort_index", ph: "M", ts: 0, pid: PID, tid: LOOP_TID, args: { sort_index: 0 } },
    ];
    // Tracks in tree order: each task right after its parent (depth first, by creation).
    const kids = new Map<TaskTrack | null, TaskTrack[]>();
    for (const tr of this._order) {
      const p = tr.parent;
      if (!kids.has(p)) kids.set(p, []);
      kids.get(p)!.push(tr);
    }
    let index = 1;
    const walk = (p: TaskTrack | null, path: string) => {
      for (const tr of kids.get(p) ?? []) {
        const name = tr.task.getName();
        const full = path ? `${path} › ${name}` : name;
        meta.push(
          { name: "thread_name", ph: "M", ts: 0, pid: PID, tid: tr.tid, args: { name: full } },
          { name: "thread_sort_index", ph: "M", ts: 0, pid: PID, tid: tr.tid, args: { sort_index: index++ } },
        );
        if (!tr.ended) {
          if (tr.waitStart >= 0) events.push(slice(tr.tid, `wait: ${tr.waitWhat}`, "wait", tr.waitStart, end));
          events.push(slice(tr.tid, name, "task", tr.created, end, { outcome: "pending at the end" }));
        }
        walk(tr, full);
      }
    };
    walk(null, "");
    // Sorted by time, and an enclosing slice before what it encloses (longer first at a tie).
    events.sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
    return { traceEvents: [...meta, ...events], displayTimeUnit: "ms", otherData: { producer: "wasyncio", host: this._loop._host.name } };
  }

  /** @internal */
  _slice(tid: number, name: string, cat: string, start: number, end: number, args?: Record<string, unknown>): void {
    this._events.push(slice(tid, name, cat, start, end, args));
  }
}

function slice(tid: number, name: string, cat: string, start: number, end: number, args?: Record<string, unknown>): TraceEvent {
  const e: TraceEvent = { name, cat, ph: "X", ts: start, dur: Math.max(0, end - start), pid: PID, tid };
  if (args !== undefined) e.args = args;
  return e;
}

function describeError(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}
