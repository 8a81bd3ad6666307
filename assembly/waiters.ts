// waiters.ts: the intrusive FIFO waiter lists every primitive parks its tasks in; waking a node
// schedules the step of the task parked on it.
//
// A list is asyncio's `_waiters` deque: nodes stay in it, in arrival order, until the waiting
// task resumes and removes itself (locks.py `finally: self._waiters.remove(fut)`), or until a
// queue pops them (queues.py `_wakeup_next`). A node in it is PENDING (asyncio: its future is
// pending), WOKEN (the core chose it and scheduled its task, which has not run yet) or CANCELLED
// (Task.cancel() cancelled the wait: taskParkCancel; or it was abandoned). asyncio's rules read those
// states: Lock's fast path needs every waiter cancelled, Lock wakes only the very first waiter
// if it is pending, Semaphore/Condition/Event wake the first pending ones. So each list has two
// linkages: the deque (all nodes, arrival order) and the pending sublist (PENDING nodes only, in
// the same order), which makes "first pending waiter" O(1) where asyncio scans past woken
// waiters (O(n) per release, O(n^2) for n releases in a row). Unlink is O(1) for both.
// Cost: 25 bytes per node, 24 per list; nodes and lists are recycled ids (ids.ts), tables grow
// by doubling. Rejected: one singly linked deque per primitive (unlink on cancellation O(n)),
// and unlinking cancelled nodes at once (Lock would then wake the second waiter at a release
// where asyncio wakes nobody and lets the cancelled waiter pass the turn on one iteration later,
// and the traces would differ from CPython's).
//
// Layout (per node id):  state u8 | list u32 | prev u32 | next u32 | pprev u32 | pnext u32 |
//                        task u32 (the task parked on it, 0 before it parked)
//        (per list id):  head u32 | tail u32 | phead u32 | ptail u32 | len u32 | live u32
// Invariant: node.list != 0 iff the node is in that list's deque; a PENDING node is always in a
//            deque and in its pending sublist; no other node is in a pending sublist.
// Invariant: list.len = number of nodes in the deque; list.live = those not CANCELLED.
// Owner rule: only the primitives' exports (lock.ts, event.ts, semaphore.ts, channel.ts,
// barrier.ts) and waiterCancel() mutate these tables, each inside one exported call.

import { IdPool, grow } from "./ids";
import { CHECKS } from "./checks";
import { taskSchedule, taskStepWait, taskParkedOn, taskSetParked } from "./task";
import { W_FREE, W_PENDING, W_WOKEN, W_CANCELLED } from "./sync-abi";
import { E_BAD_NODE, E_NODE_LINKED, E_LIST_NOT_EMPTY } from "./errors";

export const nodes = new IdPool(256, 25, 7);
let nstate = new StaticArray<u8>(256);
let nlist = new StaticArray<u32>(256);
let nprev = new StaticArray<u32>(256);
let nnext = new StaticArray<u32>(256);
let pprev = new StaticArray<u32>(256);
let pnext = new StaticArray<u32>(256);
/** the task parked on the node (taskStepPark); 0 until it has parked */
let ntask = new StaticArray<u32>(256);

export const lists = new IdPool(64, 24, 6);
let lhead = new StaticArray<u32>(64);
let ltail = new StaticArray<u32>(64);
let lphead = new StaticArray<u32>(64);
let lptail = new StaticArray<u32>(64);
let llen = new StaticArray<u32>(64);
let llive = new StaticArray<u32>(64);

// ---- waking ---------------------------------------------------------------------------------------
// A task parks on a node of its own (taskStepPark, after the primitive's export returned the
// node): when an export chooses the node, the task's step joins the ready ring in that same
// export, in wake order (asyncio: the waiter future's result is set and its done callback, the
// task's wake-up, is scheduled at once). A node chosen before its task has parked on it (during
// the step that parked it) is only marked WOKEN; taskStepPark then schedules the task at once.

