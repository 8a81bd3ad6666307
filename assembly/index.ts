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
// Introspection: liveHandles, liveTasks, timerCount, cancelledTimers, checkInvariants, reset

import { batch, ready, heap, handles, resetScheduler } from "./scheduler";
import { tasks, resetTasks } from "./task";
import { Ring } from "./ready";
import { orphanWaiters } from "./waiters";

export { callSoon, callAt, timerCancel, prepare, collect } from "./scheduler";
export {
  taskNew, taskSchedule, taskStepBegin, taskStepWait, taskStepYield, taskFinish,
  taskCancel, taskSetMustCancel, taskClearMustCancel, taskUncancel, taskCancelling, taskFlags,
} from "./task";
export * from "./sync";

export function readyCount(): u32 {
  return ready.count;
}

export function readyCountPtr(): usize {
  return changetype<usize>(ready) + offsetof<Ring>("count");
}

export function batchPtr(): usize {
  return changetype<usize>(batch.buf);
}

export function liveHandles(): i32 {
  return handles.live();
}

export function liveTasks(): i32 {
  return tasks.live();
}

export function timerCount(): u32 {
  return heap.size;
}

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

/** loop.close(): drop every handle, timer and task row. */
export function reset(): void {
  resetScheduler();
  resetTasks();
  orphanWaiters();
}
