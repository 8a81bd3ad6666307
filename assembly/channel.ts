// channel.ts: Queue, LifoQueue and PriorityQueue (CPython 3.13 queues.py) as a state machine: a
// buffer of item handles (items.ts), the getter and putter waiter lists, the unfinished-task count
// with its `finished` Event, and shutdown.
//
// asyncio does not hand items off: put() only wakes the first pending getter; the item stays in
// the buffer and a woken getter whose item was taken meanwhile (by a getNowait that ran first)
// finds the queue empty and waits again. Waking pops the waiter off its deque (`_wakeup_next`),
// dropping cancelled ones on the way. A getter (putter) cancelled after it was woken passes the
// wake-up on when it resumes, if there is still an item (a free slot): no wake-up is lost.
// Cost: put/get O(1) (FIFO, LIFO), O(log n) (PRIORITY), plus the waking (waiters.ts).
//
// Layout (per queue):  kind u8 | shut u8 | max f64 | head u32 | tail u32 | size u32 |
//                      unfinished u32 | getters list | putters list | finished event
//   head: the first item of the chain (FIFO, LIFO) or the heap's root (PRIORITY); tail: FIFO only.
// Invariant: size = number of items in the buffer from head; the finished event is set iff
//            unfinished == 0 (put clears it, taskDone/shutdown set it at 0).
// Invariant (at quiescence, no woken waiter left to run): no getter waits while an item is there
//            and no putter while a slot is free (tests/sync/properties.test.ts checks it).
// Owner rule: mutated only inside the exports below, each one whole operation.

import { IdPool, grow } from "./ids";
import { itemRoom, itemNew, itemFree, itemNext, itemSetNext, itemPrio, heapMerge, heapPop, itemsFree, heapCount, liveItems } from "./items";
import { CHECKS } from "./checks";
import { ST_EMPTY, ST_FULL, ST_SHUTDOWN, ST_TOO_MANY, Q_FIFO, Q_LIFO, Q_PRIORITY, Q_PARKED, SIDE_GET, W_CANCELLED } from "./sync-abi";
import { E_BAD_PRIM, E_BAD_ITEM } from "./errors";
import { NO_MEMORY } from "./abi";
import {
  listRoom, nodeRoom, listNew, listFree, listPush, listLen, listPopWake, listPopWakeAll, nodeState, nodeCancel,
  nodeUnlink, nodeFree,
} from "./waiters";
import { eventRoom, eventNew, eventFree, eventSet, eventClear, eventWait, eventWaitEnd, eventWaiters } from "./event";

const queues = new IdPool(64, 38, 10);
let qKind = new StaticArray<u8>(64);
let qShut = new StaticArray<u8>(64);
let qMax = new StaticArray<f64>(64);
let qHead = new StaticArray<u32>(64);
let qTail = new StaticArray<u32>(64);
let qSize = new StaticArray<u32>(64);
let qUnfinished = new StaticArray<u32>(64);
let qGetters = new StaticArray<u32>(64);
let qPutters = new StaticArray<u32>(64);
let qFinished = new StaticArray<u32>(64);

@inline function checkQueue(q: u32): void {
  if (CHECKS) assert(q > 0 && q < queues.next && unchecked(qGetters[q]) != 0, E_BAD_PRIM);
}

/** A queue of `kind` (Q_FIFO, Q_LIFO, Q_PRIORITY); maxsize <= 0 is unbounded. NO_MEMORY under
 *  the memory limit. */
export function qNew(kind: u8, maxsize: f64): u32 {
  const r = queues.room(1);
  if (r < 0 || !listRoom(3) || !eventRoom()) return <u32>NO_MEMORY;
  if (r > 0) {
    const c = queues.cap - 1;
    qKind = grow(qKind, c);
    qShut = grow(qShut, c);
    qMax = grow(qMax, c);
    qHead = grow(qHead, c);
    qTail = grow(qTail, c);
    qSize = grow(qSize, c);
    qUnfinished = grow(qUnfinished, c);
    qGetters = grow(qGetters, c);
    qPutters = grow(qPutters, c);
    qFinished = grow(qFinished, c);
  }
  const q = queues.alloc();
  unchecked((qKind[q] = kind));
  unchecked((qShut[q] = 0));
  unchecked((qMax[q] = maxsize));
  unchecked((qHead[q] = 0));
  unchecked((qTail[q] = 0));
  unchecked((qSize[q] = 0));
  unchecked((qUnfinished[q] = 0));
  unchecked((qGetters[q] = listNew()));
  unchecked((qPutters[q] = listNew()));
  unchecked((qFinished[q] = eventNew(true)));
  return q;
}

function dropItems(q: u32): void {
  itemsFree(unchecked(qHead[q]), unchecked(qKind[q]) == Q_PRIORITY);
  unchecked((qHead[q] = 0));
  unchecked((qTail[q] = 0));
  unchecked((qSize[q] = 0));
}

export function qFree(q: u32): void {
  checkQueue(q);
  dropItems(q);
  listFree(unchecked(qGetters[q]));
  listFree(unchecked(qPutters[q]));
  eventFree(unchecked(qFinished[q]));
  unchecked((qGetters[q] = 0));
  queues.release(q);
}

