// taskgroups.ts: TaskGroup and taskGroup() (CPython Lib/asyncio/taskgroups.py, 3.13).
//
// `yield* taskGroup(function* (tg) { tg.createTask(...) })` waits for every child. The first
// child to fail with an error cancels its siblings and the body (through the parent task, with
// bookkeeping so that the parent's own cancel count is restored on exit); the errors are raised
// together as an ExceptionGroup. Children that end cancelled are not errors. KeyboardInterrupt
// and SystemExit are re-raised bare.

import type { Context } from "./contextvars.js";
import { CancelledError, ExceptionGroup, RuntimeError, isBaseExit, _checkOptions } from "../errors.js";
import { getRunningLoop } from "../loop/running.js";
import { Op } from "./op.js";
import type { Future } from "./future.js";
import type { Task, Coro, CoroutineLike } from "./task.js";
import { type BlockResult, _checkBlockBody, _checkBlockCoro, _closeCoro } from "./coroutine.js";
import type { EventLoop } from "../loop/loop.js";
import { _failedOp } from "./op.js";
import { INSPECT } from "../inspect.js";
import { _NamedFuture } from "./future.js";

let groupCounter = 0;

/**
 * @example
 * ```ts
 * await run(function* () {
 *   try {
 *     yield* taskGroup(function* (tg: TaskGroup) {
 *       tg.createTask(sleep(1000));
 *       tg.createTask(function* () { throw new RangeError("bad"); });
 *     });
 *   } catch (e) {
 *     if (e instanceof ExceptionGroup) console.log(e.errors); // [RangeError: bad]; the sleeper was cancelled
 *   }
 * });
 * ```
 */
export class TaskGroup {
  /** @internal */ _entered = false;
  /** @internal */ _exiting = false;
  /** @internal */ _aborting = false;
  /** @internal */ _loop: EventLoop | null = null;
  /** @internal */ _parent: Task<unknown> | null = null;
  /** @internal */ _parentCancelRequested = false;
  /** @internal */ _tasks = new Set<Task<unknown>>();
  /** @internal */ _errors: unknown[] = [];
  /** @internal */ _baseError: unknown = undefined;
  /** @internal */ _onCompleted: Future<boolean> | null = null;
  readonly id = ++groupCounter;

  /** Starts a child task in this group. RuntimeError before the group is entered, after it
   *  finished, or while it is shutting down after a failure. */
  createTask<T>(coro: CoroutineLike<T>, opts?: { name?: string; eager?: boolean; context?: Context }): Task<T> {
    if (opts !== undefined) {
      try {
        _checkOptions(opts, ["name", "eager", "context"], "TaskGroup.createTask()");
      } catch (e) {
        _closeCoro(coro);
        throw e;
      }
    }
    if (!this._entered) {
      _closeCoro(coro);
      throw new RuntimeError(`TaskGroup ${this} has not been entered`);
    }
    if (this._exiting && this._tasks.size === 0) {
      _closeCoro(coro);
      throw new RuntimeError(`TaskGroup ${this} is finished`);
    }
    if (this._aborting) {
      _closeCoro(coro);
      throw new RuntimeError(`TaskGroup ${this} is shutting down`);
    }
    const task = this._loop!.createTask(coro, opts);
    if (task.done()) this._onTaskDone(task);
    else {
      this._tasks.add(task);
      task.addDoneCallback(this._onTaskDone as any);
    }
    return task;
  }

  /** @internal */
  _enter(): void {
    if (this._entered) throw new RuntimeError(`TaskGroup ${this} has already been entered`);
    this._loop ??= getRunningLoop();
    this._parent = this._loop._currentTask;
    if (this._parent === null) throw new RuntimeError(`TaskGroup ${this} cannot determine the parent task`);
    this._entered = true;
  }

  /** @internal */
  _abort(): void {
    this._aborting = true;
    for (const t of this._tasks) if (!t.done()) t.cancel();
  }

