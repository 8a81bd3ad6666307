// A growable ring-buffer FIFO: what a careful hand-written JS queue would use instead of
// Array#shift. Shared by the hand-written baselines below.
export class Deque<T> {
  private buf: (T | undefined)[];
  private head = 0;
  private mask: number;
  length = 0;

  constructor(capacityPow2 = 16) {
    this.buf = new Array(capacityPow2);
    this.mask = capacityPow2 - 1;
  }

  push(x: T): void {
    if (this.length === this.buf.length) this.grow();
    this.buf[(this.head + this.length) & this.mask] = x;
    this.length++;
  }

  shift(): T | undefined {
    if (this.length === 0) return undefined;
    const x = this.buf[this.head];
    this.buf[this.head] = undefined;
    this.head = (this.head + 1) & this.mask;
    this.length--;
    return x;
  }

  private grow(): void {
    const old = this.buf;
    const n = old.length;
    const buf = new Array(n * 2);
    for (let i = 0; i < n; i++) buf[i] = old[(this.head + i) & this.mask];
    this.buf = buf;
    this.head = 0;
    this.mask = n * 2 - 1;
  }
}
