// reader.ts: StreamReader (CPython Lib/asyncio/streams.py StreamReader) and its read Ops.
//
// One coroutine at a time may wait for data (a second one: RuntimeError, as asyncio). Read-side
// flow control: the transport is paused when the buffer exceeds 2*limit and resumed when it is
// back to <= limit or a read has to wait.
// Cancellation (every read): the waiter is dropped and the data stays in the buffer, so the
// stream remains usable: the next read sees everything that arrived.

import { IncompleteReadError, LimitOverrunError, RuntimeError, describe } from "../errors.js";
import { Future, _NamedFuture } from "../tasks/future.js";
import { Op, _failedOp } from "../tasks/op.js";
import { FastOp } from "../sync/fast-op.js";
import { getRunningLoop } from "../loop/running.js";
import { _isGeneratorObject, _isThenable } from "../tasks/coroutine.js";
import { type Coro } from "../tasks/task.js";
import { _bytes, _concat } from "../net/host-io.js";
import type { Transport } from "../net/transport.js";
import type { EventLoop } from "../loop/loop.js";
import { ByteBuffer, sepBytes, EMPTY } from "./bytes.js";
import { INSPECT } from "../inspect.js";

/**
 * The default buffer limit of a StreamReader (bytes), as asyncio's _DEFAULT_LIMIT.
 * @example
 * ```ts
 * const reader = new StreamReader(DEFAULT_LIMIT * 4); // lines of up to 256 KiB
 * ```
 */
export const DEFAULT_LIMIT = 64 * 1024;

/**
 * Buffered reading from a stream (asyncio.StreamReader).
 * @example
 * ```ts
 * await run(function* () {
 *   const [reader, writer] = yield* openConnection("127.0.0.1", 8888);
 *   const line = yield* reader.readline();           // up to and with "\n"; empty at EOF
 *   const header = yield* reader.readexactly(4);     // IncompleteReadError if EOF comes first
 *   const rest = yield* reader.read();               // up to EOF
 *   console.log(line, header, rest, reader.atEof());
 *   writer.close();
 * });
 * ```
 */
export class StreamReader {
  /** @internal */ _limit: number;
  /** @internal */ _buffer = new ByteBuffer();
  /** @internal */ _eof = false;
  /** @internal Invariant: at most one coroutine waits for data */
  _waiter: Future<void> | null = null;
  /** @internal */ _exception: unknown = null;
  /** @internal */ _transport: Transport | null = null;
  /** @internal the transport was paused by this reader */
  _paused = false;
  /** @internal */ _loop: EventLoop | null;

  /**
   * @param limit the most bytes readline()/readuntil() return (not counting the separator),
   *   and the buffer size above which the transport is paused (2 * limit).
   * @throws RangeError when limit <= 0.
   */
  constructor(limit: number = DEFAULT_LIMIT, loop?: EventLoop) {
    if (!(limit > 0)) throw new RangeError(`The limit must be > 0: received ${describe(limit)}`);
    this._limit = limit;
    this._loop = loop ?? null;
  }

  exception(): unknown {
    return this._exception;
  }

  /** Every later read raises `exc`; a waiting read raises it now. */
  setException(exc: unknown): void {
    this._exception = exc;
    const w = this._waiter;
    if (w !== null) {
      this._waiter = null;
      if (!w.cancelled()) w.setException(exc);
    }
  }

  setTransport(t: Transport): void {
    if (this._transport !== null && this._transport !== t) throw new RuntimeError("The transport is already set");
    this._transport = t;
  }

  /** @internal */
  _replaceTransport(t: Transport): void {
    this._transport = t;
  }

  private _wakeupWaiter(): void {
    const w = this._waiter;
    if (w !== null) {
      this._waiter = null;
      if (!w.cancelled()) w.setResult(undefined);
    }
  }

  private _maybeResumeTransport(): void {
    if (this._paused && this._buffer.length <= this._limit) {
      this._paused = false;
      this._transport!.resumeReading();
    }
  }

  /** The peer will send nothing more. */
  feedEof(): void {
    this._eof = true;
    this._wakeupWaiter();
  }

  /** True when EOF was fed and the buffer is empty. */
  atEof(): boolean {
    return this._eof && this._buffer.length === 0;
  }

  /** @throws RuntimeError after feedEof(). */
  feedData(data: Uint8Array): void {
    if (this._eof) throw new RuntimeError("feedData() after feedEof()");
    const d = _bytes(data, false, "feedData()");
    if (d.length === 0) return;
    this._buffer.append(d);
    this._wakeupWaiter();
    const t = this._transport;
    if (t !== null && !this._paused && this._buffer.length > 2 * this._limit) {
      try {
        t.pauseReading();
        this._paused = true;
      } catch {
        // a transport that cannot pause: no read-side flow control
        this._transport = null;
      }
    }
  }

