// waiters.ts: the intrusive FIFO waiter lists every primitive parks its tasks in, and the wake
// buffer through which the core tells the façade which waiters' futures to complete.
//
// A list is asyncio's `_waiters` deque: nodes stay in it, in arrival order, until the waiting
// task resumes and removes itself (locks.py `finally: self._waiters.remove(fut)`), or until a
// queue pops them (queues.py `_wakeup_next`). A node in it is PENDING (its future is pending),
// WOKEN (the core chose it; its task has not run yet) or CANCELLED (its future was cancelled by
// Task.cancel(), reported by the façade through waiterCancel()). asyncio's rules read those
// states: Lock's fast path needs every waiter cancelled, Lock wakes only the very first waiter
// if it is pending, Semaphore/Condition/Event wake the first pending ones. So each list has two
// linkages: the deque (all nodes, arrival order) and the pending sublist (PENDING nodes only, in
// the same order), which makes "first pending waiter" O(1) where asyncio scans past woken
// waiters (O(n) per release, O(n^2) for n releases in a row). Unlink is O(1) for both.
// Cost: 21 bytes per node, 24 per list; nodes and lists are recycled ids (ids.ts), tables grow
// by doubling. Rejected: one singly linked deque per primitive (unlink on cancellation O(n)),
// and unlinking cancelled nodes at once (Lock would then wake the second waiter at a release
// where asyncio wakes nobody and lets the cancelled waiter pass the turn on one iteration later,
// and the traces would differ from CPython's).
//
// Layout (per node id):  state u8 | list u32 | prev u32 | next u32 | pprev u32 | pnext u32
//        (per list id):  head u32 | tail u32 | phead u32 | ptail u32 | len u32 | live u32
// Invariant: node.list != 0 iff the node is in that list's deque; a PENDING node is always in a
//            deque and in its pending sublist; no other node is in a pending sublist.
// Invariant: list.len = number of nodes in the deque; list.live = those not CANCELLED.
// Owner rule: only the primitives' exports (lock.ts, event.ts, semaphore.ts, channel.ts,
// barrier.ts) and waiterCancel() mutate these tables, each inside one exported call.

import { IdPool, growU32, growU8 } from "./ids";
import { CHECKS } from "./checks";
import { W_FREE, W_PENDING, W_WOKEN, W_CANCELLED, E_BAD_NODE, E_NODE_LINKED, E_LIST_NOT_EMPTY } from "./sync-abi";

export const nodes = new IdPool();
let nstate = new StaticArray<u8>(256);
let nlist = new StaticArray<u32>(256);
let nprev = new StaticArray<u32>(256);
let nnext = new StaticArray<u32>(256);
let pprev = new StaticArray<u32>(256);
let pnext = new StaticArray<u32>(256);

export const lists = new IdPool();
let lhead = new StaticArray<u32>(64);
let ltail = new StaticArray<u32>(64);
let lphead = new StaticArray<u32>(64);
let lptail = new StaticArray<u32>(64);
let llen = new StaticArray<u32>(64);
let llive = new StaticArray<u32>(64);

// ---- the wake buffer ----------------------------------------------------------------------------
// Layout: out[0] = n, the number of nodes the last waking export chose; out[1] = the first of
// them; out[2] = the address of all n (u32 each, in wake order). `out` is allocated once and never
// moves (stub runtime), so the façade finds it through syncOutPtr() once per core instance.
export const out = new StaticArray<u32>(4);
let wakes = new StaticArray<u32>(64);

/** Every export that may wake waiters starts with this. */
@inline export function outReset(): void {
  unchecked((out[0] = 0));
}

function outPush(n: u32): void {
  const k = unchecked(out[0]);
  if (k == 0) unchecked((out[1] = n));
  wakes = growU32(wakes, k);
  unchecked((wakes[k] = n));
  unchecked((out[0] = k + 1));
  unchecked((out[2] = <u32>changetype<usize>(wakes)));
}

