// barrier.ts: Barrier (CPython 3.13 locks.py), the state machine FILLING -> DRAINING -> FILLING,
// RESETTING, BROKEN, over a Condition (lock.ts) that the façade waits on.
//
// asyncio builds Barrier.wait() from `async with cond`, `cond.wait_for(pred)` loops and
// `notify_all()`. The façade keeps that control flow (lock acquire, condition waits: their
// suspension points decide the orderings), and each step's decision is one export here:
//   barrierEnter   _block's predicate and the arrival: wait while draining/resetting, fail if
//                  broken, else take an index; the last arrival flips to DRAINING and notifies all
//   barrierPassed  _wait's predicate: still filling (wait), released, or broken/reset (fail)
//   barrierExit    the finally of wait(): count--, and the last one out refills and notifies all
//   barrierReset / barrierAbort
// A waiter cancelled while filling leaves through barrierExit, so the count goes down.
//
// Layout (per barrier id):  state u8 | parties u32 | count u32 | cond u32
// Invariant: count <= parties; nWaiting is count while FILLING, else 0.
// Owner rule: mutated only inside the exports below (the condition's lock is held by the caller).

import { IdPool, grow } from "./ids";
import { CHECKS } from "./checks";
import { ST_WAIT, ST_BROKEN, B_FILLING, B_DRAINING, B_RESETTING, B_BROKEN } from "./sync-abi";
import { E_BAD_PRIM } from "./errors";
import { NO_MEMORY } from "./abi";
import { condNotify } from "./lock";

const barriers = new IdPool(64, 13, 4);
let brState = new StaticArray<u8>(64);
let brParties = new StaticArray<u32>(64);
let brCount = new StaticArray<u32>(64);
let brCond = new StaticArray<u32>(64);

@inline function checkBarrier(b: u32): void {
  if (CHECKS) assert(b > 0 && b < barriers.next && unchecked(brCond[b]) != 0, E_BAD_PRIM);
}

/** A new barrier over condition `cond`; NO_MEMORY under the memory limit. */
export function barrierNew(parties: u32, cond: u32): u32 {
  const r = barriers.room(1);
  if (r < 0) return <u32>NO_MEMORY;
  if (r > 0) {
    const c = barriers.cap - 1;
    brState = grow(brState, c);
    brParties = grow(brParties, c);
    brCount = grow(brCount, c);
    brCond = grow(brCond, c);
  }
  const b = barriers.alloc();
  unchecked((brState[b] = B_FILLING));
  unchecked((brParties[b] = parties));
  unchecked((brCount[b] = 0));
  unchecked((brCond[b] = cond));
  return b;
}

export function barrierFree(b: u32): void {
  checkBarrier(b);
  unchecked((brCond[b] = 0));
  barriers.release(b);
}

/** ST_WAIT (draining or resetting: wait on the condition and retry), ST_BROKEN, or the arrival's
 *  index * 2 + (1 if it is the last one, which flipped the barrier to DRAINING and notified
 *  every condition waiter). */
export function barrierEnter(b: u32): i32 {
  checkBarrier(b);
  const s = unchecked(brState[b]);
  if (s == B_DRAINING || s == B_RESETTING) return ST_WAIT;
  if (s == B_BROKEN) return ST_BROKEN;
  const index = unchecked(brCount[b]);
  unchecked((brCount[b] = index + 1));
  if (index + 1 == unchecked(brParties[b])) {
    unchecked((brState[b] = B_DRAINING));
    condNotify(unchecked(brCond[b]), 0xffffffff, false);
    return <i32>(index * 2 + 1);
  }
  return <i32>(index * 2);
}

/** 0 while still filling (wait on the condition), 1 once released, ST_BROKEN when broken or
 *  being reset. */
export function barrierPassed(b: u32): i32 {
  checkBarrier(b);
  const s = unchecked(brState[b]);
  if (s == B_FILLING) return 0;
  if (s == B_DRAINING) return 1;
  return ST_BROKEN;
}

/** Leaving wait() (any way): the last one out of a draining or resetting barrier refills it;
 *  the last one out always notifies every condition waiter (their tasks are scheduled). */
export function barrierExit(b: u32): void {
  checkBarrier(b);
  const c = unchecked(brCount[b]) - 1;
  unchecked((brCount[b] = c));
  if (c == 0) {
    const s = unchecked(brState[b]);
    if (s == B_RESETTING || s == B_DRAINING) unchecked((brState[b] = B_FILLING));
    condNotify(unchecked(brCond[b]), 0xffffffff, false);
  }
}

/** reset(): waiters get BrokenBarrierError, and the barrier refills once they are out. */
export function barrierReset(b: u32): void {
  checkBarrier(b);
  if (unchecked(brCount[b]) > 0) {
    if (unchecked(brState[b]) != B_RESETTING) unchecked((brState[b] = B_RESETTING));
  } else unchecked((brState[b] = B_FILLING));
  condNotify(unchecked(brCond[b]), 0xffffffff, false);
}

/** abort(): broken for good; every waiter, now and later, gets BrokenBarrierError. */
export function barrierAbort(b: u32): void {
  checkBarrier(b);
  unchecked((brState[b] = B_BROKEN));
  condNotify(unchecked(brCond[b]), 0xffffffff, false);
}

export function barrierState(b: u32): u32 {
  checkBarrier(b);
  return unchecked(brState[b]);
}

/** n_waiting: the count while filling, else 0. */
export function barrierWaiting(b: u32): u32 {
  checkBarrier(b);
  return unchecked(brState[b]) == B_FILLING ? unchecked(brCount[b]) : 0;
}

export function barrierCheck(b: u32): i32 {
  checkBarrier(b);
  return unchecked(brCount[b]) <= unchecked(brParties[b]) ? 1 : 0;
}

export function liveBarriers(): i32 {
  return barriers.live();
}

/** Drops every barrier (reset()). */
export function resetBarriers(): void {
  barriers.reset();
}
