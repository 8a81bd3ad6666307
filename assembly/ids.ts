// ids.ts: a recycling allocator of small integer ids (1-based; 0 means "none"), and grow(), the
// doubling of the tables those ids index.
// Freed ids go on a LIFO stack and are handed out again before new ones, so the
// tables indexed by ids stay as small as the peak number of live objects.
// A table is struct-of-arrays: one StaticArray per field ("column"), indexed by id, so that a
// hot loop touches only the fields it reads. Rejected: one column wrapper class with a `get(i)`
// (an extra load per access in hot paths), and all columns in one block addressed with
// load/store (DESIGN.md: typed storage, so the sources also build to portable JS).
// Cost: O(1) alloc and free; the stack and the tables grow by doubling and are never shrunk
// (the stub runtime frees nothing; reset() keeps the capacity and restarts the ids).
// Invariant: an id is either live (< next, not on the stack) or on the free stack, never both.
// Invariant: next <= cap <= free.length: the columns hold every id handed out, and release()
//            never allocates (the free stack grows with the table, in room()).
// Under a memory limit (limits.ts) a table grows only in room(), before its export changes
// anything, so that an export refused for lack of memory leaves every state as it was.

import { reserve, noteAlloc, ALLOC_SLACK } from "./limits";
import { CHECKS } from "./checks";
import { E_NO_ROOM } from "./errors";

export class IdPool {
  free: StaticArray<u32> = new StaticArray<u32>(256);
  nfree: i32 = 0;
  /** The next never-used id: a table indexed by these ids covers every id < next. */
  next: u32 = 1;
  /** The length of the columns of the table these ids index (room() grows it). */
  cap: u32;
  /** Bytes per row over all of the table's columns, and how many columns it has. */
  rowBytes: u32;
  cols: u32;

  constructor(cap: u32, rowBytes: u32, cols: u32) {
    this.cap = cap;
    this.rowBytes = rowBytes;
    this.cols = cols;
  }

  /** One more id fits without growth (the hot paths test this before room(1)). */
  @inline fits(): bool {
    return this.nfree > 0 || this.next < this.cap;
  }

  /** Room for `k` more live ids. 0: the columns hold them. 1: the table must grow to `cap` rows,
   *  now, before anything else allocates (the memory is reserved; the free stack has grown):
   *  the caller grows each column with grow(column, cap - 1). -1: the memory limit refuses;
   *  nothing changed. */
  room(k: u32): i32 {
    const avail = <u32>this.nfree + (this.cap - this.next);
    if (avail >= k) return 0;
    let cap = this.cap << 1;
    while (<u32>this.nfree + (cap - this.next) < k) cap <<= 1;
    let bytes = <usize>cap * this.rowBytes + <usize>this.cols * ALLOC_SLACK;
    if (<u32>this.free.length < cap) bytes += <usize>cap * 4 + ALLOC_SLACK;
    if (!reserve(bytes)) return -1;
    this.free = grow(this.free, cap - 1);
    this.cap = cap;
    return 1;
  }

  /** A free id; room() said there is one. */
  alloc(): u32 {
    if (this.nfree > 0) {
      this.nfree--;
      return unchecked(this.free[this.nfree]);
    }
    if (CHECKS) assert(this.next < this.cap, E_NO_ROOM);
    return this.next++;
  }

  release(id: u32): void {
    if (this.nfree == this.free.length) this.free = grow(this.free, <u32>this.nfree);
    unchecked((this.free[this.nfree] = id));
    this.nfree++;
  }

  live(): i32 {
    return <i32>(this.next - 1) - this.nfree;
  }

  reset(): void {
    this.nfree = 0;
    this.next = 1;
  }
}

/** Grows column `t` of a table so that index `need` fits: returns `t` itself while it does,
 *  else a copy of it doubled as often as needed. Each table grows all its columns together when a
 *  new id reaches the capacity (the first column's length), so one check per allocation covers
 *  them all. The columns stay plain StaticArrays that the owner reads with unchecked(): this
 *  runs only on growth, never on an access. */
export function grow<T>(t: StaticArray<T>, need: u32): StaticArray<T> {
  if (need < <u32>t.length) return t;
  let n = t.length << 1;
  while (<u32>n <= need) n <<= 1;
  const bigger = new StaticArray<T>(n);
  memory.copy(changetype<usize>(bigger), changetype<usize>(t), <usize>t.length * sizeof<T>());
  noteAlloc(changetype<usize>(bigger), <usize>n * sizeof<T>());
  return bigger;
}
