// lock.ts: Lock and Condition (CPython 3.13 locks.py), as state machines over waiter lists.
//
// Lock is fair FIFO: acquire() takes the lock at once only if it is unlocked and no waiter is
// left that is not cancelled, so a newcomer cannot barge past a waiter that was woken and has not
// run yet. release() unlocks and wakes the *first* waiter only, and only if it is still pending;
// a first waiter that was cancelled passes the turn on itself when it resumes (lockAcquireEnd),
// exactly as asyncio's except-path `if not self._locked: self._wake_up_first()`. Unlike a
// Semaphore(1), the lock is *not* reserved for the woken waiter: locked() is false from the
// release until that waiter runs. Ownership is not tracked: any task may release.
//
// Condition keeps its own waiter list and borrows a Lock (several conditions may share one).
// condWait releases the lock and parks in one call; the façade re-acquires the lock with the
// Lock's own exports after the wake-up (asyncio's retry-on-cancel loop is control flow, not a
// decision), and calls condNotify(c, 1, unchecked) on any exception out of wait() (3.13).
//
// Layout (per lock id):  locked u8 | list u32        (per condition id):  lock u32 | list u32
// Invariant: a lock with no waiter left alive (list.live == 0) that is unlocked grants at once.
// Owner rule: mutated only inside the exports below, each one whole operation.

import { IdPool, grow } from "./ids";
import { CHECKS } from "./checks";
import { ST_NOT_LOCKED, W_PENDING } from "./sync-abi";
import { NO_MEMORY } from "./abi";
import { E_BAD_PRIM } from "./errors";
import {
  listNew, listFree, listPush, listRoom, nodeRoom, listHead, listLen, listLive, listWakePending,
  nodeState, nodeUnlink, nodeFree, nodeWake,
} from "./waiters";

const locks = new IdPool(64, 5, 2);
let lkLocked = new StaticArray<u8>(64);
let lkList = new StaticArray<u32>(64);

const conds = new IdPool(64, 8, 2);
let cvLock = new StaticArray<u32>(64);
let cvList = new StaticArray<u32>(64);

@inline function checkLock(l: u32): void {
  if (CHECKS) assert(l > 0 && l < locks.next && unchecked(lkList[l]) != 0, E_BAD_PRIM);
}

/** A new unlocked lock; NO_MEMORY under the memory limit. */
export function lockNew(): u32 {
  const r = locks.room(1);
  if (r < 0 || !listRoom(1)) return <u32>NO_MEMORY;
  if (r > 0) {
    lkLocked = grow(lkLocked, locks.cap - 1);
    lkList = grow(lkList, locks.cap - 1);
  }
  const l = locks.alloc();
  unchecked((lkLocked[l] = 0));
  unchecked((lkList[l] = listNew()));
  return l;
}

export function lockFree(l: u32): void {
  checkLock(l);
  listFree(unchecked(lkList[l]));
  unchecked((lkList[l] = 0));
  locks.release(l);
}

/** Grants (returns 0) or parks the caller at the tail (returns its node); NO_MEMORY when the
 *  memory limit refuses the node. */
export function lockAcquire(l: u32): u32 {
  checkLock(l);
  const w = unchecked(lkList[l]);
  if (!unchecked(lkLocked[l]) && listLive(w) == 0) {
    unchecked((lkLocked[l] = 1));
    return 0;
  }
  if (!nodeRoom()) return <u32>NO_MEMORY;
  return listPush(w);
}

/** _wake_up_first: wake the head of the deque if it is still pending. */
function wakeFirst(l: u32): void {
  const h = listHead(unchecked(lkList[l]));
  if (h && nodeState(h) == W_PENDING) nodeWake(h);
}

/** Unlocks and wakes the first waiter (their tasks are scheduled). ST_NOT_LOCKED if the lock is not held. */
export function lockRelease(l: u32): i32 {
  checkLock(l);
  if (!unchecked(lkLocked[l])) return ST_NOT_LOCKED;
  unchecked((lkLocked[l] = 0));
  wakeFirst(l);
  return 0;
}