@inline function isFull(q: u32): bool {
  const m = unchecked(qMax[q]);
  return m > 0 && <f64>unchecked(qSize[q]) >= m;
}

function push(q: u32, h: u32, prio: f64): void {
  const i = itemNew(h, prio);
  const kind = unchecked(qKind[q]);
  if (kind == Q_FIFO) {
    const t = unchecked(qTail[q]);
    if (t) itemSetNext(t, i);
    else unchecked((qHead[q] = i));
    unchecked((qTail[q] = i));
  } else if (kind == Q_LIFO) {
    itemSetNext(i, unchecked(qHead[q]));
    unchecked((qHead[q] = i));
  } else {
    unchecked((qHead[q] = heapMerge(unchecked(qHead[q]), i)));
  }
  unchecked(qSize[q]++);
}

/** Removes the next item (by the queue's order) and returns its handle; the queue is not empty. */
function pop(q: u32): u32 {
  const i = unchecked(qHead[q]);
  if (CHECKS) assert(i != 0, E_BAD_ITEM);
  if (unchecked(qKind[q]) == Q_PRIORITY) {
    unchecked((qHead[q] = heapPop(i)));
  } else {
    const x = itemNext(i);
    unchecked((qHead[q] = x));
    if (!x) unchecked((qTail[q] = 0));
  }
  unchecked(qSize[q]--);
  return itemFree(i);
}

/** putNowait: ST_SHUTDOWN, ST_FULL, NO_MEMORY (the memory limit refuses the item), or 0 once
 *  the item is in and the first pending getter is woken (their tasks are scheduled). `prio` is
 *  used by priority queues only. */
export function qPut(q: u32, h: u32, prio: f64): i32 {
  checkQueue(q);
  if (unchecked(qShut[q])) return ST_SHUTDOWN;
  if (isFull(q)) return ST_FULL;
  if (!itemRoom()) return NO_MEMORY;
  push(q, h, prio);
  unchecked(qUnfinished[q]++);
  eventClear(unchecked(qFinished[q]));
  listPopWake(unchecked(qGetters[q]));
  return 0;
}

/** getNowait: the next item's handle, after waking the first pending putter (their tasks are scheduled);
 *  ST_SHUTDOWN when empty and shut down, ST_EMPTY when empty. */
export function qGet(q: u32): i32 {
  checkQueue(q);
  if (!unchecked(qSize[q])) return unchecked(qShut[q]) ? ST_SHUTDOWN : ST_EMPTY;
  const h = pop(q);
  listPopWake(unchecked(qPutters[q]));
  return <i32>h;
}

/** Parks a getter (after qGet said ST_EMPTY); returns its node. */
export function qWaitGet(q: u32): u32 {
  checkQueue(q);
  if (!nodeRoom()) return <u32>NO_MEMORY;
  return listPush(unchecked(qGetters[q]));
}

/** Parks a putter (after qPut said ST_FULL); returns its node. */
export function qWaitPut(q: u32): u32 {
  checkQueue(q);
  if (!nodeRoom()) return <u32>NO_MEMORY;
  return listPush(unchecked(qPutters[q]));
}

// put() and get() that may wait, one call per attempt (as lockAcquire): the attempt and, when it
// cannot complete, the parking; after a normal wake-up, the end of the wait and the next attempt.
// The same steps in the same order as qPut/qGet, qWaitPut/qWaitGet and qWaitEnd called one after
// another (nothing observable ran between them in the façade), so the orderings are asyncio's.

/** put(): 0 once the item is in (the first pending getter woken, as qPut); when the queue is
 *  full, parks the caller at the putters' tail and returns its node (> 0); ST_SHUTDOWN; NO_MEMORY
 *  (nothing changed). */
export function qPutOrPark(q: u32, h: u32, prio: f64): i32 {
  const r = qPut(q, h, prio);
  if (r != ST_FULL) return r;
  if (!nodeRoom()) return NO_MEMORY;
  return <i32>listPush(unchecked(qPutters[q]));
}

/** A putter parked on node `n` was woken: the node is freed and it tries again (qPutOrPark). */
export function qPutRetry(q: u32, n: u32, h: u32, prio: f64): i32 {
  checkQueue(q);
  nodeUnlink(n);
  nodeFree(n);
  return qPutOrPark(q, h, prio);
}

/** get(): the next item's handle (the first pending putter woken, as qGet); when the queue is
 *  empty, parks the caller at the getters' tail and returns Q_PARKED | its node; ST_SHUTDOWN when
 *  empty and shut down; NO_MEMORY (nothing changed). */
export function qGetOrPark(q: u32): i32 {
  const h = qGet(q);
  if (h != ST_EMPTY) return h;
  if (!nodeRoom()) return NO_MEMORY;
  return <i32>(listPush(unchecked(qGetters[q])) | Q_PARKED);
}

/** A getter parked on node `n` was woken: the node is freed and it tries again (qGetOrPark). */
export function qGetRetry(q: u32, n: u32): i32 {
  checkQueue(q);
  nodeUnlink(n);
  nodeFree(n);
  return qGetOrPark(q);
}

