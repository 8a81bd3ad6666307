// stream-transport.ts: the stream transport (CPython selector_events.py
// _SelectorSocketTransport), built over a host NetStream (host/host.ts): TCP, Unix, TLS, and the
// pipes of a subprocess. The interfaces it implements are in transport.ts.
//
// Design: the host stream reports events to this transport's sink from outside the loop; the
// transport queues them in an inbox and drains the inbox from ONE callSoon'd handle, so every
// protocol callback runs inside a loop iteration, in the order CM [DR*] [ER?] CL:
//   constructor: callSoon(connectionMade), callSoon(start reading), callSoon(waiter done)
//   (asyncio: call_soon(connection_made), call_soon(add_reader), call_soon(waiter.set_result)).
// pauseReading() stops the drain at once (asyncio removes the reader and cancels its handle) and
// pauses the host stream, so the kernel window closes and the peer feels the backpressure.
// Write flow control follows asyncio exactly: the buffer is the host's queued bytes;
// pauseWriting() is called synchronously inside write() when it goes strictly above `high`;
// resumeWriting() once, when it is back to <= `low` (default 64 KiB and high/4).
// Cost: one callSoon per host event burst; a host completion callback only for writes that
// leave the buffer above the low mark; write() copies its argument (asyncio's bytearray
// buffer copies too), so the caller may reuse its buffer at once.
// Invariant: connectionLost is called exactly once, and nothing is delivered after it.
// Just over 400 lines: one class, whose reading, writing and closing share its state.

import type { NetStream, NetStreamSink, SockAddr } from "../../host/host.js";
import { RuntimeError, isBaseExit } from "../errors.js";
import { _setResultUnlessCancelled, type Future } from "../tasks/future.js";
import { _isBufferedProtocol, type BaseProtocol, type Protocol, type BufferedProtocol } from "./protocols.js";
import { _bytes, _outCopy, _outJoin } from "./host-io.js";
import type { EventLoop } from "../loop/loop.js";
import { DEFAULT_HIGH_WATER, _writeLimits, type Transport } from "./transport.js";
import { _track, _untrack } from "./resources.js";
import { INSPECT } from "../inspect.js";

const LOG_THRESHOLD_FOR_CONNLOST_WRITES = 5;
const EOF = 0;
const CLOSED = 1;
type InboxItem = Uint8Array | typeof EOF | typeof CLOSED;

/** Is this an OS-level error (a POSIX code), which asyncio does not log as fatal? */
function isOsError(e: unknown): boolean {
  return e instanceof Error && typeof (e as any).code === "string" && /^E[A-Z]+$/.test((e as any).code);
}

export interface StreamTransportOptions {
  waiter?: Future<unknown> | null;
  extra?: Record<string, unknown>;
  /** false for a transport that replaces another (startTls): no second connectionMade */
  callConnectionMade?: boolean;
  /** told when the connection is gone (Server counts its clients) */
  onLost?: ((t: StreamTransport) => void) | null;
  canWriteEof?: boolean;
  /** one end of a pipe (loop.connectReadPipe / connectWritePipe), as asyncio's pipe transports:
   *  a read pipe closes after eofReceived whatever it returns; a write pipe's writeEof() is
   *  close(); neither can sendfile */
  pipe?: "read" | "write";
}

const NOT_PIPE = 0, READ_PIPE = 1, WRITE_PIPE = 2;

/**
 * A stream transport: TCP, Unix, TLS, or a pipe of a subprocess.
 * @example
 * ```ts
 * await run(function* () {
 *   const [reader, writer] = yield* openConnection("127.0.0.1", 8888);
 *   console.log(writer.transport instanceof StreamTransport); // TCP, Unix and WebSocket streams
 *   writer.close();
 * });
 * ```
 */
