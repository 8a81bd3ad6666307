// limits.ts: what a host can bound on a loop (API.md "Limits (for plugin hosts)"), and
// loop.stats(). newEventLoop({ limits: { tasks, memory, sliceMs } }) and run(main, { limits }):
//
//   tasks    live tasks (the main task counts): the Task constructor makes its row through
//            LoopLimits.taskNew, which throws LimitError("tasks") and closes the coroutine
//   memory   bytes of the loop's core memory (its Wasm linear memory): the loop gets a core of
//            its own (never a pooled one) with a ceiling (assembly/limits.ts). The core's
//            exports that may grow a table return NO_MEMORY having changed nothing; the loop
//            calls them through guardCore()'s wrappers, which throw LimitError("memory") before
//            the caller stores anything (queue.ts reads put's and get's status itself: it has
//            an item's slot to give back first; a refused task's coroutine is closed)
//   sliceMs  the loop gives its host a macrotask turn at least every sliceMs of running
//            (loop.ts _schedule/_burst; 8 without it), and each task step or callback that runs
//            longer is reported to the exception handler (reportSlow), debug mode or not. Only a
//            loop given sliceMs reads the clock around every entry.
//
// A loop without limits pays one null check per task created and nothing else.

import type { CoreExports } from "../../host/load.js";
import * as ABI from "../../gen/core-abi.js";
import { LimitError, describe, _checkOptions } from "../errors.js";
import { _closeCoro } from "../tasks/coroutine.js";
import type { EventLoop } from "./loop.js";
import type { Task } from "../tasks/task.js";
import type { Handle } from "./handles.js";

const NO_MEMORY = ABI.NO_MEMORY;

/**
 * What a plugin host bounds on a loop (docs/embedding.md).
 * @example
 * ```ts
 * const loop = newEventLoop({ limits: { tasks: 1000, memory: 4 * 1024 * 1024, sliceMs: 5 } });
 * await loop.runUntilComplete(sleep(1));
 * loop.close();
 * ```
 */
export interface Limits {
  /** At most this many live tasks (the main task counts). */
  tasks?: number;
  /** At most this many bytes of core memory (Wasm linear memory, in 64 KiB pages). */
  memory?: number;
  /** A macrotask turn for the host at least every sliceMs of running; longer steps are reported. */
  sliceMs?: number;
}

/**
 * What loop.stats() reports: cheap enough to poll every second.
 * @example
 * ```ts
 * import { getRunningLoop, run, type LoopStats } from "wasyncio";
 * await run(function* () {
 *   const s: LoopStats = getRunningLoop().stats();
 *   console.log(s.tasks, s.timers, s.coreMemory <= s.coreMemoryPeak); // 1 0 true
 * });
 * ```
 */
export interface LoopStats {
  /** Live tasks (created, not finished). */
  tasks: number;
  /** Pending timers (cancelled ones not yet dropped excluded). */
  timers: number;
  /** Tasks parked on a primitive (a lock, event, semaphore, condition, queue or barrier). */
  waiters: number;
  /** Bytes of core memory the loop's live rows take now (tasks, handles, timers, waiters,
   *  primitives, queue items). */
  coreMemory: number;
  /** Bytes of the core's memory: its high-water mark (tables grow by doubling and are never
   *  shrunk), what limits.memory bounds. */
  coreMemoryPeak: number;
  /** Iterations run so far. */
  iterations: number;
}

const LIMIT_KEYS = ["tasks", "memory", "sliceMs"];
/** A Wasm page. */
const PAGE = 65536;
/** wasm32's largest memory: 65536 pages. */
const MAX_MEMORY = 2 ** 32;

/** @internal the validated limits of a loop */
export class LoopLimits {
  readonly tasks: number;
  readonly memory: number;
  readonly sliceMs: number;

  constructor(tasks: number, memory: number, sliceMs: number) {
    this.tasks = tasks;
    this.memory = memory;
    this.sliceMs = sliceMs;
  }

  /** The Task constructor's core row under limits: LimitError("tasks") when the loop has
   *  `tasks` live tasks already, LimitError("memory") when the core has no room for the row;
   *  either way the task's coroutine is closed and nothing else changes. */
  taskNew(loop: EventLoop, task: Task<any>, eager: number): number {
    try {
      if (loop._core.liveTasks() >= this.tasks) {
        throw new LimitError(`The loop's task limit (${this.tasks} live tasks) is reached: ${task.getName()} was not created`, "tasks", this.tasks);
      }
      return loop._core.taskNew(eager);
    } catch (e) {
      _closeCoro(task._coro);
      throw e;
    }
  }
}

function checkCount(v: unknown, name: string, min: number, max: number): number {
  if (typeof v !== "number") throw new TypeError(`limits.${name} must be a number: received ${describe(v)}`);
  if (!Number.isSafeInteger(v) || v < min || v > max) throw new RangeError(`limits.${name} must be an integer from ${min} to ${max}: received ${v}`);
  return v;
}