  /** @internal */
  *_waitForData(fn: string): Generator<unknown, void, unknown> {
    if (this._waiter !== null) throw new RuntimeError(`${fn}() called while another coroutine is already waiting for incoming data`);
    if (this._eof) throw new RuntimeError(`${fn}() waits for data after EOF`);
    if (this._paused) {
      this._paused = false;
      this._transport!.resumeReading();
    }
    const loop = this._loop ?? getRunningLoop();
    const w = (this._waiter = new _NamedFuture<void>(loop, `StreamReader ${fn}`));
    try {
      yield* w;
    } finally {
      if (this._waiter === w) this._waiter = null;
    }
  }

  /**
   * Reads up to `n` bytes: as soon as at least one is there (n > 0), everything until EOF
   * (n < 0, the default), or nothing (n == 0). At EOF: an empty array.
   * Cancellation: nothing is consumed.
   */
  read(n = -1): Op<Uint8Array> {
    if (typeof n !== "number" || Number.isNaN(n)) return _failedOp(new TypeError(`read() needs a size (a number): received ${describe(n)}`));
    return new ReadOp(this, n, false);
  }

  /** @internal */
  *_read(n: number): Coro<Uint8Array> {
    if (this._exception !== null) throw this._exception;
    if (n === 0) return EMPTY;
    if (n < 0) {
      const blocks: Uint8Array[] = [];
      for (;;) {
        const b = yield* this._read(this._limit);
        if (b.length === 0) break;
        blocks.push(b);
      }
      return blocks.length ? _concat(blocks) : EMPTY;
    }
    if (this._buffer.length === 0 && !this._eof) yield* this._waitForData("read");
    const data = this._buffer.take(Math.min(n, this._buffer.length));
    this._maybeResumeTransport();
    return data;
  }

  /**
   * Reads one line, "\n" included. At EOF, the partial line (maybe empty).
   * @throws RangeError when the line is longer than the limit: the line (or the whole buffer,
   *   without a separator in it) is discarded.
   * Cancellation: nothing is consumed.
   */
  readline(): Op<Uint8Array> {
    return new ReadUntilOp(this, NLS, true);
  }

  /** @internal */
  *_readline(): Coro<Uint8Array> {
    try {
      return yield* this._readuntil(NLS);
    } catch (e) {
      return this._lineEnd(e);
    }
  }

  /** @internal readline()'s answer to what readuntil() threw: at EOF the partial line; a line
   *  over the limit is discarded (up to its newline, or the whole buffer) and a RangeError thrown */
  _lineEnd(e: unknown): Uint8Array {
    if (e instanceof IncompleteReadError) return e.partial;
    if (e instanceof LimitOverrunError) {
      if (this._buffer.startsWith(NL, e.consumed)) this._buffer.drop(e.consumed + NL.length);
      else this._buffer.clear();
      this._maybeResumeTransport();
      throw new RangeError(e.message);
    }
    throw e;
  }

  /**
   * Reads up to and including a separator (or, given several, the shortest match of any).
   * @throws IncompleteReadError at EOF before a separator (`partial` has the data; the buffer
   *   is emptied); LimitOverrunError when no separator is found within the limit (the data
   *   stays in the buffer; `consumed` tells how much to skip).
   * Cancellation: nothing is consumed.
   */
  readuntil(separator: Uint8Array | string | (Uint8Array | string)[] = NL): Op<Uint8Array> {
    let seps: Uint8Array[];
    try {
      if (Array.isArray(separator)) {
        if (separator.length === 0) throw new RangeError("The separator list must contain at least one separator");
        seps = separator.map(sepBytes).sort((a, b) => a.length - b.length);
      } else if (separator === lastSep) seps = lastSeps;
      else {
        seps = [sepBytes(separator)];
        if (typeof separator === "string") {
          lastSep = separator;
          lastSeps = seps;
        }
      }
      if (seps[0].length === 0) throw new RangeError("The separator must be at least one byte long");
    } catch (e) {
      return _failedOp(e);
    }
    return new ReadUntilOp(this, seps, false);
  }

  /** @internal `seps` sorted by length, none empty */
  *_readuntil(seps: Uint8Array[]): Coro<Uint8Array> {
    if (this._exception !== null) throw this._exception;
    let got = this._scanUntil(seps, 0);
    while (typeof got === "number") {
      yield* this._waitForData("readuntil");
      got = this._scanUntil(seps, got);
    }
    return got;
  }

  /**
   * @internal one look at the buffer for readuntil(), from `offset` (what an earlier look
   * already searched): the bytes up to and including the first separator, taken; otherwise the
   * offset to look from once more data is in. Throws what readuntil() throws for what is
   * buffered: IncompleteReadError at EOF (the buffer emptied), LimitOverrunError.
   */
  _scanUntil(seps: Uint8Array[], offset: number): Uint8Array | number {
    const buf = this._buffer;
    const buflen = buf.length;
    let matchStart = -1;
    let matchEnd = -1;
    if (buflen - offset >= seps[0].length) {
      for (const sep of seps) {
        const i = buf.find(sep, offset);
        if (i !== -1 && (matchEnd === -1 || i + sep.length < matchEnd)) {
          matchStart = i;
          matchEnd = i + sep.length;
        }
      }
      if (matchEnd === -1) {
        offset = Math.max(0, buflen + 1 - seps[seps.length - 1].length);
        if (offset > this._limit) throw new LimitOverrunError("Separator is not found, and chunk exceed the limit", offset);
      }
    }
    if (matchEnd === -1) {
      if (this._eof) throw new IncompleteReadError(buf.take(buf.length), null);
      return offset;
    }
    if (matchStart > this._limit) throw new LimitOverrunError("Separator is found, but chunk is longer than limit", matchStart);
    const chunk = buf.take(matchEnd);
    this._maybeResumeTransport();
    return chunk;
  }

