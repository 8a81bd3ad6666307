// websocket-transport.ts: the transport of streams over a WebSocket (API.md, "Hosts and
// clocks": openWebSocket; websocket.ts opens them). A
// WebSocketTransport is a Transport over a standard WebSocket object, so StreamReaderProtocol,
// StreamReader and StreamWriter work on it unchanged, with asyncio's semantics:
// - Reading: each message is one chunk of bytes for the protocol (a binary message as it is, a
//   text message UTF-8-encoded), delivered from ONE callSoon'd handle per burst, so protocol
//   callbacks run inside loop iterations in the order CM [DR*] [ER?] CL. A WebSocket cannot be
//   told to stop reading: pauseReading() holds the messages in the transport until
//   resumeReading().
// - Writing: each write() is one binary message. Flow control is asyncio's over the socket's
//   `bufferedAmount`: pauseWriting() inside the write() that takes it strictly above the high
//   mark (default 64 KiB), resumeWriting() once it is back to the low mark (high/4) or below.
//   A WebSocket has no drain event, so while paused the transport polls bufferedAmount every
//   POLL_MS on a host timer.
// - Closing: close() starts the close handshake (code 1000) after the queued messages;
//   connectionLost(null) follows when the socket's close event comes. A peer that closes
//   cleanly is an EOF (eofReceived, then connectionLost(null)) once the messages before it
//   are delivered; a connection that ends without a close handshake (code 1006, a network
//   error) is ECONNRESET. The close code and reason are getExtraInfo('closeCode'/'closeReason').
// - WebSocket has no half-close: canWriteEof() is false, writeEof() a RuntimeError.
// The WebSocket class is the host's global one, or the one given as `opts.WebSocket` (Node 20
// has no global WebSocket: the `ws` package's works); without either, NotSupportedError
// names the host and the 'websocket' capability.
// Over 400 lines for a reason: it is one class, a transport's state machine (reading, write flow
// control, the close handshake), whose parts share its fields; StreamTransport is the same size.

import { RuntimeError, _checkOptions, describe, isBaseExit, osError } from "../errors.js";
import { _setResultUnlessCancelled, type Future } from "../tasks/future.js";
import type { EventLoop } from "../loop/loop.js";
import { _isBufferedProtocol, type BaseProtocol, type BufferedProtocol, type Protocol } from "./protocols.js";
import { _bytes } from "./host-io.js";
import { DEFAULT_HIGH_WATER, _writeLimits, type Transport } from "./transport.js";
import { _track, _untrack } from "./resources.js";

/** How often a write-paused transport reads bufferedAmount (ms). */
const POLL_MS = 4;
const LOG_THRESHOLD_FOR_CONNLOST_WRITES = 5;
const OPEN = 1;

/** What the transport uses of a WebSocket (the WHATWG interface; the `ws` package has it too). */
export interface WebSocketLike {
  readonly url: string;
  readonly readyState: number;
  readonly bufferedAmount: number;
  readonly protocol: string;
  readonly extensions: string;
  binaryType: string;
  onopen: ((ev: any) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason: string; wasClean: boolean }) => void) | null;
  onerror: ((ev: any) => void) | null;
  send(data: Uint8Array): void;
  close(code?: number, reason?: string): void;
}
export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => WebSocketLike;

export interface WebSocketOptions {
  /** The StreamReader's limit (default 64 KiB), as openConnection's. */
  limit?: number;
  /** Subprotocols to offer; the one chosen is getExtraInfo('protocol'). */
  protocols?: string | string[];
  /** The WebSocket class to use instead of the global one. */
  WebSocket?: WebSocketConstructor;
}

const enc = new TextEncoder();
const EOF = 0;
type InboxItem = Uint8Array | typeof EOF;
type CloseEvent = { code: number; reason: string; wasClean: boolean };

/** What a socket did after it opened and before its transport was made. */
export interface EarlyEvents {
  messages: Uint8Array[];
  error: Error | null;
  close: CloseEvent | null;
}

function isOsError(e: unknown): boolean {
  return e instanceof Error && typeof (e as any).code === "string" && /^E[A-Z]+$/.test((e as any).code);
}

