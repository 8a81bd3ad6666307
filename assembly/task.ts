// task.ts: the task table. One row per unfinished task, indexed by a recycled id.
// It holds what decides a task's cancellation (CPython tasks.py Task.cancel/__step/uncancel):
//
//   flags   (abi.ts: they cross the boundary through taskFlags())
//           F_LIVE       the row is in use
//           F_SCHEDULED  a step or wake-up is in the ready ring
//           F_WAITING    the task has a _fut_waiter (set at suspension, cleared when a step starts)
//           F_RUNNING    its step is on the stack now
//           F_MUST_CANCEL deliver CancelledError at the next step instead of the waiter's outcome
//   ncancel the count of cancel() requests not yet matched by uncancel()
//
// Invariant (tasks.py:76-93): a live task is in exactly one of: waiting (F_WAITING, not
// F_SCHEDULED unless its waiter is done and the wake-up is queued), scheduled, running.
// Layout: flags[id] u8, ncancel[id] u32, tpark[id] u32 (the waiter node it is suspended on,
// waiters.ts); id 0 is never used.

import {
  TASK_BIT, NO_MEMORY, CANCEL_DONE, CANCEL_WAITER, CANCEL_DEFERRED, FINISH_MUST_CANCEL,
  F_LIVE, F_SCHEDULED, F_WAITING, F_RUNNING, F_MUST_CANCEL,
} from "./abi";
import { E_BAD_TASK, E_TASK_RUNNING, E_TASK_NOT_RUNNING } from "./errors";
import { CHECKS } from "./checks";
import { IdPool, grow } from "./ids";
import { ready, ringRoom, ringFits } from "./scheduler";

export const tasks = new IdPool(256, 9, 3);
let flags = new StaticArray<u8>(256);
let ncancel = new StaticArray<u32>(256);
/** the waiter node the task is suspended on (waiters.ts taskStepPark); 0 once a step starts */
let tpark = new StaticArray<u32>(256);

@inline function live(id: u32): bool {
  return id > 0 && id < tasks.next && (unchecked(flags[id]) & F_LIVE) != 0;
}

/** A new task; unless eager, its first step joins the ready ring (create_task's call_soon).
 *  NO_MEMORY under the memory limit (nothing changed). */
export function taskNew(eager: bool): u32 {
  // A recycled id needs no room: the table and the ready ring hold it already.
  if (tasks.nfree == 0 && !(tasks.next < tasks.cap && ringFits()) && !freshTaskRoom()) return <u32>NO_MEMORY;
  const id = tasks.alloc();
  unchecked((ncancel[id] = 0));
  unchecked((tpark[id] = 0));
  if (eager) {
    unchecked((flags[id] = F_LIVE));
  } else {
    unchecked((flags[id] = F_LIVE | F_SCHEDULED));
    ready.push(id | TASK_BIT);
  }
  return id;
}

/** Room for a new (not recycled) task id: its row and its ready-ring entry, grown now; false
 *  when the memory limit refuses (nothing changed). */
function freshTaskRoom(): bool {
  const r = tasks.room(1);
  if (r < 0) return false;
  if (r > 0) {
    const c = tasks.cap - 1;
    flags = grow(flags, c);
    ncancel = grow(ncancel, c);
    tpark = grow(tpark, c);
  }
  return ringRoom(true);
}

/** Queues a step: a wake-up by the awaited future, a bare yield, or a step with an error. */
export function taskSchedule(id: u32): void {
  if (CHECKS) assert(live(id), E_BAD_TASK);
  unchecked((flags[id] |= F_SCHEDULED));
  ready.push(id | TASK_BIT);
}

/** A step starts. Returns 1 when it must throw CancelledError in (must-cancel consumed). */
export function taskStepBegin(id: u32): i32 {
  if (CHECKS) assert(live(id), E_BAD_TASK);
  const f = unchecked(flags[id]);
  if (CHECKS) assert(!(f & F_RUNNING), E_TASK_RUNNING);
  unchecked((flags[id] = (f & ~(F_SCHEDULED | F_WAITING | F_MUST_CANCEL)) | F_RUNNING));
  unchecked((tpark[id] = 0));
  return f & F_MUST_CANCEL ? 1 : 0;
}

