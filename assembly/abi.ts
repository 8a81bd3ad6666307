// abi.ts: the integers that cross the boundary between core.wasm and the façade: ready-ring
// entries, Task.cancel()'s outcomes, a task's state bits. Status codes and states of the
// primitives are in sync-abi.ts, trap messages in errors.ts.
//
// gen/core-abi.ts is generated from this file, sync-abi.ts and index.ts's exports
// (scripts/gen-abi.mjs, run by `npm run build:core`); wit/*.wit mirrors them. Every constant here
// is an integer literal with its own doc comment, so the generator can copy both.
// A group headed `// enum NAME (wit/FILE)` or `// flags NAME (wit/FILE)` mirrors that WIT type:
// its constants are the cases in WIT order, valued 0, 1, 2… (enum) or 1, 2, 4… (flags). The
// generator checks the values and exports the cases' names; tests/wit/abi.test.ts compares them
// with wit/.

/** A ready-ring entry with this bit set is a task step (low bits: the task id); without it, the
 *  entry is a callback handle id. */
export const TASK_BIT: u32 = 0x80000000;
/** The task id of a ready-ring entry that has TASK_BIT. */
export const ID_MASK: u32 = 0x7fffffff;

// enum cancel-outcome (wit/types.wit): what taskCancel() returns
/** The task is finished (or the id names no task): cancel() returns false. */
export const CANCEL_DONE: i32 = 0;
/** The task waits on a future: the façade cancels that future first. */
export const CANCEL_WAITER: i32 = 1;
/** Must-cancel was set: CancelledError is delivered at the next step. */
export const CANCEL_DEFERRED: i32 = 2;

// flags task-state (wit/tasks.wit): a task row's state bits (task.ts), as taskFlags() returns them
/** The row is in use: the task was created and has not finished. */
export const F_LIVE: u8 = 1;
/** A step or wake-up of the task is in the ready ring. */
export const F_SCHEDULED: u8 = 2;
/** The task has a _fut_waiter: set when a step suspends, cleared when the next step starts. */
export const F_WAITING: u8 = 4;
/** Its step is on the stack now. */
export const F_RUNNING: u8 = 8;
/** Deliver CancelledError at the next step instead of the waiter's outcome. */
export const F_MUST_CANCEL: u8 = 16;

/** What an export that would need more core memory than setMemoryLimit() allows returns,
 *  having changed nothing (an export that returns an id returns it as a u32: the façade reads
 *  it as this i32): callSoon, callAt, taskNew, the primitives' *New, the exports that park a
 *  waiter, qPut. */
export const NO_MEMORY: i32 = -3;

/** taskFinish() returns (cancelRequests << 1) | FINISH_MUST_CANCEL if must-cancel was set. */
export const FINISH_MUST_CANCEL: u32 = 1;
