// streams.ts: high-level streams (CPython Lib/asyncio/streams.py): StreamReader, StreamWriter,
// the protocol between them and a transport, and openConnection / startServer (+ Unix).
//
// StreamReader keeps one contiguous byte buffer with a read offset (compacted when the dead
// prefix is larger than the live data, so a long stream costs O(bytes) copies, amortised).
// One coroutine at a time may wait for data (a second one: RuntimeError, as asyncio). Read-side
// flow control: the transport is paused when the buffer exceeds 2*limit and resumed when it is
// back to <= limit or a read has to wait. Write-side: drain() waits while the transport has
// paused the protocol (above its high-water mark) and returns when it resumes.
// Cancellation (every read): the waiter is dropped and the data stays in the buffer, so the
// stream remains usable: the next read sees everything that arrived.

import type { TlsOptions } from "../../host/host.js";
import { IncompleteReadError, LimitOverrunError, RuntimeError, describe, isBaseExit, osError } from "../errors.js";
import { Future } from "../tasks/future.js";
import { Op } from "../tasks/op.js";
import { FastOp } from "../sync/fast-op.js";
import { getRunningLoop } from "../loop/running.js";
import { _isGeneratorObject, _isThenable, type Coro } from "../tasks/task.js";
import { _bytes } from "../net/host-io.js";
import type { Protocol } from "../net/protocols.js";
import type { Transport } from "../net/transport.js";
import type { EventLoop } from "../loop/loop.js";
import type { Server } from "../net/server.js";
import "../net/loop-net.js";

export const DEFAULT_LIMIT = 64 * 1024;
const EMPTY = new Uint8Array(0);
const enc = new TextEncoder();

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function sepBytes(s: Uint8Array | string): Uint8Array {
  return typeof s === "string" ? enc.encode(s) : _bytes(s, false, "readuntil()");
}

