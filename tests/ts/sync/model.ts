// model.ts: the small reference models the property tests (properties.test.ts) check wasyncio
// against. They are not a second implementation of asyncio's algorithms: each one keeps what the
// observable history allows (who holds a unit, which items are in the queue, in which order) and
// states the laws a correct primitive obeys at every step and at quiescence.

/** Units of a Lock / Semaphore held by workers, and the FIFO law of acquisition. */
export class UnitModel {
  readonly capacity: number;
  holders = new Set<number>();
  /** worker -> the sequence number of its acquire() call, while it waits */
  waiting = new Map<number, number>();
  /** workers whose cancel() was requested while they waited */
  cancelRequested = new Set<number>();
  seq = 0;
  violations: string[] = [];

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  called(w: number): void {
    this.waiting.set(w, this.seq++);
  }

  /** worker `w` got a unit: mutual exclusion, and strict FIFO among the waiters not cancelled */
  acquired(w: number): void {
    const mine = this.waiting.get(w);
    this.waiting.delete(w);
    if (mine === undefined) this.violations.push(`worker ${w} acquired without calling acquire()`);
    for (const [other, s] of this.waiting) {
      if (mine !== undefined && s < mine && !this.cancelRequested.has(other)) {
        this.violations.push(`worker ${w} (call ${mine}) acquired before earlier waiter ${other} (call ${s})`);
      }
    }
    this.holders.add(w);
    if (this.holders.size > this.capacity) this.violations.push(`${this.holders.size} holders of ${this.capacity} units`);
  }

  gaveUp(w: number): void {
    this.waiting.delete(w);
    this.cancelRequested.delete(w);
  }

  released(w: number): void {
    if (!this.holders.delete(w)) this.violations.push(`worker ${w} released a unit it did not hold`);
  }

  cancel(w: number): void {
    if (this.waiting.has(w)) this.cancelRequested.add(w);
  }
}

/** The items of a FIFO queue: every item put comes out once, in put order. */
export class QueueModel {
  /** items in the queue, in put order */
  items: number[] = [];
  got = new Set<number>();
  dropped = new Set<number>();
  unfinished = 0;
  shutdown = false;
  violations: string[] = [];

  put(x: number): void {
    if (this.shutdown) this.violations.push(`item ${x} put after shutdown`);
    this.items.push(x);
    this.unfinished++;
  }

  /** an item came out of get()/getNowait(): it must be the oldest one */
  gotItem(x: number): void {
    if (this.got.has(x)) this.violations.push(`item ${x} got twice`);
    const head = this.items.shift();
    if (head !== x) this.violations.push(`got ${x} but the oldest item is ${head}`);
    this.got.add(x);
  }

  taskDone(): void {
    this.unfinished--;
    if (this.unfinished < 0) this.violations.push("unfinished count went negative");
  }

  shutdownNow(immediate: boolean): void {
    this.shutdown = true;
    if (immediate) {
      for (const x of this.items) this.dropped.add(x);
      this.unfinished = Math.max(0, this.unfinished - this.items.length);
      this.items = [];
    }
  }
}