export class StreamTransport implements Transport, NetStreamSink {
  /** @internal */ _loop: EventLoop;
  /** @internal */ _raw: NetStream;
  /** @internal */ _protocol: BaseProtocol;
  /** @internal */ _extra: Record<string, unknown>;
  /** @internal close() or a fatal error happened: no more reads */
  _closing = false;
  /** @internal connectionLost is scheduled or done; Invariant: set once, never cleared */
  _lost = false;
  /** @internal writes dropped after the loss */
  _lostWrites = 0;
  /** @internal */ _eofWritten = false;
  /** @internal pauseReading() in force */
  _readPaused = false;
  /** @internal the start-reading handle ran */
  _readerOn = false;
  /** @internal events the host delivered that the protocol has not seen yet */
  _inbox: InboxItem[] = [];
  /** @internal */ _drainScheduled = false;
  /** @internal */ _flushScheduled = false;
  /** @internal the host stream is gone (its closed() came) */
  _rawClosed = false;
  /** @internal */ _rawErr: Error | null = null;
  /** @internal pauseWriting() was called and resumeWriting() not yet */
  _writePaused = false;
  /** @internal */ _high = DEFAULT_HIGH_WATER;
  /** @internal */ _low = DEFAULT_HIGH_WATER / 4;
  /** @internal */ _onLost: ((t: StreamTransport) => void) | null;
  /** @internal handed over to a TLS transport: silent from now on */
  _detached = false;
  /** @internal */ _canWriteEof: boolean;
  /** @internal NOT_PIPE, READ_PIPE or WRITE_PIPE */
  _pipe: number;
  /** @internal the server that accepted this connection, if any */
  _server: { _replace(old: StreamTransport, t: StreamTransport): void } | null = null;

  constructor(loop: EventLoop, raw: NetStream, protocol: Protocol | BufferedProtocol, opts: StreamTransportOptions = {}) {
    this._loop = loop;
    this._raw = raw;
    this._protocol = protocol;
    this._extra = opts.extra ?? {};
    this._onLost = opts.onLost ?? null;
    this._pipe = opts.pipe === "read" ? READ_PIPE : opts.pipe === "write" ? WRITE_PIPE : NOT_PIPE;
    this._canWriteEof = opts.canWriteEof ?? (this._pipe === WRITE_PIPE || (this._pipe === NOT_PIPE && raw.info("sslcontext") === undefined));
    raw.attach(this);
    _track(loop, this);
    if (opts.callConnectionMade !== false) loop.callSoon(this._connectionMade);
    loop.callSoon(this._startReading);
    if (opts.waiter) loop.callSoon(_setResultUnlessCancelled, opts.waiter, null);
  }

  private _connectionMade = (): void => {
    (this._protocol as Protocol).connectionMade?.(this);
  };

  private _startReading = (): void => {
    if (this._closing || this._detached) return;
    this._readerOn = true;
    if (!this._readPaused) {
      this._raw.resume();
      if (this._inbox.length) this._drain();
    }
  };

  // ---- the host's sink (called outside the loop) ---------------------------------------------

  /** @internal */
  _post(): void {
    const loop = this._loop;
    if (loop._closed) {
      this._raw.destroy();
      return;
    }
    loop.callSoon(this._drain);
  }

  data(chunk: Uint8Array): void {
    if (this._detached) return;
    this._inbox.push(chunk);
    if (!this._drainScheduled && this._readerOn && !this._readPaused) {
      this._drainScheduled = true;
      this._post();
    }
  }

  end(): void {
    this.data(EOF as any);
  }

  flushed(): void {
    // Only a paused protocol waits for the buffer to shrink: skip the handle otherwise.
    if (!this._writePaused || this._flushScheduled || this._detached) return;
    this._flushScheduled = true;
    if (this._loop._closed) return;
    this._loop.callSoon(this._onFlushed);
  }

  closed(err: Error | null): void {
    if (this._detached) return;
    this._rawClosed = true;
    this._rawErr = err;
    if (this._lost) return;
    if (this._loop._closed) return;
    // A failure, or the end of a connection we are closing, is delivered now; an orderly close
    // of a connection we still read waits behind the data and the EOF already received.
    if (err !== null || this._closing) this._loop.callSoon(this._onRawClosed);
    else this.data(CLOSED as any);
  }

  private _onRawClosed = (): void => {
    if (this._lost) return;
    const err = this._rawErr;
    if (err !== null && !this._closing) this._fatalError(err, "Fatal read error on socket transport");
    else this._forceClose(err);
  };

  // ---- delivering to the protocol (inside the loop) ------------------------------------------

