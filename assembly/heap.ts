// heap.ts: the timer min-heap, ordered by (when, seq).
// asyncio leaves the order of equal deadlines unspecified; breaking ties by
// sequence number (FIFO) is allowed and makes runs deterministic.
//
// Cancellation is lazy, as in CPython base_events.py: a cancelled timer stays
// in the heap (counted in `cancelled`) until it reaches the top, or until more
// than half of more than 100 timers are cancelled, when the heap is rebuilt
// without them (_MIN_SCHEDULED_TIMER_HANDLES = 100,
// _MIN_CANCELLED_TIMER_HANDLES_FRACTION = 0.5).
//
// Layout: heap[i] is a handle id; its deadline and sequence live in the timer
// tables of scheduler.ts (when[id], seq[id]) so that the heap moves only u32s.
// Invariant: for every i > 0, key(heap[(i-1)>>1]) <= key(heap[i]).

import { growU32 } from "./ids";

/** Told of each timer that removeFlagged() drops. */
export interface TimerSink {
  dropped(id: u32): void;
}

export class TimerHeap {
  heap: StaticArray<u32> = new StaticArray<u32>(256);
  size: u32 = 0;
  /** Cancelled timers still in the heap. */
  cancelled: u32 = 0;

  constructor(public when: StaticArray<f64>, public seq: StaticArray<u32>) {}

  @inline less(a: u32, b: u32): bool {
    const wa = unchecked(this.when[a]);
    const wb = unchecked(this.when[b]);
    return wa < wb || (wa == wb && unchecked(this.seq[a]) < unchecked(this.seq[b]));
  }

  push(id: u32): void {
    this.heap = growU32(this.heap, this.size);
    let i = this.size++;
    const h = this.heap;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pid = unchecked(h[p]);
      if (!this.less(id, pid)) break;
      unchecked((h[i] = pid));
      i = p;
    }
    unchecked((h[i] = id));
  }

  top(): u32 {
    return this.size ? unchecked(this.heap[0]) : 0;
  }

  pop(): u32 {
    const h = this.heap;
    const top = unchecked(h[0]);
    const last = unchecked(h[--this.size]);
    if (this.size) this.siftDown(0, last);
    return top;
  }

  private siftDown(start: u32, id: u32): void {
    const h = this.heap;
    const n = this.size;
    let i = start;
    while (true) {
      let c = (i << 1) + 1;
      if (c >= n) break;
      let cid = unchecked(h[c]);
      if (c + 1 < n) {
        const rid = unchecked(h[c + 1]);
        if (this.less(rid, cid)) {
          c++;
          cid = rid;
        }
      }
      if (!this.less(cid, id)) break;
      unchecked((h[i] = cid));
      i = c;
    }
    unchecked((h[i] = id));
  }

  /** Keeps only the ids at which `keep[id] & mask` is zero, then re-heapifies in O(n).
   *  The dropped ids are written to `out` (grown as needed); returns how many. */
  removeFlagged(flags: StaticArray<u8>, mask: u8, sink: TimerSink): void {
    const h = this.heap;
    let k: u32 = 0;
    for (let i: u32 = 0; i < this.size; i++) {
      const id = unchecked(h[i]);
      if (unchecked(flags[id]) & mask) sink.dropped(id);
      else unchecked((h[k++] = id));
    }
    this.size = k;
    if (k > 1) {
      for (let i = <i32>((k - 2) >> 1); i >= 0; i--) this.siftDown(<u32>i, unchecked(h[i]));
    }
  }

  check(): bool {
    for (let i: u32 = 1; i < this.size; i++) {
      if (this.less(unchecked(this.heap[i]), unchecked(this.heap[(i - 1) >> 1]))) return false;
    }
    return true;
  }

  clear(): void {
    this.size = 0;
    this.cancelled = 0;
  }
}