  /** @internal */
  _onTaskDone = (task: Task<unknown>): void => {
    this._tasks.delete(task);
    if (this._onCompleted !== null && this._tasks.size === 0 && !this._onCompleted.done()) this._onCompleted.setResult(true);
    if (task.cancelled()) return;
    const exc = task.exception();
    if (exc === null) return;
    this._errors.push(exc);
    if (isBaseExit(exc) && this._baseError === undefined) this._baseError = exc;
    const parent = this._parent!;
    if (parent.done()) {
      this._loop!.callExceptionHandler({ message: `Task ${task} has errored out but its parent task ${parent} is already completed`, exception: exc, task });
      return;
    }
    if (!this._aborting && !this._parentCancelRequested) {
      this._abort();
      this._parentCancelRequested = true;
      parent.cancel();
    }
  };

  /** @internal __aexit__; returns the error to raise, or undefined to let `exc` propagate */
  *_exit(hasExc: boolean, exc: unknown): Coro<unknown> {
    this._exiting = true;
    if (hasExc && isBaseExit(exc) && this._baseError === undefined) this._baseError = exc;
    let propagateCancel: unknown = hasExc && exc instanceof CancelledError ? exc : undefined;
    if (hasExc && !this._aborting) this._abort();
    while (this._tasks.size) {
      this._onCompleted ??= new _NamedFuture<boolean>(this._loop!, "TaskGroup children");
      try {
        yield* this._onCompleted;
      } catch (e) {
        if (!(e instanceof CancelledError)) throw e;
        if (!this._aborting) {
          propagateCancel = e;
          this._abort();
        }
      }
      this._onCompleted = null;
    }
    try {
      if (this._baseError !== undefined) return this._baseError;
      const parent = this._parent!;
      if (this._parentCancelRequested && parent.uncancel() === 0) propagateCancel = undefined;
      if (propagateCancel !== undefined && this._errors.length === 0) return propagateCancel;
      if (hasExc && !(exc instanceof CancelledError)) this._errors.push(exc);
      if (this._errors.length) {
        if (parent.cancelling()) {
          parent.uncancel();
          parent.cancel();
        }
        return new ExceptionGroup(this._errors, "unhandled errors in a TaskGroup");
      }
      return undefined;
    } finally {
      this._parent = null;
      this._errors = [];
      this._baseError = undefined;
    }
  }

  /** util.inspect shows the String() form */
  [INSPECT](): string {
    return this.toString();
  }

  toString(): string {
    const info: string[] = [];
    if (this._tasks.size) info.push(`tasks=${this._tasks.size}`);
    if (this._errors.length) info.push(`errors=${this._errors.length}`);
    if (this._aborting) info.push("cancelling");
    else if (this._entered) info.push("entered");
    return `<TaskGroup${info.length ? " " + info.join(" ") : ""}>`;
  }
}

/** taskGroup's Op body: a module-level generator function bound per call, never a fresh
 *  generator closure (V8 charges ~2 us to create and first run one; see tasks/timeouts.ts). */
function* runGroup<T>(body: (tg: TaskGroup) => BlockResult<T>): Coro<T> {
  const tg = new TaskGroup();
  tg._enter();
  let v: T;
  try {
    v = yield* _checkBlockCoro<T>(body(tg), "A task group body");
  } catch (e) {
    const r = yield* tg._exit(true, e);
    throw r !== undefined ? r : e;
  }
  const r = yield* tg._exit(false, undefined);
  if (r !== undefined) throw r;
  return v;
}

/**
 * Runs `body` with a fresh TaskGroup and waits for all its tasks (see TaskGroup).
 * @example
 * ```ts
 * function* fetchOne(i: number) {
 *   yield* sleep(10 * i);
 *   return i * i;
 * }
 * await run(function* () {
 *   const tasks = yield* taskGroup(function* (tg) {
 *     return [1, 2, 3].map((i) => tg.createTask(fetchOne(i)));
 *   });
 *   console.log(tasks.map((t) => t.result())); // [1, 4, 9]
 * });
 * ```
 */
export function taskGroup<T>(body: (tg: TaskGroup) => BlockResult<T>): Op<T> {
  try {
    _checkBlockBody(body, "A task group body");
    return new Op<T>(runGroup.bind(null, body) as () => Coro<T>);
  } catch (e) {
    return _failedOp(e);
  }
}