/** The node task `id` is suspended on, or 0 (waiters.ts: a node wakes its task only if so). */
@inline export function taskParkedOn(id: u32): u32 {
  return id < <u32>tpark.length ? unchecked(tpark[id]) : 0;
}

/** The running step of `id` suspends on node `n` (waiters.ts taskStepPark). */
@inline export function taskSetParked(id: u32, n: u32): void {
  unchecked((tpark[id] = n));
}

/** The step suspended on a future. Returns 1 when cancel() was called during the step:
 *  the façade then cancels the new waiter, and clears must-cancel if that succeeded. */
export function taskStepWait(id: u32): i32 {
  const f = unchecked(flags[id]);
  if (CHECKS) assert((f & F_RUNNING) != 0, E_TASK_NOT_RUNNING);
  unchecked((flags[id] = (f & ~F_RUNNING) | F_WAITING));
  return f & F_MUST_CANCEL ? 1 : 0;
}

/** The step gave up one iteration (bare yield), or must be re-run with an error. */
export function taskStepYield(id: u32): void {
  const f = unchecked(flags[id]);
  if (CHECKS) assert((f & F_RUNNING) != 0, E_TASK_NOT_RUNNING);
  unchecked((flags[id] = (f & ~F_RUNNING) | F_SCHEDULED));
  ready.push(id | TASK_BIT);
}

/** The coroutine returned or threw: the row is freed. Returns (ncancel << 1) | mustCancel,
 *  so that a task cancelled during its last step ends cancelled (tasks.py:307-311). */
export function taskFinish(id: u32): u32 {
  if (CHECKS) assert(live(id), E_BAD_TASK);
  const f = unchecked(flags[id]);
  const r = (unchecked(ncancel[id]) << 1) | (f & F_MUST_CANCEL ? FINISH_MUST_CANCEL : 0);
  unchecked((flags[id] = 0));
  unchecked((tpark[id] = 0));
  tasks.release(id);
  return r;
}

/** Task.cancel(): counts the request and says how to deliver it (abi.ts CANCEL_*). */
export function taskCancel(id: u32): i32 {
  if (!live(id)) return CANCEL_DONE;
  unchecked(ncancel[id]++);
  const f = unchecked(flags[id]);
  if (f & F_WAITING) return CANCEL_WAITER;
  unchecked((flags[id] = f | F_MUST_CANCEL));
  return CANCEL_DEFERRED;
}

/** The waiter could not be cancelled (it is done already): deliver at the next step. */
export function taskSetMustCancel(id: u32): void {
  if (CHECKS) assert(live(id), E_BAD_TASK);
  unchecked((flags[id] |= F_MUST_CANCEL));
}

export function taskClearMustCancel(id: u32): void {
  if (CHECKS) assert(live(id), E_BAD_TASK);
  unchecked((flags[id] &= ~F_MUST_CANCEL));
}

/** Task.uncancel() (3.13): never below 0; at 0 a pending must-cancel is withdrawn. */
export function taskUncancel(id: u32): u32 {
  if (CHECKS) assert(live(id), E_BAD_TASK);
  let n = unchecked(ncancel[id]);
  if (n > 0) {
    n--;
    unchecked((ncancel[id] = n));
    if (n == 0) unchecked((flags[id] &= ~F_MUST_CANCEL));
  }
  return n;
}

export function taskCancelling(id: u32): u32 {
  if (CHECKS) assert(live(id), E_BAD_TASK);
  return unchecked(ncancel[id]);
}

export function taskFlags(id: u32): u32 {
  return id > 0 && id < tasks.next ? unchecked(flags[id]) : 0;
}

/** Drops every task row (reset()). */
export function resetTasks(): void {
  for (let i: u32 = 1; i < tasks.next; i++) unchecked((flags[i] = 0));
  tasks.reset();
}