/** The parked acquirer resumed: with the lock (cancelled = 0), or with CancelledError, in which
 *  case the turn passes on if the lock is free (their tasks are scheduled). Frees the node. */
export function lockAcquireEnd(l: u32, n: u32, cancelled: bool): void {
  checkLock(l);
  nodeUnlink(n);
  nodeFree(n);
  if (cancelled) {
    if (!unchecked(lkLocked[l])) wakeFirst(l);
  } else {
    unchecked((lkLocked[l] = 1));
  }
}

export function lockLocked(l: u32): bool {
  checkLock(l);
  return unchecked(lkLocked[l]) != 0;
}

export function lockWaiters(l: u32): u32 {
  checkLock(l);
  return listLen(unchecked(lkList[l]));
}

// ---- Condition ----------------------------------------------------------------------------------

@inline function checkCond(c: u32): void {
  if (CHECKS) assert(c > 0 && c < conds.next && unchecked(cvList[c]) != 0, E_BAD_PRIM);
}

/** A new condition on `lock`; NO_MEMORY under the memory limit. */
export function condNew(lock: u32): u32 {
  checkLock(lock);
  const r = conds.room(1);
  if (r < 0 || !listRoom(1)) return <u32>NO_MEMORY;
  if (r > 0) {
    cvLock = grow(cvLock, conds.cap - 1);
    cvList = grow(cvList, conds.cap - 1);
  }
  const c = conds.alloc();
  unchecked((cvLock[c] = lock));
  unchecked((cvList[c] = listNew()));
  return c;
}

export function condFree(c: u32): void {
  checkCond(c);
  listFree(unchecked(cvList[c]));
  unchecked((cvList[c] = 0));
  conds.release(c);
}

/** wait(): ST_NOT_LOCKED without the lock; otherwise releases the lock (its woken waiter's task
 *  is scheduled) and parks the caller; returns its node. NO_MEMORY (the lock still held) when
 *  the memory limit refuses the node. */
export function condWait(c: u32): i32 {
  checkCond(c);
  const l = unchecked(cvLock[c]);
  if (!unchecked(lkLocked[l])) return ST_NOT_LOCKED;
  if (!nodeRoom()) return NO_MEMORY;
  const r = lockRelease(l);
  if (r < 0) return r;
  return <i32>listPush(unchecked(cvList[c]));
}

/** The waiter resumed (notified or cancelled): it leaves the deque; the node is freed. */
export function condWaitEnd(c: u32, n: u32): void {
  checkCond(c);
  nodeUnlink(n);
  nodeFree(n);
}

/** Wakes the first `k` pending waiters (their tasks are scheduled); returns how many. With `check`, requires
 *  the lock (ST_NOT_LOCKED); without, it is the internal `_notify(1)` of wait()'s error path. */
export function condNotify(c: u32, k: u32, check: bool): i32 {
  checkCond(c);
  if (check && !unchecked(lkLocked[unchecked(cvLock[c])])) return ST_NOT_LOCKED;
  return <i32>listWakePending(unchecked(cvList[c]), k);
}

export function condWaiters(c: u32): u32 {
  checkCond(c);
  return listLen(unchecked(cvList[c]));
}

export function condLocked(c: u32): bool {
  checkCond(c);
  return unchecked(lkLocked[unchecked(cvLock[c])]) != 0;
}

/** Invariant: an unlocked lock never has a pending waiter at the head of its deque (that would
 *  be a lost wake-up; a cancelled or woken head passes the turn on when it resumes). */
export function lockCheck(l: u32): i32 {
  checkLock(l);
  const h = listHead(unchecked(lkList[l]));
  return h && !unchecked(lkLocked[l]) && nodeState(h) == W_PENDING ? 0 : 1;
}

export function liveLocks(): i32 {
  return locks.live() + conds.live();
}

/** Drops every lock and condition (reset()). */
export function resetLocks(): void {
  locks.reset();
  conds.reset();
}