/** The bytes of a message: a binary message as it is, a text one UTF-8-encoded. */
/** @internal a message's bytes: binary as it is, text UTF-8-encoded */
export function _messageBytes(data: unknown): Uint8Array {
  if (typeof data === "string") return enc.encode(data);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (Array.isArray(data)) {
    // the `ws` package's "fragments" binary type: the pieces of one message
    const parts = data.map(_messageBytes);
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let off = 0;
    for (const p of parts) {
      out.set(p, off);
      off += p.length;
    }
    return out;
  }
  throw new TypeError(`A WebSocket message the transport cannot read: ${describe(data)}`);
}

/** A stream transport over an open WebSocket. */
export class WebSocketTransport implements Transport {
  /** @internal */ _loop: EventLoop;
  /** @internal */ _ws: WebSocketLike;
  /** @internal */ _protocol: BaseProtocol;
  /** @internal close() or a fatal error happened: no more reads */
  _closing = false;
  /** @internal connectionLost is scheduled or done; set once */
  _lost = false;
  /** @internal the socket's close event came */
  _wsClosed = false;
  /** @internal */ _closeCode: number | undefined = undefined;
  /** @internal */ _closeReason: string | undefined = undefined;
  /** @internal the last error event's error, where the WebSocket gives one (`ws` does) */
  _wsError: Error | null = null;
  /** @internal */ _lostWrites = 0;
  /** @internal */ _readPaused = false;
  /** @internal */ _readerOn = false;
  /** @internal messages (and the peer's EOF) the protocol has not seen yet */
  _inbox: InboxItem[] = [];
  /** @internal */ _drainScheduled = false;
  /** @internal */ _writePaused = false;
  /** @internal */ _high = DEFAULT_HIGH_WATER;
  /** @internal */ _low = DEFAULT_HIGH_WATER / 4;
  /** @internal the bufferedAmount poll while write-paused */
  _poll: ReturnType<typeof setTimeout> | null = null;

  /** @internal use openWebSocket() or createWebSocketConnection() */
  constructor(loop: EventLoop, ws: WebSocketLike, protocol: Protocol | BufferedProtocol, waiter: Future<unknown> | null, early: EarlyEvents | null = null) {
    this._loop = loop;
    this._ws = ws;
    this._protocol = protocol;
    ws.onmessage = (ev) => this._onMessage(ev.data);
    ws.onclose = (ev) => this._onClose(ev);
    ws.onerror = (ev) => {
      if (ev && ev.error instanceof Error) this._wsError = ev.error;
    };
    _track(loop, this);
    loop.callSoon(this._connectionMade);
    loop.callSoon(this._startReading);
    if (waiter) loop.callSoon(_setResultUnlessCancelled, waiter, null);
    // What the socket did between its open event and now (the loop had to turn to get here).
    if (early !== null) {
      this._inbox.push(...early.messages);
      this._wsError = early.error;
      if (early.close !== null) this._onClose(early.close);
    }
  }

  private _connectionMade = (): void => {
    (this._protocol as Protocol).connectionMade?.(this);
  };

  private _startReading = (): void => {
    if (this._closing) return;
    this._readerOn = true;
    if (!this._readPaused && this._inbox.length) this._drain();
  };

  // ---- the socket's events (outside the loop) -----------------------------------------------

  private _onMessage(data: unknown): void {
    if (this._closing || this._lost) return;
    let d: Uint8Array;
    try {
      d = _messageBytes(data);
    } catch (e) {
      this._schedule(() => this._fatalError(e, "Fatal error: a WebSocket message could not be read"));
      return;
    }
    if (d.length === 0) return; // an empty message carries no bytes (a zero-length read would be EOF)
    this._push(d);
  }

  private _push(item: InboxItem): void {
    this._inbox.push(item);
    if (!this._drainScheduled && this._readerOn && !this._readPaused) {
      this._drainScheduled = true;
      this._schedule(this._drain);
    }
  }