/** A parked getter (side SIDE_GET) or putter resumed. Woken normally: the node is freed and the
 *  caller retries. With an exception (`aborted`): a still-pending wait is cancelled, the node
 *  leaves its deque, and if it had been woken (not cancelled) while an item (a free slot) is
 *  there, the wake-up passes to the next waiter on that side (their tasks are scheduled). */
export function qWaitEnd(q: u32, n: u32, side: i32, aborted: bool): void {
  checkQueue(q);
  if (aborted) {
    nodeCancel(n);
    const cancelled = nodeState(n) == W_CANCELLED;
    nodeUnlink(n);
    nodeFree(n);
    if (cancelled) return;
    if (side == SIDE_GET) {
      if (unchecked(qSize[q])) listPopWake(unchecked(qGetters[q]));
    } else if (!isFull(q)) listPopWake(unchecked(qPutters[q]));
    return;
  }
  nodeUnlink(n);
  nodeFree(n);
}

/** taskDone: ST_TOO_MANY when nothing is unfinished; at 0, join() waiters wake (their tasks are scheduled). */
export function qTaskDone(q: u32): i32 {
  checkQueue(q);
  const u = unchecked(qUnfinished[q]);
  if (u == 0) return ST_TOO_MANY;
  unchecked((qUnfinished[q] = u - 1));
  if (u == 1) eventSet(unchecked(qFinished[q]));
  return 0;
}

/** join: 0 when nothing is unfinished; otherwise parks the caller on `finished`; its node. */
export function qJoin(q: u32): u32 {
  checkQueue(q);
  if (unchecked(qUnfinished[q]) == 0) return 0;
  return eventWait(unchecked(qFinished[q]));
}

export function qJoinEnd(q: u32, n: u32): void {
  checkQueue(q);
  eventWaitEnd(unchecked(qFinished[q]), n);
}

/** shutdown(immediate): later puts fail; with `immediate` every item is dropped (the façade
 *  clears its slots) and counted done; then join() waiters, every getter and every putter wake,
 *  in that order (their tasks are scheduled). */
export function qShutdown(q: u32, immediate: bool): void {
  checkQueue(q);
  unchecked((qShut[q] = 1));
  if (immediate) {
    const n = unchecked(qSize[q]);
    dropItems(q);
    const u = unchecked(qUnfinished[q]);
    unchecked((qUnfinished[q] = u > n ? u - n : 0));
    if (unchecked(qUnfinished[q]) == 0) eventSet(unchecked(qFinished[q]));
  }
  listPopWakeAll(unchecked(qGetters[q]));
  listPopWakeAll(unchecked(qPutters[q]));
}

/** The next item's priority (migration between cores keeps ties in order). */
export function qPeekPriority(q: u32): f64 {
  checkQueue(q);
  const i = unchecked(qHead[q]);
  return i ? itemPrio(i) : NaN;
}

/** Copies counters when a queue moves from the detached core into a loop's core. */
export function qAdopt(q: u32, unfinished: u32, shut: bool): void {
  checkQueue(q);
  unchecked((qUnfinished[q] = unfinished));
  unchecked((qShut[q] = shut ? 1 : 0));
  if (unfinished) eventClear(unchecked(qFinished[q]));
}

export function qSize_(q: u32): u32 {
  checkQueue(q);
  return unchecked(qSize[q]);
}
export function qFull(q: u32): bool {
  checkQueue(q);
  return isFull(q);
}
export function qUnfinished_(q: u32): u32 {
  checkQueue(q);
  return unchecked(qUnfinished[q]);
}
export function qIsShutdown(q: u32): bool {
  checkQueue(q);
  return unchecked(qShut[q]) != 0;
}
export function qGetters_(q: u32): u32 {
  checkQueue(q);
  return listLen(unchecked(qGetters[q]));
}
export function qPutters_(q: u32): u32 {
  checkQueue(q);
  return listLen(unchecked(qPutters[q]));
}
export function qJoiners(q: u32): u32 {
  checkQueue(q);
  return eventWaiters(unchecked(qFinished[q]));
}

/** Invariants: size matches the buffer; a FIFO's tail is its last item; a heap is ordered. */
export function qCheck(q: u32): i32 {
  checkQueue(q);
  const kind = unchecked(qKind[q]);
  let n: u32 = 0;
  if (kind != Q_PRIORITY) {
    let last: u32 = 0;
    for (let i = unchecked(qHead[q]); i; i = itemNext(i)) {
      n++;
      last = i;
      if (n > <u32>liveItems()) return 0;
    }
    if (kind == Q_FIFO && last != unchecked(qTail[q])) return 0;
  } else {
    n = heapCount(unchecked(qHead[q]));
    if (n == 0xffffffff) return 0;
  }
  return n == unchecked(qSize[q]) ? 1 : 0;
}

export function liveQueues(): i32 {
  return queues.live();
}

/** Drops every queue (reset(); their items go with the item pool's own reset). */
export function resetQueues(): void {
  queues.reset();
}
