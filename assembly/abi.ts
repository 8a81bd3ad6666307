// abi.ts: the integers that cross the boundary between core.wasm and the façade.
// Mirrored by ts/_core.ts (the façade's typed view) and wit/types.wit.

/** A ready-ring entry with this bit set is a task step (low bits: task id);
 *  without it, the entry is a callback handle id. */
export const TASK_BIT: u32 = 0x80000000;
export const ID_MASK: u32 = 0x7fffffff;

/** taskCancel() outcomes. */
export const CANCEL_DONE: i32 = 0;      // the task is finished: cancel() returns false
export const CANCEL_WAITER: i32 = 1;    // the task waits on a future: the façade cancels it first
export const CANCEL_DEFERRED: i32 = 2;  // must-cancel was set: delivered at the next step

/** taskFinish() packs (cancelRequests << 1) | mustCancel. */
export const FINISH_MUST_CANCEL: u32 = 1;
