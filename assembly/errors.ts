// errors.ts: trap messages. A trap is a bug in the core or in the façade's use of it,
// never an expected outcome (those are status codes, abi.ts and sync-abi.ts). The debug build
// turns a trap into an InternalError with file and line (host/load.ts).
export const E_BAD_TASK = "invalid or finished task id";
export const E_BAD_HANDLE = "invalid handle id";
export const E_TASK_RUNNING = "task step entered while the task is already running";
export const E_TASK_NOT_RUNNING = "task step left while the task is not running";
export const E_HEAP = "timer heap order violated";
export const E_BAD_NODE = "invalid or free waiter node";
export const E_NODE_LINKED = "waiter node freed while still in a list";
export const E_LIST_NOT_EMPTY = "primitive freed while it has waiters";
export const E_BAD_PRIM = "invalid or free primitive id";
export const E_BAD_ITEM = "invalid queue item";
export const E_NO_ROOM = "id allocated without room() first";
