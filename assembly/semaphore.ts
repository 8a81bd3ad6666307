// semaphore.ts: Semaphore and BoundedSemaphore (CPython 3.13 locks.py), over a waiter list.
//
// The rules of the 3.11-cycle fixes (gh-90155, gh-97545) and of 3.13:
// - locked() is `value == 0 or some waiter is not cancelled`, and acquire() takes a unit at once
//   only when not locked(): FIFO holds even while units are free but woken waiters have not run;
// - release() adds a unit and hands it to the first pending waiter at once (the unit is
//   *reserved*: value is decremented at wake time, so locked() stays true for newcomers);
// - a waiter cancelled after being woken gives its unit back;
// - [3.13] when an acquire that had to wait ends, successfully or not, as many pending waiters
//   are woken as there are free units (semAcquireEnd).
// BoundedSemaphore: release() with value >= bound is ST_OVER_RELEASE (the façade's RangeError).
// Values are f64 so that any safe integer is exact; the façade validates them.
//
// Layout (per semaphore id):  value f64 | bound f64 (< 0: unbounded) | list u32
// Invariant: value >= 0.
// Owner rule: mutated only inside the exports below.

import { IdPool, grow } from "./ids";
import { CHECKS } from "./checks";
import { ST_OVER_RELEASE, W_WOKEN } from "./sync-abi";
import { E_BAD_PRIM } from "./errors";
import { NO_MEMORY } from "./abi";
import {
  listRoom, nodeRoom, listNew, listFree, listPush, listLen, listLive, listWakeFirstPending, listFirstPending,
  nodeState, nodeUnlink, nodeFree,
} from "./waiters";

const sems = new IdPool(64, 20, 3);
let smValue = new StaticArray<f64>(64);
let smBound = new StaticArray<f64>(64);
let smList = new StaticArray<u32>(64);

@inline function checkSem(s: u32): void {
  if (CHECKS) assert(s > 0 && s < sems.next && unchecked(smList[s]) != 0, E_BAD_PRIM);
}

/** A new semaphore; NO_MEMORY under the memory limit. */
export function semNew(value: f64, bound: f64): u32 {
  const r = sems.room(1);
  if (r < 0 || !listRoom(1)) return <u32>NO_MEMORY;
  if (r > 0) {
    const c = sems.cap - 1;
    smValue = grow(smValue, c);
    smBound = grow(smBound, c);
    smList = grow(smList, c);
  }
  const s = sems.alloc();
  unchecked((smValue[s] = value));
  unchecked((smBound[s] = bound));
  unchecked((smList[s] = listNew()));
  return s;
}

export function semFree(s: u32): void {
  checkSem(s);
  listFree(unchecked(smList[s]));
  unchecked((smList[s] = 0));
  sems.release(s);
}

@inline function isLocked(s: u32): bool {
  return unchecked(smValue[s]) == 0 || listLive(unchecked(smList[s])) != 0;
}

export function semLocked(s: u32): bool {
  checkSem(s);
  return isLocked(s);
}

/** Takes a unit (returns 0) or parks the caller at the tail (returns its node). */
export function semAcquire(s: u32): u32 {
  checkSem(s);
  if (!isLocked(s)) {
    unchecked(smValue[s] -= 1);
    return 0;
  }
  if (!nodeRoom()) return <u32>NO_MEMORY;
  return listPush(unchecked(smList[s]));
}

/** _wake_up_next: the first pending waiter gets a unit now. */
@inline function wakeNext(s: u32): bool {
  const l = unchecked(smList[s]);
  if (!listFirstPending(l)) return false;
  unchecked(smValue[s] -= 1);
  listWakeFirstPending(l);
  return true;
}

/** The parked acquirer resumed, with its unit or with CancelledError (a unit it was woken with
 *  goes back); then free units go to pending waiters (their tasks are scheduled). Frees the node. */
export function semAcquireEnd(s: u32, n: u32, cancelled: bool): void {
  checkSem(s);
  const woken = nodeState(n) == W_WOKEN;
  nodeUnlink(n);
  nodeFree(n);
  if (cancelled && woken) unchecked(smValue[s] += 1);
  while (unchecked(smValue[s]) > 0) {
    if (!wakeNext(s)) break;
  }
}

/** Adds a unit and hands it to the first pending waiter (their tasks are scheduled); ST_OVER_RELEASE for a
 *  bounded semaphore already at its bound. */
export function semRelease(s: u32): i32 {
  checkSem(s);
  const b = unchecked(smBound[s]);
  if (b >= 0 && unchecked(smValue[s]) >= b) return ST_OVER_RELEASE;
  unchecked(smValue[s] += 1);
  wakeNext(s);
  return 0;
}

export function semValue(s: u32): f64 {
  checkSem(s);
  return unchecked(smValue[s]);
}

export function semBound(s: u32): f64 {
  checkSem(s);
  return unchecked(smBound[s]);
}

export function semWaiters(s: u32): u32 {
  checkSem(s);
  return listLen(unchecked(smList[s]));
}

/** Invariant: value >= 0, and free units never coexist with a pending waiter once every woken
 *  acquirer has run (checked by the tests at quiescence). */
export function semCheck(s: u32): i32 {
  checkSem(s);
  return unchecked(smValue[s]) >= 0 ? 1 : 0;
}

export function liveSems(): i32 {
  return sems.live();
}

/** Drops every semaphore (reset()). */
export function resetSems(): void {
  sems.reset();
}