/** `n` was chosen (now WOKEN): the task parked on it is scheduled, if it is still suspended on
 *  `n` (a wait whose coroutine was driven by hand and abandoned must not resume a task that has
 *  moved on). */
@inline function wakeOut(n: u32): void {
  const t = unchecked(ntask[n]);
  if (t != 0 && taskParkedOn(t) == n) taskSchedule(t);
}

// ---- lists ----------------------------------------------------------------------------------------

/** Room for `k` more lists (grown now); false when the memory limit refuses. Every export that
 *  makes lists asks first, before it changes anything. */
export function listRoom(k: u32): bool {
  const r = lists.room(k);
  if (r < 0) return false;
  if (r > 0) {
    const c = lists.cap - 1;
    lhead = grow(lhead, c);
    ltail = grow(ltail, c);
    lphead = grow(lphead, c);
    lptail = grow(lptail, c);
    llen = grow(llen, c);
    llive = grow(llive, c);
  }
  return true;
}

/** Room for one more node (grown now); false when the memory limit refuses. Every export that
 *  parks a waiter asks first, before it changes anything. */
@inline export function nodeRoom(): bool {
  return nodes.fits() || growNodes();
}

function growNodes(): bool {
  const r = nodes.room(1);
  if (r < 0) return false;
  if (r > 0) {
    const c = nodes.cap - 1;
    nstate = grow(nstate, c);
    nlist = grow(nlist, c);
    nprev = grow(nprev, c);
    nnext = grow(nnext, c);
    pprev = grow(pprev, c);
    pnext = grow(pnext, c);
    ntask = grow(ntask, c);
  }
  return true;
}

/** A new empty list (listRoom() first). */
export function listNew(): u32 {
  const l = lists.alloc();
  unchecked((lhead[l] = 0));
  unchecked((ltail[l] = 0));
  unchecked((lphead[l] = 0));
  unchecked((lptail[l] = 0));
  unchecked((llen[l] = 0));
  unchecked((llive[l] = 0));
  return l;
}

export function listFree(l: u32): void {
  if (CHECKS) assert(unchecked(llen[l]) == 0, E_LIST_NOT_EMPTY);
  lists.release(l);
}

@inline export function listHead(l: u32): u32 {
  return unchecked(lhead[l]);
}
@inline export function listFirstPending(l: u32): u32 {
  return unchecked(lphead[l]);
}
@inline export function listLen(l: u32): u32 {
  return unchecked(llen[l]);
}
/** Nodes in the deque that are not cancelled (asyncio: `any(not w.cancelled() ...)`). */
@inline export function listLive(l: u32): u32 {
  return unchecked(llive[l]);
}

/** A new PENDING node at the tail of `l` (asyncio: `self._waiters.append(fut)`; nodeRoom()
 *  first). */
export function listPush(l: u32): u32 {
  const n = nodes.alloc();
  unchecked((nstate[n] = W_PENDING));
  unchecked((ntask[n] = 0));
  unchecked((nlist[n] = l));
  linkTail(nprev, nnext, lhead, ltail, l, n);
  linkTail(pprev, pnext, lphead, lptail, l, n);
  unchecked(llen[l]++);
  unchecked(llive[l]++);
  return n;
}

// The deque and the pending sublist are two doubly linked lists through the same nodes, each
// with its own (prev, next) columns per node and (head, tail) columns per list: one pair of
// helpers serves both, inlined, so the columns stay the plain tables above.

/** Appends node `n` to list `l`'s linkage (prev, next, head, tail). */
@inline function linkTail(
  prev: StaticArray<u32>, next: StaticArray<u32>, head: StaticArray<u32>, tail: StaticArray<u32>, l: u32, n: u32,
): void {
  const t = unchecked(tail[l]);
  unchecked((prev[n] = t));
  unchecked((next[n] = 0));
  if (t) unchecked((next[t] = n));
  else unchecked((head[l] = n));
  unchecked((tail[l] = n));
}

