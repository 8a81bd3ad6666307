// sync.ts: the synchronisation primitives' part of the core's ABI (issue #3). Each export is one
// whole operation from integers (ids, node ids, item handles) and f64 values; expected outcomes
// are status codes (sync-abi.ts); a woken waiter node schedules the step of the task parked on
// it (waiters.ts).
//
//   waiters.ts    waiter lists and nodes; waiterCancel (a pending wait cancelled),
//                 taskStepPark / taskParkCancel (a task parked on a node, woken by the core),
//                 liveWaiters, checkWaiters
//   lock.ts       lock*: Lock; cond*: Condition
//   event.ts      event*: Event
//   semaphore.ts  sem*: Semaphore, BoundedSemaphore
//   channel.ts    q*: Queue, LifoQueue, PriorityQueue (item handles, join, shutdown)
//   items.ts      the queues' item pool and priority heap; liveItems
//   barrier.ts    barrier*: Barrier
//
// The tests drive these exports through the façade and check them against CPython 3.13 traces
// and a TS model (tests/sync/).

export { waiterCancel, waiterState, liveWaiters, checkWaiters, taskStepPark, taskParkCancel } from "./waiters";
export {
  lockNew, lockFree, lockAcquire, lockRelease, lockAcquireEnd, lockLocked, lockWaiters, lockCheck,
  condNew, condFree, condWait, condWaitEnd, condNotify, condWaiters, condLocked,
} from "./lock";
export { eventNew, eventFree, eventSet, eventClear, eventIsSet, eventWait, eventWaitEnd, eventWaiters } from "./event";
export {
  semNew, semFree, semAcquire, semAcquireEnd, semRelease, semValue, semBound, semLocked, semWaiters, semCheck,
} from "./semaphore";
export {
  qNew, qFree, qPut, qGet, qWaitGet, qWaitPut, qWaitEnd, qPutOrPark, qPutRetry, qGetOrPark, qGetRetry, qTaskDone, qJoin, qJoinEnd, qShutdown,
  qPeekPriority, qAdopt, qSize_ as qSize, qFull, qUnfinished_ as qUnfinished, qIsShutdown,
  qGetters_ as qGetters, qPutters_ as qPutters, qJoiners, qCheck,
} from "./channel";
export { liveItems } from "./items";
export {
  barrierNew, barrierFree, barrierEnter, barrierPassed, barrierExit, barrierReset, barrierAbort,
  barrierState, barrierWaiting, barrierCheck,
} from "./barrier";

import { lists } from "./waiters";
import { liveLocks } from "./lock";
import { liveEvents } from "./event";
import { liveSems } from "./semaphore";
import { liveQueues } from "./channel";
import { liveBarriers } from "./barrier";

/** Live primitive states and waiter lists (tests: collected primitives are freed). */
export function livePrimitives(): i32 {
  return liveLocks() + liveEvents() + liveSems() + liveQueues() + liveBarriers();
}

export function liveLists(): i32 {
  return lists.live();
}

export function syncVersion(): u32 {
  return 2;
}
