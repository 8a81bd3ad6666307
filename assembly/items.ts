// items.ts: the item nodes that hold every queue's buffer (channel.ts), one pool for the whole
// core, and the three shapes a buffer takes: a singly linked chain (FIFO: head and tail; LIFO:
// head only, pushed at the head) and a leftist min-heap over (priority, seq) (PRIORITY).
//
// An item holds an integer handle (the façade keeps the value in its slot table per queue). One
// pool of recycled ids (ids.ts) rather than a buffer per queue: under the stub runtime nothing is
// ever freed, so a growable array or binary heap per queue would stay allocated after the queue
// is gone, while a freed queue's items go back to this pool. seq breaks priority ties in insertion
// order, so equal priorities come out FIFO as in asyncio's heapq of (priority, count) entries.
// Cost: chain push/pop O(1); heap push/pop O(log n): a merge recurses down the right spines,
// whose lengths are at most log2(n + 1). Rejected: a pairing heap (amortised bounds only, and its
// two-pass pairing needs an explicit stack).
//
// Layout (per item id):  handle u32 | next u32 | left u32 | right u32 | rank u32 | prio f64 | seq f64
// Invariant: an item is in at most one buffer; in a chain `next` links it, in a heap `left`,
//            `right` and `rank` do and `next` is free (heapCount, itemsFree use it as a stack).
// Invariant (heap): no child is less than its parent; rank(left) >= rank(right) and
//            rank = rank(right) + 1, rank(0) = 0 (checked by heapCount).
// Owner rule: only channel.ts's exports mutate items, each inside one exported call.

import { IdPool, grow } from "./ids";

const items = new IdPool(256, 36, 7);
let itHandle = new StaticArray<u32>(256);
let itNext = new StaticArray<u32>(256);
let itLeft = new StaticArray<u32>(256);
let itRight = new StaticArray<u32>(256);
let itRank = new StaticArray<u32>(256);
let itPrio = new StaticArray<f64>(256);
let itSeq = new StaticArray<f64>(256);
/** The next insertion's sequence number: an f64 integer, exact up to 2^53 items. */
let nextSeq: f64 = 0;

/** Room for one more item (grown now); false when the memory limit refuses. */
@inline export function itemRoom(): bool {
  return items.fits() || growItems();
}

function growItems(): bool {
  const r = items.room(1);
  if (r < 0) return false;
  if (r > 0) {
    const c = items.cap - 1;
    itHandle = grow(itHandle, c);
    itNext = grow(itNext, c);
    itLeft = grow(itLeft, c);
    itRight = grow(itRight, c);
    itRank = grow(itRank, c);
    itPrio = grow(itPrio, c);
    itSeq = grow(itSeq, c);
  }
  return true;
}

/** A new item holding handle `h`, linked to nothing (a heap of one); itemRoom() first. */
export function itemNew(h: u32, prio: f64): u32 {
  const i = items.alloc();
  unchecked((itHandle[i] = h));
  unchecked((itNext[i] = 0));
  unchecked((itLeft[i] = 0));
  unchecked((itRight[i] = 0));
  unchecked((itRank[i] = 1));
  unchecked((itPrio[i] = prio));
  unchecked((itSeq[i] = nextSeq));
  nextSeq += 1;
  return i;
}

/** Frees item `i` (taken out of its buffer already); returns its handle. */
@inline export function itemFree(i: u32): u32 {
  const h = unchecked(itHandle[i]);
  items.release(i);
  return h;
}

@inline export function itemNext(i: u32): u32 {
  return unchecked(itNext[i]);
}

@inline export function itemSetNext(i: u32, next: u32): void {
  unchecked((itNext[i] = next));
}

@inline export function itemPrio(i: u32): f64 {
  return unchecked(itPrio[i]);
}

// ---- the leftist heap -------------------------------------------------------------------------

@inline function less(a: u32, b: u32): bool {
  const pa = unchecked(itPrio[a]);
  const pb = unchecked(itPrio[b]);
  return pa < pb || (pa == pb && unchecked(itSeq[a]) < unchecked(itSeq[b]));
}

@inline function rank(i: u32): u32 {
  return i ? unchecked(itRank[i]) : 0;
}

/** Merges heaps `a` and `b` (0: empty); returns the root. The smaller root keeps its left child
 *  and merges the other heap into its right, then the children swap if the right one got the
 *  higher rank. */
export function heapMerge(a: u32, b: u32): u32 {
  if (!a) return b;
  if (!b) return a;
  if (less(b, a)) {
    const t = a;
    a = b;
    b = t;
  }
  const r = heapMerge(unchecked(itRight[a]), b);
  const l = unchecked(itLeft[a]);
  if (rank(l) < rank(r)) {
    unchecked((itLeft[a] = r));
    unchecked((itRight[a] = l));
    unchecked((itRank[a] = rank(l) + 1));
  } else {
    unchecked((itRight[a] = r));
    unchecked((itRank[a] = rank(r) + 1));
  }
  return a;
}

/** The heap left when root `i` is taken off. */
@inline export function heapPop(i: u32): u32 {
  return heapMerge(unchecked(itLeft[i]), unchecked(itRight[i]));
}

// ---- whole buffers ------------------------------------------------------------------------------

/** One step of a pre-order walk of a heap whose stack is threaded through the `next` fields
 *  (free in a heap): pushes the children of `i`, just popped, onto the stack `top`; returns the
 *  new top. Iterative, because the left spine of a leftist heap can be long. */
@inline function walkStep(i: u32, top: u32): u32 {
  const l = unchecked(itLeft[i]);
  const r = unchecked(itRight[i]);
  if (l) {
    unchecked((itNext[l] = top));
    top = l;
  }
  if (r) {
    unchecked((itNext[r] = top));
    top = r;
  }
  return top;
}

/** Frees every item of a buffer: a chain from `head`, or (`heap`) the heap rooted at `head`. */
export function itemsFree(head: u32, heap: bool): void {
  let i = head;
  if (!heap) {
    while (i) {
      const x = unchecked(itNext[i]);
      items.release(i);
      i = x;
    }
    return;
  }
  if (i) unchecked((itNext[i] = 0));
  while (i) {
    const top = walkStep(i, unchecked(itNext[i]));
    items.release(i);
    i = top;
  }
}

/** Counts a heap's items, checking order and ranks; 0xffffffff on a violation. */
export function heapCount(root: u32): u32 {
  let n: u32 = 0;
  let i = root;
  if (i) unchecked((itNext[i] = 0));
  while (i) {
    const l = unchecked(itLeft[i]);
    const r = unchecked(itRight[i]);
    if ((l && less(l, i)) || (r && less(r, i))) return 0xffffffff;
    if (rank(l) < rank(r) || unchecked(itRank[i]) != rank(r) + 1) return 0xffffffff;
    if (++n > <u32>items.live()) return 0xffffffff;
    i = walkStep(i, unchecked(itNext[i]));
  }
  return n;
}

export function liveItems(): i32 {
  return items.live();
}

/** Drops every item (reset()): as on a fresh instance, sequence numbers included. */
export function resetItems(): void {
  items.reset();
  nextSeq = 0;
}