/** Takes node `n` out of list `l`'s linkage (prev, next, head, tail). O(1). */
@inline function unlinkFrom(
  prev: StaticArray<u32>, next: StaticArray<u32>, head: StaticArray<u32>, tail: StaticArray<u32>, l: u32, n: u32,
): void {
  const p = unchecked(prev[n]);
  const x = unchecked(next[n]);
  if (p) unchecked((next[p] = x));
  else unchecked((head[l] = x));
  if (x) unchecked((prev[x] = p));
  else unchecked((tail[l] = p));
  unchecked((prev[n] = 0));
  unchecked((next[n] = 0));
}

function unlinkPending(n: u32): void {
  unlinkFrom(pprev, pnext, lphead, lptail, unchecked(nlist[n]), n);
}

@inline function checkNode(n: u32): void {
  if (CHECKS) assert(n > 0 && n < nodes.next && unchecked(nstate[n]) != W_FREE, E_BAD_NODE);
}

@inline export function nodeState(n: u32): u8 {
  return unchecked(nstate[n]);
}
@inline export function nodeLinked(n: u32): bool {
  return unchecked(nlist[n]) != 0;
}

/** The core chose `n`: PENDING -> WOKEN, and the task parked on it is scheduled. */
export function nodeWake(n: u32): void {
  checkNode(n);
  if (CHECKS) assert(unchecked(nstate[n]) == W_PENDING, E_BAD_NODE);
  unlinkPending(n);
  unchecked((nstate[n] = W_WOKEN));
  wakeOut(n);
}

/** The wait was cancelled (or abandoned): PENDING -> CANCELLED. A WOKEN node keeps its state:
 *  asyncio's future is done already, so `fut.cancelled()` stays false. */
export function nodeCancel(n: u32): void {
  checkNode(n);
  if (unchecked(nstate[n]) != W_PENDING) return;
  unlinkPending(n);
  unchecked((nstate[n] = W_CANCELLED));
  const l = unchecked(nlist[n]);
  if (l) unchecked(llive[l]--);
}

/** Takes `n` out of its deque, if it is still in one (asyncio: `self._waiters.remove(fut)`). */
export function nodeUnlink(n: u32): void {
  checkNode(n);
  const l = unchecked(nlist[n]);
  if (!l) return;
  const s = unchecked(nstate[n]);
  if (s == W_PENDING) unlinkPending(n);
  unlinkFrom(nprev, nnext, lhead, ltail, l, n);
  unchecked((nlist[n] = 0));
  unchecked(llen[l]--);
  if (s != W_CANCELLED) unchecked(llive[l]--);
}

/** The waiting task has resumed and is done with `n`. */
export function nodeFree(n: u32): void {
  checkNode(n);
  if (CHECKS) assert(unchecked(nlist[n]) == 0, E_NODE_LINKED);
  unchecked((nstate[n] = W_FREE));
  unchecked((ntask[n] = 0));
  nodes.release(n);
}

/** Wakes the first pending node of `l`; returns it, or 0 if none is pending. */
export function listWakeFirstPending(l: u32): u32 {
  const n = unchecked(lphead[l]);
  if (n) nodeWake(n);
  return n;
}

/** Wakes up to `k` pending nodes of `l` in FIFO order; returns how many. */
export function listWakePending(l: u32, k: u32): u32 {
  let i: u32 = 0;
  while (i < k) {
    const n = unchecked(lphead[l]);
    if (!n) break;
    nodeWake(n);
    i++;
  }
  return i;
}

/** asyncio queues' `_wakeup_next`: pops nodes off the front (cancelled ones are dropped from the
 *  deque) until it pops a pending one, which it wakes. Returns it, or 0. */
export function listPopWake(l: u32): u32 {
  let n = unchecked(lhead[l]);
  while (n) {
    const pending = unchecked(nstate[n]) == W_PENDING;
    nodeUnlink(n);
    if (pending) {
      // nodeUnlink left it PENDING but outside every list: wake it without the sublist unlink.
      unchecked((nstate[n] = W_WOKEN));
      wakeOut(n);
      return n;
    }
    n = unchecked(lhead[l]);
  }
  return 0;
}