/** @internal the reader's buffer: live bytes are buf[start, end) */
class ByteBuffer {
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

/** Buffered reading from a stream (asyncio.StreamReader). */
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
    const w = (this._waiter = loop.createFuture<void>());
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
      return blocks.length ? concat(blocks) : EMPTY;
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
    return new Op(() => this._readline());
  }

  /** @internal */
  *_readline(): Coro<Uint8Array> {
    try {
      return yield* this._readuntil([NL]);
    } catch (e) {
      if (e instanceof IncompleteReadError) return e.partial;
      if (e instanceof LimitOverrunError) {
        if (this._buffer.startsWith(NL, e.consumed)) this._buffer.drop(e.consumed + NL.length);
        else this._buffer.clear();
        this._maybeResumeTransport();
        throw new RangeError(e.message);
      }
      throw e;
    }
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
    if (Array.isArray(separator)) {
      if (separator.length === 0) throw new RangeError("The separator list must contain at least one separator");
      seps = separator.map(sepBytes).sort((a, b) => a.length - b.length);
    } else seps = [sepBytes(separator)];
    if (seps[0].length === 0) throw new RangeError("The separator must be at least one byte long");
    return new Op(() => this._readuntil(seps));
  }

  /** @internal `seps` sorted by length, none empty */
  *_readuntil(seps: Uint8Array[]): Coro<Uint8Array> {
    if (this._exception !== null) throw this._exception;
    const minLen = seps[0].length;
    const maxLen = seps[seps.length - 1].length;
    const buf = this._buffer;
    let offset = 0;
    let matchStart = -1;
    let matchEnd = -1;
    for (;;) {
      const buflen = buf.length;
      if (buflen - offset >= minLen) {
        for (const sep of seps) {
          const i = buf.find(sep, offset);
          if (i !== -1 && (matchEnd === -1 || i + sep.length < matchEnd)) {
            matchStart = i;
            matchEnd = i + sep.length;
          }
        }
        if (matchEnd !== -1) break;
        offset = Math.max(0, buflen + 1 - maxLen);
        if (offset > this._limit) throw new LimitOverrunError("Separator is not found, and chunk exceed the limit", offset);
      }
      if (this._eof) {
        const chunk = buf.take(buf.length);
        throw new IncompleteReadError(chunk, null);
      }
      yield* this._waitForData("readuntil");
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
    if (!(n >= 0)) throw new RangeError(`readexactly() needs a size >= 0: received ${describe(n)}`);
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

/** drain(): completes without a generator when the protocol is not paused. */
class DrainOp extends FastOp<void> {
  /** @internal */ _w: StreamWriter;
  constructor(w: StreamWriter) {
    super();
    this._w = w;
  }
  _try(): boolean {
    const w = this._w;
    const r = w._reader;
    if (r !== null && r._exception !== null) throw r._exception;
    if (w._transport.isClosing()) return false;
    const p = w._protocol;
    if (p._connectionLost) throw osError("ECONNRESET", "Connection lost");
    return !p._writePaused;
  }
  _slow(): Coro<void> {
    return this._w._drain();
  }
}

/** @internal asyncio FlowControlMixin: drain() waiters woken by resumeWriting / connectionLost. */
export class _FlowControl {
  /** @internal */ _loop: EventLoop;
  /** @internal */ _writePaused = false;
  /** @internal */ _drainWaiters: Future<void>[] = [];
  /** @internal */ _connectionLost = false;

  constructor(loop: EventLoop) {
    this._loop = loop;
  }

  pauseWriting(): void {
    this._writePaused = true;
  }

  resumeWriting(): void {
    this._writePaused = false;
    for (const w of this._drainWaiters) if (!w.done()) w.setResult(undefined);
  }

  connectionLost(exc: Error | null): void {
    this._connectionLost = true;
    if (!this._writePaused) return;
    for (const w of this._drainWaiters) {
      if (w.done()) continue;
      if (exc === null) w.setResult(undefined);
      else w.setException(exc);
    }
  }

  /** @internal */
  *_drainHelper(): Generator<unknown, void, unknown> {
    if (this._connectionLost) throw osError("ECONNRESET", "Connection lost");
    if (!this._writePaused) return;
    const w = this._loop.createFuture<void>();
    this._drainWaiters.push(w);
    try {
      yield* w;
    } finally {
      const i = this._drainWaiters.indexOf(w);
      if (i >= 0) this._drainWaiters.splice(i, 1);
    }
  }

  /** @internal */
  _getCloseWaiter(_w: StreamWriter): Future<void> {
    throw new RuntimeError("This protocol has no close waiter");
  }
}

export type ClientConnectedCallback = (r: StreamReader, w: StreamWriter) => Coro<void> | PromiseLike<void> | void;

/** @internal adapts a Transport to a StreamReader (+ the client callback of a server). */
export class StreamReaderProtocol extends _FlowControl implements Protocol {
  /** @internal */ _reader: StreamReader | null;
  /** @internal */ _cb: ClientConnectedCallback | null;
  /** @internal */ _transport: Transport | null = null;
  /** @internal */ _overTls = false;
  /** @internal */ _closed: Future<void>;
  /** @internal */ _task: Future<unknown> | null = null;

  constructor(reader: StreamReader, cb: ClientConnectedCallback | null, loop: EventLoop) {
    super(loop);
    this._reader = reader;
    this._cb = cb;
    this._closed = loop.createFuture<void>();
  }

  /** @internal */
  _replaceTransport(t: Transport): void {
    this._transport = t;
    this._overTls = t.getExtraInfo("sslcontext") !== undefined;
    this._reader?._replaceTransport(t);
  }

  connectionMade(t: Transport): void {
    this._transport = t;
    this._reader?.setTransport(t);
    this._overTls = t.getExtraInfo("sslcontext") !== undefined;
    const cb = this._cb;
    if (cb === null) return;
    const loop = this._loop;
    const writer = new StreamWriter(t, this, this._reader, loop);
    const fail = (e: unknown) => {
      loop.callExceptionHandler({ message: "Unhandled exception in client_connected_cb", exception: e, transport: t });
      t.close();
    };
    let res: unknown;
    try {
      res = cb(this._reader!, writer);
    } catch (e) {
      if (isBaseExit(e)) throw e;
      fail(e);
      return;
    }
    if (_isGeneratorObject(res) || _isThenable(res)) {
      const task = loop.createTask(res as Coro<void>);
      this._task = task;
      task.addDoneCallback((f) => {
        if (f.cancelled()) {
          t.close();
          return;
        }
        const e = f.exception();
        if (e !== null) fail(e);
      });
    }
  }

  connectionLost(exc: Error | null): void {
    const r = this._reader;
    if (r !== null) {
      if (exc === null) r.feedEof();
      else r.setException(exc);
    }
    if (!this._closed.done()) {
      if (exc === null) this._closed.setResult(undefined);
      else {
        this._closed.setException(exc);
        this._closed._logTraceback = false;
      }
    }
    super.connectionLost(exc);
    this._reader = null;
    this._task = null;
    this._transport = null;
  }

  dataReceived(d: Uint8Array): void {
    this._reader?.feedData(d);
  }

  eofReceived(): boolean {
    this._reader?.feedEof();
    return !this._overTls;
  }

  _getCloseWaiter(): Future<void> {
    return this._closed;
  }
}

/** The writing half of a connection (asyncio.StreamWriter). */
export class StreamWriter {
  /** @internal */ _transport: Transport;
  /** @internal */ _protocol: _FlowControl;
  /** @internal */ _reader: StreamReader | null;
  /** @internal */ _loop: EventLoop;

  constructor(transport: Transport, protocol: _FlowControl, reader: StreamReader | null, loop: EventLoop) {
    this._transport = transport;
    this._protocol = protocol;
    this._reader = reader;
    this._loop = loop;
  }

  get transport(): Transport {
    return this._transport;
  }

  /** Queues bytes (a string is UTF-8-encoded); follow with drain() to respect backpressure. */
  write(data: Uint8Array | string): void {
    const t = this._transport as any;
    if (typeof data === "string" && typeof t._writeOwned === "function") t._writeOwned(enc.encode(data));
    else this._transport.write(_bytes(data, true, "write()"));
  }

  writelines(data: Iterable<Uint8Array | string>): void {
    for (const d of data) this.write(d);
  }

  writeEof(): void {
    this._transport.writeEof();
  }

  canWriteEof(): boolean {
    return this._transport.canWriteEof();
  }

  close(): void {
    this._transport.close();
  }

  isClosing(): boolean {
    return this._transport.isClosing();
  }

  /**
   * Waits until the connection is closed (connectionLost ran).
   * @throws the error the connection was lost with, if any.
   * Cancellation: only the wait ends.
   */
  waitClosed(): Op<void> {
    return new Op<void>(() => this._protocol._getCloseWaiter(this)[Symbol.iterator]());
  }

  getExtraInfo(name: string, dflt: unknown = undefined): unknown {
    return this._transport.getExtraInfo(name, dflt);
  }

  /**
   * Waits until the write buffer is back to its low-water mark, when it went above the high one.
   * @throws the reader's error, or ECONNRESET ("Connection lost") once the connection is gone.
   * Cancellation: nothing is lost; the written data stays queued.
   */
  drain(): Op<void> {
    return new DrainOp(this);
  }

  /** @internal */
  *_drain(): Coro<void> {
    const r = this._reader;
    if (r !== null && r._exception !== null) throw r._exception;
    if (this._transport.isClosing()) yield; // let connectionLost run (asyncio: sleep(0))
    yield* this._protocol._drainHelper();
  }

  /**
   * Upgrades the connection to TLS in place (after draining).
   * Cancellation: the connection is left unusable; close it.
   */
  startTls(opts: TlsOptions & { serverHostname?: string } = {}): Op<void> {
    const self = this;
    return new Op<void>(function* () {
      const protocol = self._protocol as StreamReaderProtocol;
      const serverSide = protocol._cb !== null && protocol._cb !== undefined;
      yield* self.drain();
      const t = yield* self._loop.startTls(self._transport, protocol as any, { ...opts, serverSide });
      self._transport = t;
      protocol._replaceTransport(t);
    });
  }

  /** `await using w = ...`: closes and waits for the close (errors of the close are ignored). */
  async [Symbol.asyncDispose](): Promise<void> {
    this.close();
    try {
      await this.waitClosed();
    } catch {
      /* the connection is gone either way */
    }
  }

  toString(): string {
    return `<StreamWriter transport=${String(this._transport)}>`;
  }
}

export interface StreamOptions {
  limit?: number;
  tls?: boolean | TlsOptions | null;
  serverHostname?: string;
  localAddr?: { address: string; port: number } | [string, number];
}
export interface StreamServerOptions {
  limit?: number;
  backlog?: number;
  tls?: TlsOptions | null;
  startServing?: boolean;
  reusePort?: boolean;
}

/**
 * Connects and returns the stream pair.
 * Cancellation: the connection attempt is aborted; nothing stays open.
 * @example Echo one line
 * const [r, w] = yield* openConnection("127.0.0.1", port);
 * w.write("hi\n"); const line = yield* r.readline(); w.close(); yield* w.waitClosed();
 */
export function openConnection(host: string, port: number, opts: StreamOptions = {}): Op<[StreamReader, StreamWriter]> {
  return new Op(function* () {
    const loop = getRunningLoop();
    const { limit = DEFAULT_LIMIT, ...rest } = opts;
    const reader = new StreamReader(limit, loop);
    const protocol = new StreamReaderProtocol(reader, null, loop);
    const [t] = yield* loop.createConnection(() => protocol, host, port, rest);
    return [reader, new StreamWriter(t, protocol, reader, loop)] as [StreamReader, StreamWriter];
  });
}

/** openConnection over a Unix socket. */
export function openUnixConnection(path: string, opts: StreamOptions = {}): Op<[StreamReader, StreamWriter]> {
  return new Op(function* () {
    const loop = getRunningLoop();
    const { limit = DEFAULT_LIMIT, ...rest } = opts;
    const reader = new StreamReader(limit, loop);
    const protocol = new StreamReaderProtocol(reader, null, loop);
    const [t] = yield* loop.createUnixConnection(() => protocol, path, rest);
    return [reader, new StreamWriter(t, protocol, reader, loop)] as [StreamReader, StreamWriter];
  });
}

/**
 * Listens and calls `cb(reader, writer)` for each connection; a coroutine or promise it returns
 * runs as a task. An error in it goes to the exception handler and closes that connection only;
 * so does a cancelled callback task (3.13).
 * Cancellation: a listen still in progress is undone; nothing stays bound.
 */
export function startServer(cb: ClientConnectedCallback, host: string | null, port: number, opts: StreamServerOptions = {}): Op<Server> {
  if (typeof cb !== "function") throw new TypeError(`startServer() needs a callback: received ${describe(cb)}`);
  return new Op(function* () {
    const loop = getRunningLoop();
    const { limit = DEFAULT_LIMIT, ...rest } = opts;
    if (!(limit > 0)) throw new RangeError(`The limit must be > 0: received ${describe(limit)}`);
    return yield* loop.createServer(() => new StreamReaderProtocol(new StreamReader(limit, loop), cb, loop), host, port, rest);
  });
}

/** startServer on a Unix socket path (a stale socket file there is replaced). */
export function startUnixServer(cb: ClientConnectedCallback, path: string, opts: StreamServerOptions = {}): Op<Server> {
  if (typeof cb !== "function") throw new TypeError(`startUnixServer() needs a callback: received ${describe(cb)}`);
  return new Op(function* () {
    const loop = getRunningLoop();
    const { limit = DEFAULT_LIMIT, ...rest } = opts;
    return yield* loop.createUnixServer(() => new StreamReaderProtocol(new StreamReader(limit, loop), cb, loop), path, rest);
  });
}