/** @internal newEventLoop()'s `limits` option, validated; null when there is none */
export function _checkLimits(v: unknown): LoopLimits | null {
  if (v === undefined) return null;
  _checkOptions(v, LIMIT_KEYS, "limits");
  const o = v as Limits;
  const tasks = o.tasks === undefined ? Infinity : checkCount(o.tasks, "tasks", 1, Number.MAX_SAFE_INTEGER);
  const memory = o.memory === undefined ? Infinity : checkCount(o.memory, "memory", PAGE, MAX_MEMORY);
  let sliceMs = 0;
  if (o.sliceMs !== undefined) {
    if (typeof o.sliceMs !== "number") throw new TypeError(`limits.sliceMs must be a number of milliseconds: received ${describe(o.sliceMs)}`);
    if (!(o.sliceMs > 0) || !Number.isFinite(o.sliceMs)) throw new RangeError(`limits.sliceMs must be a finite number of milliseconds above 0: received ${o.sliceMs}`);
    sliceMs = o.sliceMs;
  }
  return new LoopLimits(tasks, memory, sliceMs);
}

/** The exports the façade calls that may need more memory and return NO_MEMORY
 *  (assembly/abi.ts), but for the queue's put and get, whose callers read the status (they have
 *  an item's slot to give back first). */
const GUARDED = [
  "taskNew", "callSoon", "callAt", "lockNew", "condNew", "eventNew", "semNew", "qNew", "barrierNew",
  "lockAcquire", "condWait", "eventWait", "semAcquire", "qJoin",
] as const;

/** @internal a memory LimitError */
export function _memoryLimitError(max: number, what: string): LimitError {
  return new LimitError(`The loop's core memory limit (${max} bytes) is reached: ${what} needs more`, "memory", max);
}

/** @internal qPut said NO_MEMORY in `loop`'s core: the queue item's LimitError */
export function _queueItemLimitError(loop: EventLoop | null): LimitError {
  return _memoryLimitError(loop?._limits?.memory ?? NaN, "a queue item");
}

const WHAT: Record<string, string> = {
  callSoon: "a callback", callAt: "a timer", taskNew: "a task", qPut: "a queue item", qNew: "a queue",
  lockNew: "a lock", condNew: "a condition", eventNew: "an event", semNew: "a semaphore", barrierNew: "a barrier",
};

/**
 * @internal A fresh core (not pooled) given the ceiling `lim.memory`, seen through wrappers
 * that turn NO_MEMORY into LimitError. RangeError when the core's memory is larger already.
 */
export function _limitCore(core: CoreExports, lim: LoopLimits): CoreExports {
  const pages = Math.floor(lim.memory / PAGE);
  if (!core.setMemoryLimit(pages)) {
    throw new RangeError(`limits.memory must be at least the core's initial memory, ${core.memory.buffer.byteLength} bytes: received ${lim.memory}`);
  }
  const max = lim.memory;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(core)) out[k] = (core as unknown as Record<string, unknown>)[k];
  for (const name of GUARDED) {
    const f = (core as unknown as Record<string, (...a: number[]) => number>)[name];
    const what = WHAT[name] ?? "a waiter";
    const fail = (r: number): number => {
      if (r === NO_MEMORY) throw _memoryLimitError(max, what);
      return r;
    };
    out[name] = f.length === 0 ? () => fail(f()) : f.length === 1 ? (a: number) => fail(f(a)) : (a: number, b: number) => fail(f(a, b));
  }
  return out as unknown as CoreExports;
}

/** @internal a task step or callback ran `ms` (more than sliceMs): told to the exception
 *  handler with the task or handle and the time */
export function _reportSlow(loop: EventLoop, what: Task<any> | Handle, isTask: boolean, ms: number): void {
  const context = isTask
    ? { message: `Task step of ${String(what)} took ${ms.toFixed(1)} ms, more than the loop's sliceMs (${loop._limits!.sliceMs} ms)`, task: what as Task<any>, duration: ms }
    : { message: `Callback ${String(what)} took ${ms.toFixed(1)} ms, more than the loop's sliceMs (${loop._limits!.sliceMs} ms)`, handle: what as Handle, duration: ms };
  loop.callExceptionHandler(context);
}

/** @internal loop.stats() */
export function _loopStats(loop: EventLoop): LoopStats {
  const c = loop._core;
  return {
    tasks: c.liveTasks(),
    timers: c.timerCount() - c.cancelledTimers(),
    waiters: c.liveWaiters(),
    coreMemory: c.coreInUse(),
    coreMemoryPeak: c.memory.buffer.byteLength,
    iterations: loop._iteration,
  };
}
