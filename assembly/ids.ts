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

export class IdPool {
  free: StaticArray<u32> = new StaticArray<u32>(256);
  nfree: i32 = 0;
  /** The next never-used id: a table indexed by these ids covers every id < next. */
  next: u32 = 1;

  alloc(): u32 {
    if (this.nfree > 0) {
      this.nfree--;
      return unchecked(this.free[this.nfree]);
    }
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
  return bigger;
}