  private _schedule(cb: () => void): void {
    if (this._loop._closed) {
      this._releaseForLoopClose();
      return;
    }
    this._loop.callSoon(cb);
  }

  private _onClose(ev: CloseEvent): void {
    this._wsClosed = true;
    this._closeCode = ev.code;
    this._closeReason = ev.reason;
    this._stopPoll();
    if (this._lost) return;
    if (this._closing) {
      // our close(): the handshake is over
      this._lost = true;
      this._schedule(() => this._callConnectionLost(null));
      return;
    }
    if (ev.wasClean) {
      // The peer closed: an EOF behind the messages already received, then the loss.
      this._push(EOF);
      return;
    }
    // No close handshake: the connection broke. What arrived before is still delivered.
    const why = this._wsError?.message ? `: ${this._wsError.message}` : "";
    const err = osError("ECONNRESET", `WebSocket connection to ${this._ws.url} lost without a close handshake (code ${ev.code})${why}`, { closeCode: ev.code });
    this._schedule(() => this._breakWith(err));
  }

  private _breakWith(err: Error): void {
    if (this._lost) return;
    const inbox = this._inbox;
    this._inbox = [];
    for (const item of inbox) if (item !== EOF && !this._closing) this._dataReceived(item);
    this._forceClose(err);
  }

  // ---- delivering to the protocol (inside the loop) ------------------------------------------

  /** @internal */
  _drain = (): void => {
    this._drainScheduled = false;
    const inbox = this._inbox;
    while (inbox.length && this._readerOn && !this._readPaused && !this._closing) {
      const item = inbox.shift()!;
      if (item === EOF) this._eofReceived();
      else this._dataReceived(item);
    }
  };

  private _dataReceived(d: Uint8Array): void {
    const p = this._protocol;
    try {
      if (_isBufferedProtocol(p)) {
        let off = 0;
        while (off < d.length) {
          const buf = p.getBuffer(d.length - off);
          if (!(buf instanceof Uint8Array) || buf.length === 0) throw new RuntimeError("getBuffer() returned an empty buffer");
          const n = Math.min(buf.length, d.length - off);
          buf.set(d.subarray(off, off + n));
          off += n;
          p.bufferUpdated(n);
        }
      } else (p as Protocol).dataReceived?.(d);
    } catch (e) {
      if (isBaseExit(e)) throw e;
      this._fatalError(e, "Fatal error: protocol.dataReceived() call failed.");
    }
  }

  private _eofReceived(): void {
    try {
      (this._protocol as Protocol).eofReceived?.();
    } catch (e) {
      if (isBaseExit(e)) throw e;
      this._fatalError(e, "Fatal error: protocol.eofReceived() call failed.");
      return;
    }
    // The socket is closed both ways: nothing can be kept open.
    this._closing = true;
    if (this._lost) return;
    this._lost = true;
    this._loop.callSoon(this._callConnectionLost, null);
  }

  /** @internal asyncio _fatal_error: OS errors are the peer's doing and are not logged */
  _fatalError(exc: unknown, message: string): void {
    if (!isOsError(exc)) this._loop.callExceptionHandler({ message, exception: exc, transport: this, protocol: this._protocol });
    this._forceClose(exc as Error);
  }

  /** @internal drop everything and schedule connectionLost(exc) */
  _forceClose(exc: Error | null): void {
    if (this._lost) return;
    this._closing = true;
    this._lost = true;
    this._inbox = [];
    this._closeSocket(1000);
    this._loop.callSoon(this._callConnectionLost, exc);
  }

  private _callConnectionLost = (exc: Error | null): void => {
    this._stopPoll();
    try {
      this._protocol.connectionLost?.(exc);
    } finally {
      _untrack(this._loop, this);
      this._ws.onmessage = null;
    }
  };

  private _closeSocket(code: number): void {
    if (this._wsClosed) return;
    try {
      this._ws.close(code);
    } catch {
      /* already closing */
    }
  }

  // ---- writing -------------------------------------------------------------------------------

  /** Sends `data` as one binary message. */
  write(data: Uint8Array): void {
    this._writeOwned(_bytes(data, false, "write()"));
  }

