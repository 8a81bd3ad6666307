// event.ts: Event (CPython 3.13 locks.py Event) over a waiter list.
//
// set() wakes every waiter still pending, in FIFO order; they resume even if clear() is called
// before they run (their futures are done). wait() returns at once while the flag is set.
// A cancelled waiter just leaves the deque: nothing is passed on.
// Queue.join() waits on one of these (channel.ts), as asyncio's `_finished` Event.
//
// Layout (per event id):  value u8 | list u32
// Owner rule: mutated only inside the exports below.

import { IdPool, grow } from "./ids";
import { CHECKS } from "./checks";
import { E_BAD_PRIM } from "./errors";
import { NO_MEMORY } from "./abi";
import { listRoom, nodeRoom, listNew, listFree, listPush, listLen, listWakePending, nodeUnlink, nodeFree } from "./waiters";

const events = new IdPool(64, 5, 2);
let evValue = new StaticArray<u8>(64);
let evList = new StaticArray<u32>(64);

@inline function checkEvent(e: u32): void {
  if (CHECKS) assert(e > 0 && e < events.next && unchecked(evList[e]) != 0, E_BAD_PRIM);
}

/** Room for one more event and its list (grown now); false when the memory limit refuses. */
export function eventRoom(): bool {
  const r = events.room(1);
  if (r < 0 || !listRoom(1)) return false;
  if (r > 0) {
    evValue = grow(evValue, events.cap - 1);
    evList = grow(evList, events.cap - 1);
  }
  return true;
}

/** A new event; NO_MEMORY under the memory limit. */
export function eventNew(value: bool): u32 {
  if (!eventRoom()) return <u32>NO_MEMORY;
  const e = events.alloc();
  unchecked((evValue[e] = value ? 1 : 0));
  unchecked((evList[e] = listNew()));
  return e;
}

export function eventFree(e: u32): void {
  checkEvent(e);
  listFree(unchecked(evList[e]));
  unchecked((evList[e] = 0));
  events.release(e);
}

/** Sets the flag; if it was clear, wakes every pending waiter (their tasks are scheduled). Returns how many. */
export function eventSet(e: u32): u32 {
  checkEvent(e);
  if (unchecked(evValue[e])) return 0;
  unchecked((evValue[e] = 1));
  return listWakePending(unchecked(evList[e]), 0xffffffff);
}

export function eventClear(e: u32): void {
  checkEvent(e);
  unchecked((evValue[e] = 0));
}

export function eventIsSet(e: u32): bool {
  checkEvent(e);
  return unchecked(evValue[e]) != 0;
}

/** 0 when the flag is set; otherwise parks the caller and returns its node; NO_MEMORY when the
 *  memory limit refuses the node. */
export function eventWait(e: u32): u32 {
  checkEvent(e);
  if (unchecked(evValue[e])) return 0;
  if (!nodeRoom()) return <u32>NO_MEMORY;
  return listPush(unchecked(evList[e]));
}

/** The waiter resumed (woken or cancelled): it leaves the deque; the node is freed. */
export function eventWaitEnd(e: u32, n: u32): void {
  checkEvent(e);
  nodeUnlink(n);
  nodeFree(n);
}

export function eventWaiters(e: u32): u32 {
  checkEvent(e);
  return listLen(unchecked(evList[e]));
}

export function liveEvents(): i32 {
  return events.live();
}

/** Drops every event (reset()). */
export function resetEvents(): void {
  events.reset();
}