/** Pops and wakes every node of `l` (Queue.shutdown); cancelled ones are just dropped. */
export function listPopWakeAll(l: u32): void {
  while (listPopWake(l)) {}
}

/** Walks every list and checks the invariants above; 1 when they hold. */
export function checkWaiters(): i32 {
  let linked: u32 = 0;
  for (let l: u32 = 1; l < lists.next; l++) {
    let len: u32 = 0;
    let live: u32 = 0;
    let pend: u32 = 0;
    let prev: u32 = 0;
    for (let n = unchecked(lhead[l]); n; n = unchecked(nnext[n])) {
      if (unchecked(nlist[n]) != l || unchecked(nprev[n]) != prev) return 0;
      const s = unchecked(nstate[n]);
      if (s == W_FREE) return 0;
      if (s != W_CANCELLED) live++;
      if (s == W_PENDING) pend++;
      len++;
      prev = n;
      if (len > nodes.next) return 0;
    }
    if (prev != unchecked(ltail[l])) return 0;
    if (len != unchecked(llen[l]) || live != unchecked(llive[l])) return 0;
    let p2: u32 = 0;
    prev = 0;
    for (let n = unchecked(lphead[l]); n; n = unchecked(pnext[n])) {
      if (unchecked(nstate[n]) != W_PENDING || unchecked(nlist[n]) != l || unchecked(pprev[n]) != prev) return 0;
      p2++;
      prev = n;
      if (p2 > nodes.next) return 0;
    }
    if (p2 != pend || prev != unchecked(lptail[l])) return 0;
    linked += len;
  }
  // every PENDING node is linked somewhere (counted above)
  for (let n: u32 = 1; n < nodes.next; n++) {
    if (unchecked(nstate[n]) == W_PENDING && unchecked(nlist[n]) == 0) return 0;
  }
  return linked <= <u32>nodes.live() ? 1 : 0;
}

/** Cancels a pending node (PENDING -> CANCELLED) and schedules nothing: for a host that drives
 *  waits itself (the core tests do). The façade cancels a parked task's wait with
 *  taskParkCancel, and the primitives' *End exports treat a node still pending as cancelled. */
export function waiterCancel(n: u32): void {
  nodeCancel(n);
}

/**
 * A task step suspended on node `n` (the primitive's export parked it; the façade yielded a
 * CoreWait, ts/_park.ts): from now on the core wakes the task itself (wakeOut) and Task.cancel() cancels the
 * wait through taskParkCancel. If `n` was chosen during the step already, the task's step is
 * scheduled at once (as asyncio's task awaiting a future that is done already). Returns taskStepWait's
 * must-cancel bit.
 */
export function taskStepPark(id: u32, n: u32): i32 {
  checkNode(n);
  const mc = taskStepWait(id);
  if (unchecked(nstate[n]) == W_PENDING) {
    unchecked((ntask[n] = id));
    taskSetParked(id, n);
  } else taskSchedule(id);
  return mc;
}

/**
 * Task.cancel() of task `id` parked on `n`: if the wait is still pending it is cancelled
 * (PENDING -> CANCELLED, as waiterCancel) and the task's step is scheduled to throw in; returns
 * 1. Returns 0, changing nothing, if the node was chosen already or is not that task's any more.
 */
export function taskParkCancel(id: u32, n: u32): i32 {
  if (n == 0 || n >= nodes.next || unchecked(ntask[n]) != id || taskParkedOn(id) != n || unchecked(nstate[n]) != W_PENDING) return 0;
  nodeCancel(n);
  taskSchedule(id);
  return 1;
}

export function waiterState(n: u32): u32 {
  return n > 0 && n < nodes.next ? unchecked(nstate[n]) : 0;
}

/** Drops every node and list (reset(); the primitives that held them go too). */
export function resetWaiters(): void {
  nodes.reset();
  lists.reset();
}


export function liveWaiters(): i32 {
  return nodes.live();
}
