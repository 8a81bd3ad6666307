// ids.ts: a recycling allocator of small integer ids (1-based; 0 means "none").
// Freed ids go on a LIFO stack and are handed out again before new ones, so the
// tables indexed by ids stay as small as the peak number of live objects.
// Cost: O(1) alloc and free; the stack grows by doubling and is never shrunk.
// Invariant: an id is either live or on the free stack, never both.

export class IdPool {
  free: StaticArray<u32> = new StaticArray<u32>(256);
  nfree: i32 = 0;
  /** The next never-used id; capacity() tables must cover ids < next. */
  next: u32 = 1;

  alloc(): u32 {
    if (this.nfree > 0) {
      this.nfree--;
      return unchecked(this.free[this.nfree]);
    }
    return this.next++;
  }

  release(id: u32): void {
    if (this.nfree == this.free.length) {
      const bigger = new StaticArray<u32>(this.free.length << 1);
      memory.copy(changetype<usize>(bigger), changetype<usize>(this.free), <usize>this.nfree << 2);
      this.free = bigger;
    }
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

/** Grows a u32 table so that index `need` fits; returns the (possibly new) table. */
export function growU32(t: StaticArray<u32>, need: u32): StaticArray<u32> {
  if (need < <u32>t.length) return t;
  let n = t.length << 1;
  while (<u32>n <= need) n <<= 1;
  const bigger = new StaticArray<u32>(n);
  memory.copy(changetype<usize>(bigger), changetype<usize>(t), <usize>t.length << 2);
  return bigger;
}

export function growF64(t: StaticArray<f64>, need: u32): StaticArray<f64> {
  if (need < <u32>t.length) return t;
  let n = t.length << 1;
  while (<u32>n <= need) n <<= 1;
  const bigger = new StaticArray<f64>(n);
  memory.copy(changetype<usize>(bigger), changetype<usize>(t), <usize>t.length << 3);
  return bigger;
}

export function growU8(t: StaticArray<u8>, need: u32): StaticArray<u8> {
  if (need < <u32>t.length) return t;
  let n = t.length << 1;
  while (<u32>n <= need) n <<= 1;
  const bigger = new StaticArray<u8>(n);
  memory.copy(changetype<usize>(bigger), changetype<usize>(t), <usize>t.length);
  return bigger;
}