  /** @internal */
  _drain = (): void => {
    this._drainScheduled = false;
    const inbox = this._inbox;
    while (inbox.length && this._readerOn && !this._readPaused && !this._closing) {
      const item = inbox.shift()!;
      if (item === EOF) this._eofReceived();
      else if (item === CLOSED) {
        // Both directions ended cleanly (our writeEof and the peer's EOF kept open): as in
        // asyncio the transport stays until close(), which then reports the loss at once.
        if (!this._eofWritten) this._forceClose(null);
      }
      else this._dataReceived(item);
    }
  };

  private _dataReceived(d: Uint8Array): void {
    const p = this._protocol;
    try {
      if (_isBufferedProtocol(p)) this._feedBuffered(p, d);
      else (p as Protocol).dataReceived?.(d);
    } catch (e) {
      if (isBaseExit(e)) throw e;
      this._fatalError(e, "Fatal error: protocol.dataReceived() call failed.");
    }
  }

  private _feedBuffered(p: BufferedProtocol, d: Uint8Array): void {
    let off = 0;
    while (off < d.length) {
      const buf = p.getBuffer(d.length - off);
      if (!(buf instanceof Uint8Array) || buf.length === 0) throw new RuntimeError("getBuffer() returned an empty buffer");
      const n = Math.min(buf.length, d.length - off);
      buf.set(d.subarray(off, off + n));
      off += n;
      p.bufferUpdated(n);
    }
  }

  private _eofReceived(): void {
    let keepOpen: unknown;
    try {
      keepOpen = (this._protocol as Protocol).eofReceived?.();
    } catch (e) {
      if (isBaseExit(e)) throw e;
      this._fatalError(e, "Fatal error: protocol.eofReceived() call failed.");
      return;
    }
    if (!keepOpen || this._pipe === READ_PIPE) this.close();
  }

  /** @internal asyncio _fatal_error: OS errors are the peer's doing and are not logged */
  _fatalError(exc: unknown, message: string): void {
    if (!isOsError(exc)) {
      this._loop.callExceptionHandler({ message, exception: exc, transport: this, protocol: this._protocol });
    }
    this._forceClose(exc as Error);
  }

  /** @internal drop everything and schedule connectionLost(exc) */
  _forceClose(exc: Error | null): void {
    if (this._lost) return;
    this._closing = true;
    this._lost = true;
    this._inbox = [];
    this._raw.destroy();
    this._loop.callSoon(this._callConnectionLost, exc);
  }

  private _callConnectionLost = (exc: Error | null): void => {
    try {
      this._protocol.connectionLost?.(exc);
    } finally {
      this._raw.destroy();
      _untrack(this._loop, this);
      const cb = this._onLost;
      this._onLost = null;
      cb?.(this);
    }
  };

  // ---- writing -------------------------------------------------------------------------------

  write(data: Uint8Array): void {
    const d = _bytes(data, false, "write()");
    this._writeOwned(d.length ? _outCopy(d) : d);
  }

  /** @internal write a buffer nobody else holds (no copy) */
  _writeOwned(d: Uint8Array): void {
    if (this._eofWritten) throw new RuntimeError("Cannot call write() after writeEof()");
    if (d.length === 0) return;
    if (this._lost || this._rawClosed) {
      if (++this._lostWrites >= LOG_THRESHOLD_FOR_CONNLOST_WRITES && this._lostWrites === LOG_THRESHOLD_FOR_CONNLOST_WRITES)
        console.warn("socket.send() raised exception.");
      return;
    }
    // Completion callbacks are needed only for chunks written while the buffer is above the
    // low mark: a paused protocol (buffer > high >= low) is resumed from one of them, at the
    // latest when the last chunk (always notified) leaves the buffer.
    const raw = this._raw;
    raw.write(d, raw.bufferedAmount + d.length > this._low);
    this._maybePauseProtocol();
  }

  /** The chunks as one write (one send on the socket, as asyncio's writelines() joins them). */
  writelines(ds: Iterable<Uint8Array>): void {
    const parts: Uint8Array[] = [];
    for (const d of ds) {
      const b = _bytes(d, false, "writelines()");
      if (b.length !== 0) parts.push(b);
    }
    this._writeJoined(parts);
  }

