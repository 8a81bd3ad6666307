// index.ts: the ABI of core.wasm, the only exports the façade sees. gen/core-abi.ts is generated
// from these exports (what this file defines and re-exports) and the constants of abi.ts and
// sync-abi.ts (scripts/gen-abi.mjs); wit/*.wit mirrors them, and tests/wit checks both. Every
// export does a whole operation from integers and f64 milliseconds; the core never reads a
// clock, never calls out, and holds no JS value.
//
// Scheduling (scheduler.ts)
//   callSoon() -> handle              a callback joins the ready ring
//   callAt(when) -> handle            a timer joins the heap
//   timerCancel(handle) -> bool       lazy cancel; true if it was still in the heap
//   prepare() -> f64                  prune cancelled timers; next deadline or +Infinity
//   readyCount() -> u32               entries waiting for the next iteration
//   readyCountPtr() -> usize          where that count is in memory (fixed)
//   collect(end) -> u32               due timers join the ring; the ring becomes the batch
//   batchPtr() -> usize               where the batch's u32 entries start in memory (moves
//                                     only when a batch outgrows every earlier one)
// Tasks (task.ts)
//   taskNew(eager) -> id, taskSchedule, taskStepBegin, taskStepWait, taskStepYield,
//   taskFinish, taskCancel, taskSetMustCancel, taskClearMustCancel, taskUncancel,
//   taskCancelling, taskFlags
// Synchronisation primitives (sync.ts): waiter*, lock*, cond*, event*, sem*, q*, barrier*
// Introspection: liveHandles, liveTasks, timerCount, cancelledTimers, checkInvariants, reset
// Limits (limits.ts): setMemoryLimit(pages) -> bool; coreInUse() -> bytes of the live rows.
// Under a memory limit, an export that would grow the memory past it returns NO_MEMORY (abi.ts)
// having changed nothing.
//
// reset() returns the instance to its freshly instantiated state (every table empty, every id
// restarting from 1), so a closed loop's instance can serve the next loop (host/load.ts pools
// them). The tables keep the capacity they grew to (the stub runtime frees nothing), and with it
// batchPtr(); nothing else of the old loop is observable through exports called with ids the
// new loop was given.

import { batch, ready, heap, handles, resetScheduler } from "./scheduler";
import { tasks, resetTasks } from "./task";
import { Ring } from "./ready";
import { resetWaiters } from "./waiters";
import { resetLocks } from "./lock";
import { resetEvents } from "./event";
import { resetSems } from "./semaphore";
import { resetQueues } from "./channel";
import { resetItems } from "./items";
import { resetBarriers } from "./barrier";
import { nodes, lists } from "./waiters";
import { liveLocks } from "./lock";
import { liveEvents } from "./event";
import { liveSems } from "./semaphore";
import { liveQueues } from "./channel";
import { liveItems } from "./items";
import { liveBarriers } from "./barrier";

export { callSoon, callAt, timerCancel, prepare, collect } from "./scheduler";
export {
  taskNew, taskSchedule, taskStepBegin, taskStepWait, taskStepYield, taskFinish,
  taskCancel, taskSetMustCancel, taskClearMustCancel, taskUncancel, taskCancelling, taskFlags,
} from "./task";
export * from "./sync";
export { setMemoryLimit } from "./limits";

/** Entries waiting for the next collect(). */
export function readyCount(): u32 {
  return ready.count;
}

/** Where readyCount()'s u32 is in memory; it never moves. */
export function readyCountPtr(): usize {
  return changetype<usize>(ready) + offsetof<Ring>("count");
}

/** Where the batch's u32 entries start in memory; it moves only when a batch outgrows every
 *  earlier one. */
export function batchPtr(): usize {
  return changetype<usize>(batch.buf);
}

/** Handle ids taken: scheduled callbacks, timers in the heap, and the current batch's. */
export function liveHandles(): i32 {
  return handles.live();
}

/** Bytes of core memory the live rows take now: handles, timers, tasks, waiter nodes and
 *  lists, primitives, queue items (loop.stats().coreMemory; the memory itself, its high-water
 *  mark, is larger: tables grow by doubling and are never shrunk). */
export function coreInUse(): f64 {
  // Per row: its columns and its free-stack slot (the tables' rowBytes in ids.ts, + 4).
  return <f64>handles.live() * 5 + <f64>heap.size * 20 + <f64>tasks.live() * 13 + <f64>ready.count * 8 +
    <f64>nodes.live() * 29 + <f64>lists.live() * 28 + <f64>liveLocks() * 10 + <f64>liveEvents() * 9 +
    <f64>liveSems() * 24 + <f64>liveQueues() * 42 + <f64>liveItems() * 40 + <f64>liveBarriers() * 17;
}

/** Task rows in use. */
export function liveTasks(): i32 {
  return tasks.live();
}

/** Timers in the heap, cancelled ones included. */
export function timerCount(): u32 {
  return heap.size;
}

/** Cancelled timers still in the heap. */
export function cancelledTimers(): u32 {
  return heap.cancelled;
}

/** 1 when every structural invariant holds (used by the tests on both builds). */
export function checkInvariants(): i32 {
  if (!heap.check()) return 0;
  if (heap.cancelled > heap.size) return 0;
  if (ready.count > ready.mask + 1) return 0;
  return 1;
}

/** loop.close(): drops every handle, timer, task, waiter, list, primitive and queue item; the
 *  instance is as freshly instantiated but for its tables' capacity. The façade moves out the
 *  state of primitives that outlive the loop first. */
export function reset(): void {
  resetScheduler();
  resetTasks();
  resetWaiters();
  resetLocks();
  resetEvents();
  resetSems();
  resetQueues();
  resetItems();
  resetBarriers();
}