// ---- lists ----------------------------------------------------------------------------------------

export function listNew(): u32 {
  const l = lists.alloc();
  if (l >= <u32>lhead.length) {
    lhead = growU32(lhead, l);
    ltail = growU32(ltail, l);
    lphead = growU32(lphead, l);
    lptail = growU32(lptail, l);
    llen = growU32(llen, l);
    llive = growU32(llive, l);
  }
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

/** A new PENDING node at the tail of `l` (asyncio: `self._waiters.append(fut)`). */
export function listPush(l: u32): u32 {
  const n = nodes.alloc();
  if (n >= <u32>nstate.length) {
    nstate = growU8(nstate, n);
    nlist = growU32(nlist, n);
    nprev = growU32(nprev, n);
    nnext = growU32(nnext, n);
    pprev = growU32(pprev, n);
    pnext = growU32(pnext, n);
  }
  unchecked((nstate[n] = W_PENDING));
  unchecked((nlist[n] = l));
  const t = unchecked(ltail[l]);
  unchecked((nprev[n] = t));
  unchecked((nnext[n] = 0));
  if (t) unchecked((nnext[t] = n));
  else unchecked((lhead[l] = n));
  unchecked((ltail[l] = n));
  const pt = unchecked(lptail[l]);
  unchecked((pprev[n] = pt));
  unchecked((pnext[n] = 0));
  if (pt) unchecked((pnext[pt] = n));
  else unchecked((lphead[l] = n));
  unchecked((lptail[l] = n));
  unchecked(llen[l]++);
  unchecked(llive[l]++);
  return n;
}

function unlinkPending(n: u32): void {
  const l = unchecked(nlist[n]);
  const p = unchecked(pprev[n]);
  const x = unchecked(pnext[n]);
  if (p) unchecked((pnext[p] = x));
  else unchecked((lphead[l] = x));
  if (x) unchecked((pprev[x] = p));
  else unchecked((lptail[l] = p));
  unchecked((pprev[n] = 0));
  unchecked((pnext[n] = 0));
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

/** The core chose `n`: PENDING -> WOKEN, and the façade is told (the wake buffer). */
export function nodeWake(n: u32): void {
  checkNode(n);
  if (CHECKS) assert(unchecked(nstate[n]) == W_PENDING, E_BAD_NODE);
  unlinkPending(n);
  unchecked((nstate[n] = W_WOKEN));
  outPush(n);
}

/** The node's future was cancelled (or its wait abandoned): PENDING -> CANCELLED. A WOKEN node
 *  keeps its state: its future is done already, so asyncio's `fut.cancelled()` stays false. */
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
  const p = unchecked(nprev[n]);
  const x = unchecked(nnext[n]);
  if (p) unchecked((nnext[p] = x));
  else unchecked((lhead[l] = x));
  if (x) unchecked((nprev[x] = p));
  else unchecked((ltail[l] = p));
  unchecked((nprev[n] = 0));
  unchecked((nnext[n] = 0));
  unchecked((nlist[n] = 0));
  unchecked(llen[l]--);
  if (s != W_CANCELLED) unchecked(llive[l]--);
}

/** The waiting task has resumed and is done with `n`. */
export function nodeFree(n: u32): void {
  checkNode(n);
  if (CHECKS) assert(unchecked(nlist[n]) == 0, E_NODE_LINKED);
  unchecked((nstate[n] = W_FREE));
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
      outPush(n);
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

/** The façade's hook: the node's future was cancelled (Task.cancel() cancelled its waiter). */
export function waiterCancel(n: u32): void {
  nodeCancel(n);
}

export function waiterState(n: u32): u32 {
  return n > 0 && n < nodes.next ? unchecked(nstate[n]) : 0;
}

export function syncOutPtr(): usize {
  return changetype<usize>(out);
}


export function liveWaiters(): i32 {
  return nodes.live();
}
