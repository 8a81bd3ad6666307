// sync-abi.ts: the integers the synchronisation primitives' exports take and return: waiter
// states, status codes, queue kinds, barrier states. A status is an expected outcome (the façade
// turns it into asyncio's exception); a bug is a trap (errors.ts), never a status.
//
// gen/core-abi.ts is generated from this file (see abi.ts for the rules of a group headed
// `// enum NAME (wit/FILE)`); wit/sync.wit mirrors it.

// enum waiter-state (wit/sync.wit): a waiter node's state (waiters.ts)
/** Not in use. */
export const W_FREE: u8 = 0;
/** Parked; its future is pending. */
export const W_PENDING: u8 = 1;
/** The core chose it: its future has (or is about to get) a result. */
export const W_WOKEN: u8 = 2;
/** Its future was cancelled (taskParkCancel, waiterCancel), or the wait was abandoned. */
export const W_CANCELLED: u8 = 3;

// Negative statuses. Non-negative results are ids, handles, counts or indexes.
/** Lock.release(), Condition.wait() or notify() without the lock. */
export const ST_NOT_LOCKED: i32 = -1;
/** BoundedSemaphore released too many times. */
export const ST_OVER_RELEASE: i32 = -1;
/** Queue.getNowait() on an empty queue. */
export const ST_EMPTY: i32 = -1;
/** Queue.putNowait() on a full queue. */
export const ST_FULL: i32 = -1;
/** Queue: shut down (and, for a get, empty). */
export const ST_SHUTDOWN: i32 = -2;
/** Queue.taskDone() with nothing unfinished. */
export const ST_TOO_MANY: i32 = -1;
/** Barrier: draining or resetting; wait on the condition and retry. */
export const ST_WAIT: i32 = -1;
/** Barrier: broken (abort, or reset while waiting). */
export const ST_BROKEN: i32 = -2;

/** qGetOrPark()/qGetRetry(): the result has this bit set when the getter parked; the low bits
 *  are its node (an item handle never has it). */
export const Q_PARKED: u32 = 0x80000000;

// enum queue-kind (wit/sync.wit): qNew()'s kind (channel.ts)
/** asyncio.Queue: first in, first out. */
export const Q_FIFO: u8 = 0;
/** asyncio.LifoQueue: last in, first out. */
export const Q_LIFO: u8 = 1;
/** asyncio.PriorityQueue: lowest priority first; equal priorities first in, first out. */
export const Q_PRIORITY: u8 = 2;

// enum wait-side (wit/sync.wit): qWaitEnd()'s side
/** A parked getter resumed. */
export const SIDE_GET: i32 = 0;
/** A parked putter resumed. */
export const SIDE_PUT: i32 = 1;

// enum barrier-state (wit/sync.wit): a barrier's state (barrier.ts), as statistics() names it
/** Arrivals are counted until the last party arrives. */
export const B_FILLING: u8 = 0;
/** Released: the waiters are leaving; newcomers wait until the last one is out. */
export const B_DRAINING: u8 = 1;
/** reset() while waiters were in: they get BrokenBarrierError, then it refills. */
export const B_RESETTING: u8 = 2;
/** abort(): every waiter, now and later, gets BrokenBarrierError. */
export const B_BROKEN: u8 = 3;
