// bytes.ts: StreamReader's byte buffer: one contiguous buffer with a read offset, compacted
// when the dead prefix is larger than the live data, so a long stream costs O(bytes) copies,
// amortised; and the byte helpers of the stream API (separators).

import { _isGeneratorObject, _isThenable } from "../tasks/coroutine.js";
import { _bytes } from "../net/host-io.js";

const enc = new TextEncoder();
/** @internal */
export const EMPTY = new Uint8Array(0);

export function sepBytes(s: Uint8Array | string): Uint8Array {
  return typeof s === "string" ? enc.encode(s) : _bytes(s, false, "readuntil()");
}

/** @internal the reader's buffer: live bytes are buf[start, end) */
export class ByteBuffer {
  buf = new Uint8Array(256);
  start = 0;
  end = 0;
  get length(): number {
    return this.end - this.start;
  }
  append(d: Uint8Array): void {
    const n = d.length;
    if (this.end + n > this.buf.length) {
      const live = this.end - this.start;
      if (live + n <= this.buf.length && this.start >= live) {
        this.buf.copyWithin(0, this.start, this.end);
      } else {
        let cap = this.buf.length;
        while (cap < live + n) cap *= 2;
        const nb = new Uint8Array(cap);
        nb.set(this.buf.subarray(this.start, this.end));
        this.buf = nb;
      }
      this.start = 0;
      this.end = live;
    }
    this.buf.set(d, this.end);
    this.end += n;
  }
  /** Copies out and drops the first n bytes. */
  take(n: number): Uint8Array {
    const out = this.buf.slice(this.start, this.start + n);
    this.drop(n);
    return out;
  }
  drop(n: number): void {
    this.start += n;
    if (this.start === this.end) this.start = this.end = 0;
  }
  clear(): void {
    this.start = this.end = 0;
  }
  /** Offset (from start) of the first occurrence of sep at or after `from`, or -1. */
  find(sep: Uint8Array, from: number): number {
    const b = this.buf;
    const last = this.end - sep.length;
    const first = sep[0];
    for (let i = this.start + from; i <= last; i++) {
      i = b.indexOf(first, i);
      if (i === -1 || i > last) return -1;
      let k = 1;
      while (k < sep.length && b[i + k] === sep[k]) k++;
      if (k === sep.length) return i - this.start;
    }
    return -1;
  }
  startsWith(sep: Uint8Array, at: number): boolean {
    if (this.length - at < sep.length) return false;
    for (let k = 0; k < sep.length; k++) if (this.buf[this.start + at + k] !== sep[k]) return false;
    return true;
  }
}