  /**
   * Reads exactly `n` bytes (not capped by the limit).
   * @throws IncompleteReadError at EOF first (`partial`: what was there; the buffer is emptied);
   *   RangeError when n < 0.
   * Cancellation: nothing is consumed.
   */
  readexactly(n: number): Op<Uint8Array> {
    if (typeof n !== "number") return _failedOp(new TypeError(`readexactly() needs a size (a number): received ${describe(n)}`));
    if (!(n >= 0)) return _failedOp(new RangeError(`readexactly() needs a size >= 0: received ${describe(n)}`));
    return new ReadOp(this, n, true);
  }

  /** @internal the read that needs no wait, if there is one (ReadOp's fast path) */
  _tryRead(n: number, exactly: boolean): Uint8Array | null {
    if (this._exception !== null) throw this._exception;
    if (n === 0) return EMPTY;
    const len = this._buffer.length;
    if (exactly) {
      if (len < n) return null;
    } else {
      if (n < 0) return null;
      if (len === 0) return this._eof ? EMPTY : null;
    }
    const data = this._buffer.take(Math.min(n, len));
    this._maybeResumeTransport();
    return data;
  }

  /** @internal */
  *_readexactly(n: number): Coro<Uint8Array> {
    if (this._exception !== null) throw this._exception;
    if (n === 0) return EMPTY;
    while (this._buffer.length < n) {
      if (this._eof) {
        const partial = this._buffer.take(this._buffer.length);
        throw new IncompleteReadError(partial, n);
      }
      yield* this._waitForData("readexactly");
    }
    const data = this._buffer.take(n);
    this._maybeResumeTransport();
    return data;
  }

  /** The lines, until EOF (asyncio's `async for line in reader`). */
  async *[Symbol.asyncIterator](): AsyncGenerator<Uint8Array, void, unknown> {
    for (;;) {
      const line = await this.readline();
      if (line.length === 0) return;
      yield line;
    }
  }

  /** util.inspect shows the String() form */
  [INSPECT](): string {
    return this.toString();
  }

  toString(): string {
    const parts = [`${this._buffer.length} bytes`];
    if (this._eof) parts.push("eof");
    if (this._limit !== DEFAULT_LIMIT) parts.push(`limit=${this._limit}`);
    if (this._waiter) parts.push("waiter");
    if (this._exception !== null) parts.push(`exception=${String(this._exception)}`);
    if (this._paused) parts.push("paused");
    return `<StreamReader ${parts.join(" ")}>`;
  }
}

const NL = new Uint8Array([10]);
const NLS = [NL];
/** The last string separator readuntil() was given, and its bytes: a protocol asks for the same
 *  one on every call (the separators are never handed out, so sharing them is safe). */
let lastSep: unknown = undefined;
let lastSeps: Uint8Array[] = NLS;

/** readuntil() / readline(): completes without a generator when the separator is buffered
 *  already (a line protocol reading the lines of one chunk, a pipelined request). */
class ReadUntilOp extends FastOp<Uint8Array> {
  /** @internal */ _reader: StreamReader;
  /** @internal */ _seps: Uint8Array[];
  /** @internal readline(): the partial line at EOF, RangeError over the limit */ _line: boolean;
  constructor(reader: StreamReader, seps: Uint8Array[], line: boolean) {
    super();
    this._reader = reader;
    this._seps = seps;
    this._line = line;
  }
  _try(): boolean {
    const r = this._reader;
    let got: Uint8Array | number;
    try {
      if (r._exception !== null) throw r._exception;
      got = r._scanUntil(this._seps, 0);
    } catch (e) {
      if (!this._line) throw e;
      got = r._lineEnd(e);
    }
    if (typeof got === "number") return false;
    this._r = got;
    return true;
  }
  _slow(): Coro<Uint8Array> {
    return this._line ? this._reader._readline() : this._reader._readuntil(this._seps);
  }
}

/** read() / readexactly(): completes without a generator when the data is there already. */
class ReadOp extends FastOp<Uint8Array> {
  /** @internal */ _reader: StreamReader;
  /** @internal */ _n: number;
  /** @internal */ _exactly: boolean;
  constructor(reader: StreamReader, n: number, exactly: boolean) {
    super();
    this._reader = reader;
    this._n = n;
    this._exactly = exactly;
  }
  _try(): boolean {
    const d = this._reader._tryRead(this._n, this._exactly);
    if (d === null) return false;
    this._r = d;
    return true;
  }
  _slow(): Coro<Uint8Array> {
    return this._exactly ? this._reader._readexactly(this._n) : this._reader._read(this._n);
  }
}