  /** @internal (the WebSocket copies what it sends) */
  _writeOwned(d: Uint8Array): void {
    if (d.length === 0) return;
    if (this._lost || this._wsClosed || this._ws.readyState !== OPEN) {
      if (++this._lostWrites === LOG_THRESHOLD_FOR_CONNLOST_WRITES) console.warn("WebSocket.send() after the connection was lost.");
      return;
    }
    this._ws.send(d);
    this._maybePauseProtocol();
  }

  writelines(ds: Iterable<Uint8Array>): void {
    for (const d of ds) this.write(d);
  }

  writeEof(): void {
    throw new RuntimeError("A WebSocket cannot half-close (no writeEof): close() it");
  }

  canWriteEof(): boolean {
    return false;
  }

  /** @internal */
  _maybePauseProtocol(): void {
    if (this._writePaused || this._ws.bufferedAmount <= this._high) return;
    this._writePaused = true;
    try {
      this._protocol.pauseWriting?.();
    } catch (e) {
      if (isBaseExit(e)) throw e;
      this._loop.callExceptionHandler({ message: "protocol.pauseWriting() failed", exception: e, transport: this, protocol: this._protocol });
    }
    this._startPoll();
  }

  private _startPoll(): void {
    if (this._poll !== null) return;
    this._poll = setTimeout(this._onPoll, POLL_MS);
  }

  private _stopPoll(): void {
    if (this._poll === null) return;
    clearTimeout(this._poll);
    this._poll = null;
  }

  private _onPoll = (): void => {
    this._poll = null;
    if (!this._writePaused || this._lost || this._loop._closed) return;
    if (this._ws.bufferedAmount <= this._low) this._loop.callSoon(this._maybeResume);
    else this._startPoll();
  };

  private _maybeResume = (): void => {
    if (!this._writePaused || this._lost) return;
    if (this._ws.bufferedAmount > this._low) {
      this._startPoll();
      return;
    }
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
    if (this._writePaused) this._startPoll();
  }

  /** The socket's bufferedAmount: bytes sent but not yet handed to the network. */
  getWriteBufferSize(): number {
    return this._lost ? 0 : this._ws.bufferedAmount;
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
  }

  resumeReading(): void {
    if (this._closing || !this._readPaused) return;
    this._readPaused = false;
    if (this._readerOn && this._inbox.length && !this._drainScheduled) {
      this._drainScheduled = true;
      this._loop.callSoon(this._drain);
    }
  }

  // ---- closing -------------------------------------------------------------------------------

  /** Starts the close handshake after the queued messages; connectionLost(null) follows. */
  close(): void {
    if (this._closing) return;
    this._closing = true;
    this._inbox = [];
    if (this._lost) return;
    if (this._wsClosed) {
      this._lost = true;
      this._loop.callSoon(this._callConnectionLost, null);
      return;
    }
    this._closeSocket(1000);
  }

  /** Closes at once; connectionLost(null) follows without waiting for the handshake. */
  abort(): void {
    this._forceClose(null);
  }

  isClosing(): boolean {
    return this._closing;
  }

  getExtraInfo(name: string, dflt: unknown = undefined): unknown {
    const ws = this._ws;
    switch (name) {
      case "peername":
      case "url":
        return ws.url;
      case "protocol":
        return ws.protocol;
      case "extensions":
        return ws.extensions;
      case "websocket":
        return ws;
      case "closeCode":
        return this._closeCode ?? dflt;
      case "closeReason":
        return this._closeReason ?? dflt;
      default:
        return dflt;
    }
  }

  setProtocol(p: BaseProtocol): void {
    this._protocol = p;
  }

  getProtocol(): BaseProtocol {
    return this._protocol;
  }

  /** @internal loop.close() */
  _releaseForLoopClose(): void {
    this._lost = true;
    this._closing = true;
    this._inbox = [];
    this._stopPoll();
    this._closeSocket(1001);
  }

  toString(): string {
    return `<WebSocketTransport ${this._ws.url}${this._closing ? " closing" : ""}>`;
  }
}