  /** @internal writelines() of the stream writer: strings too, encoded straight into the chunk */
  _writeJoined(parts: readonly (Uint8Array | string)[]): void {
    this._writeOwned(_outJoin(parts));
  }

  writeEof(): void {
    if (this._pipe === WRITE_PIPE) return this.close();
    if (this._closing || this._eofWritten) return;
    if (!this._canWriteEof) throw new RuntimeError("This transport cannot write EOF (TLS, WebSocket)");
    this._eofWritten = true;
    this._raw.end();
  }

  canWriteEof(): boolean {
    return this._canWriteEof;
  }

  /** @internal */
  _maybePauseProtocol(): void {
    if (this._writePaused || this._raw.bufferedAmount <= this._high) return;
    this._writePaused = true;
    try {
      this._protocol.pauseWriting?.();
    } catch (e) {
      if (isBaseExit(e)) throw e;
      this._loop.callExceptionHandler({ message: "protocol.pauseWriting() failed", exception: e, transport: this, protocol: this._protocol });
    }
  }

  private _onFlushed = (): void => {
    this._flushScheduled = false;
    if (!this._writePaused || this._raw.bufferedAmount > this._low) return;
    this._writePaused = false;
    try {
      this._protocol.resumeWriting?.();
    } catch (e) {
      if (isBaseExit(e)) throw e;
      this._loop.callExceptionHandler({ message: "protocol.resumeWriting() failed", exception: e, transport: this, protocol: this._protocol });
    }
  };

  setWriteBufferLimits(high?: number | null, low?: number | null): void {
    [this._high, this._low] = _writeLimits(high, low);
    this._maybePauseProtocol();
  }

  getWriteBufferSize(): number {
    return this._lost ? 0 : this._raw.bufferedAmount;
  }

  getWriteBufferLimits(): [number, number] {
    return [this._low, this._high];
  }

  // ---- reading control -----------------------------------------------------------------------

  isReading(): boolean {
    return !this._readPaused && !this._closing;
  }

  pauseReading(): void {
    if (this._closing || this._readPaused) return;
    this._readPaused = true;
    this._raw.pause();
  }

  resumeReading(): void {
    if (this._closing || !this._readPaused) return;
    this._readPaused = false;
    if (!this._readerOn) return;
    this._raw.resume();
    if (this._inbox.length && !this._drainScheduled) {
      this._drainScheduled = true;
      this._loop.callSoon(this._drain);
    }
  }

  // ---- closing -------------------------------------------------------------------------------

  /** Stops reading; connectionLost(null) follows once the buffered output is written. */
  close(): void {
    if (this._closing) return;
    this._closing = true;
    this._raw.pause();
    if (this._lost) return;
    if (this._rawClosed || this._raw.bufferedAmount === 0) {
      this._lost = true;
      this._loop.callSoon(this._callConnectionLost, null);
      this._raw.close();
    } else {
      this._raw.close(); // its closed() event schedules connectionLost
    }
  }

  /** Closes at once, dropping buffered output; connectionLost(null) follows. */
  abort(): void {
    this._forceClose(null);
  }

  isClosing(): boolean {
    return this._closing;
  }

  getExtraInfo(name: string, dflt: unknown = undefined): unknown {
    if (name in this._extra) return this._extra[name];
    const v = this._raw.info(name);
    return v === undefined ? dflt : v;
  }

  setProtocol(p: BaseProtocol): void {
    this._protocol = p;
  }

  getProtocol(): BaseProtocol {
    return this._protocol;
  }

  /** @internal */
  _releaseForLoopClose(): void {
    this._lost = true;
    this._closing = true;
    this._raw.destroy();
  }

  /** @internal hand the host stream over (startTls): this transport goes silent, without connectionLost */
  _detach(): NetStream {
    this._detached = true;
    this._closing = true;
    this._lost = true;
    this._inbox = [];
    _untrack(this._loop, this);
    return this._raw;
  }

  /** util.inspect shows the String() form */
  [INSPECT](): string {
    return this.toString();
  }

  toString(): string {
    const peer = this._raw.info("peername") as SockAddr | string | undefined;
    const where = typeof peer === "string" ? peer : peer ? `${peer.address}:${peer.port}` : "?";
    return `<StreamTransport ${where}${this._closing ? " closing" : ""}>`;
  }
}
