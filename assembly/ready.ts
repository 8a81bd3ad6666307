// ready.ts: the ready queue, a FIFO ring of u32 entries (handle ids, or task ids
// tagged with TASK_BIT), and the batch rule of asyncio's _run_once:
// an iteration runs exactly the entries that were ready when it began
// (CPython base_events.py `ntodo = len(self._ready)`; Trio "only the ones that
// are already runnable now"). What runs meanwhile schedules into the ring and
// waits for the next iteration.
//
// The batch is copied out of the ring into a flat buffer that the façade reads
// through a typed-array view of linear memory (one call per iteration, not one
// per entry). Cost: push O(1) amortised; snapshot O(n) memcpy-like.
// Layout: ring[mask+1] of u32, live entries at (head + i) & mask, i < count.
// Invariant: count <= mask + 1; mask + 1 is a power of two.
// Room: the ring holds one entry per handle id and task id ever handed out (reserve(), called
// where those ids are made), so a wake-up never has to grow it and cannot fail; the batch's
// next buffer is made with it (Batch.spare) and taken at the next collect(), so that batchPtr()
// still moves only when a batch outgrows every earlier one.

import { reserve as reserveMemory, noteAlloc, ALLOC_SLACK } from "./limits";

export class Ring {
  buf: StaticArray<u32> = new StaticArray<u32>(1024);
  mask: u32 = 1023;
  head: u32 = 0;
  count: u32 = 0;

  push(e: u32): void {
    if (this.count > this.mask) this.grow((this.mask + 1) << 1);
    unchecked((this.buf[(this.head + this.count) & this.mask] = e));
    this.count++;
  }

  /** Room for `need` entries (and a batch of that many in `out`), grown now; false when the
   *  memory limit refuses. */
  reserve(need: u32, out: Batch): bool {
    if (need <= this.mask + 1) return true;
    let cap = (this.mask + 1) << 1;
    while (cap < need) cap <<= 1;
    let bytes = <usize>cap * 4 + ALLOC_SLACK;
    const spare = <u32>out.buf.length < cap;
    if (spare) bytes += <usize>cap * 4 + ALLOC_SLACK;
    if (!reserveMemory(bytes)) return false;
    this.grow(cap);
    if (spare) {
      const s = new StaticArray<u32>(cap);
      noteAlloc(changetype<usize>(s), <usize>cap * 4);
      out.spare = s;
    }
    return true;
  }

  private grow(cap: u32): void {
    const bigger = new StaticArray<u32>(cap);
    noteAlloc(changetype<usize>(bigger), <usize>cap * 4);
    for (let i: u32 = 0; i < this.count; i++) {
      unchecked((bigger[i] = this.buf[(this.head + i) & this.mask]));
    }
    this.buf = bigger;
    this.head = 0;
    this.mask = cap - 1;
  }

  /** Moves every entry into `out` (grown as needed) and empties the ring. */
  drainInto(out: Batch): void {
    const n = this.count;
    out.ensure(n);
    const dst = out.buf;
    for (let i: u32 = 0; i < n; i++) {
      unchecked((dst[i] = this.buf[(this.head + i) & this.mask]));
    }
    out.len = n;
    this.head = (this.head + n) & this.mask;
    this.count = 0;
  }

  clear(): void {
    this.head = 0;
    this.count = 0;
  }
}

/** The entries of the running iteration, in order. */
export class Batch {
  buf: StaticArray<u32> = new StaticArray<u32>(1024);
  len: u32 = 0;
  /** The next buffer, made by Ring.reserve() */
  spare: StaticArray<u32> | null = null;

  ensure(n: u32): void {
    if (n <= <u32>this.buf.length) return;
    const s = this.spare;
    if (s !== null && n <= <u32>s.length) {
      this.buf = s;
      this.spare = null;
      return;
    }
    let cap = <u32>this.buf.length << 1;
    while (cap < n) cap <<= 1;
    this.buf = new StaticArray<u32>(cap);
    noteAlloc(changetype<usize>(this.buf), <usize>cap * 4);
  }
}
