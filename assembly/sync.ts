// sync.ts: the synchronisation primitives' state machines and waiter lists (issue #3).
// Placeholder module so the ABI has its final shape; filled by the primitives' work.
export function syncVersion(): u32 {
  return 1;
}
