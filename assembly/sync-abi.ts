// sync-abi.ts: the integers the synchronisation primitives' exports return (status codes) and
// their trap messages. Mirrored by ts/_sync-core.ts. A status is an expected outcome (the façade
// turns it into asyncio's exception); a trap is a bug in the core or in the façade's use of it.

/** Waiter node states (waiters.ts). */
export const W_FREE: u8 = 0;
export const W_PENDING: u8 = 1; // parked; its future is pending
export const W_WOKEN: u8 = 2; // the core chose it: its future has (or is about to get) a result
export const W_CANCELLED: u8 = 3; // its future was cancelled (waiterCancel), or the wait was abandoned

/** Negative statuses. Non-negative results are ids, handles, counts or indexes. */
export const ST_NOT_LOCKED: i32 = -1; // Lock.release / Condition.wait / notify without the lock
export const ST_OVER_RELEASE: i32 = -1; // BoundedSemaphore released too many times
export const ST_EMPTY: i32 = -1; // Queue.getNowait on an empty queue
export const ST_FULL: i32 = -1; // Queue.putNowait on a full queue
export const ST_SHUTDOWN: i32 = -2; // Queue: shut down (and, for gets, empty)
export const ST_TOO_MANY: i32 = -1; // Queue.taskDone with nothing unfinished
export const ST_WAIT: i32 = -1; // Barrier: draining or resetting, wait on the condition
export const ST_BROKEN: i32 = -2; // Barrier: broken (abort)

/** Queue kinds (channel.ts). */
export const Q_FIFO: u8 = 0;
export const Q_LIFO: u8 = 1;
export const Q_PRIORITY: u8 = 2;

/** qWaitEnd side. */
export const SIDE_GET: i32 = 0;
export const SIDE_PUT: i32 = 1;

/** Barrier states (barrier.ts), as statistics() names them. */
export const B_FILLING: u8 = 0;
export const B_DRAINING: u8 = 1;
export const B_RESETTING: u8 = 2;
export const B_BROKEN: u8 = 3;

export const E_BAD_NODE = "invalid or free waiter node";
export const E_NODE_LINKED = "waiter node freed while still in a list";
export const E_LIST_NOT_EMPTY = "primitive freed while it has waiters";
export const E_BAD_PRIM = "invalid or free primitive id";
export const E_BAD_ITEM = "invalid queue item";
