// websocket-stream.ts: a WebSocket as a NetStream (host/host.ts), so that streams over it are
// the same StreamTransport as TCP's (ts/net/stream-transport.ts: the inbox, asyncio's write flow
// control, closing, the protocol calls), and only what a WebSocket does differently is here:
// - Reading: each message is one chunk (a binary message as it is, a text message
//   UTF-8-encoded). A WebSocket cannot be told to stop reading: pause() holds the messages here
//   until resume(). What the socket did between its open event and this stream (messages, an
//   error, even its close: EarlyEvents) is replayed first.
// - Writing: each write is one binary message. A WebSocket has no drain event: while a write
//   asked to be told (`notify`), flushed() is called every POLL_MS until bufferedAmount is 0 or
//   the socket closed; the transport compares bufferedAmount with its marks.
// - Closing: close() (and destroy(): a WebSocket cannot drop queued messages) is the close
//   handshake, code 1000. A peer that closes with the handshake is an EOF, then an orderly close;
//   a connection that ends without one (code 1006, a network error) is ECONNRESET, with
//   `closeCode`. No half-close: the transport is made with canWriteEof false.
// Extra info: 'url', 'protocol', 'extensions', 'websocket', 'closeCode', 'closeReason'.

import { describe, osError } from "../errors.js";
import type { NetStream, NetStreamSink } from "../../host/host.js";

/** How often a write-paused transport reads bufferedAmount (ms). */
const POLL_MS = 4;

/**
 * What the transport uses of a WebSocket (the WHATWG interface; the `ws` package has it too).
 * @example
 * ```ts
 * import type { WebSocketLike } from "wasyncio";
 * function state(ws: WebSocketLike) {
 *   return ws.readyState === 1 ? "open" : "not open";
 * }
 * ```
 */
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
/**
 * @example
 * ```ts
 * import { run, openWebSocket, type WebSocketConstructor } from "wasyncio";
 * // e.g. the ws package's WebSocket class on Node 20, which has no global one
 * function* echo(Impl: WebSocketConstructor) {
 *   const [reader, writer] = yield* openWebSocket("wss://echo.example.org/", { WebSocket: Impl });
 *   writer.close();
 * }
 * ```
 */
export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => WebSocketLike;

/**
 * @example
 * ```ts
 * import { run, openWebSocket, type WebSocketOptions } from "wasyncio";
 * const opts: WebSocketOptions = { protocols: ["chat"], limit: 1 << 20 };
 * await run(function* () { const [r, w] = yield* openWebSocket("wss://echo.example.org/", opts); w.close(); });
 * ```
 */
export interface WebSocketOptions {
  /** The StreamReader's limit (default 64 KiB), as openConnection's. */
  limit?: number;
  /** Subprotocols to offer; the one chosen is getExtraInfo('protocol'). */
  protocols?: string | string[];
  /** The WebSocket class to use instead of the global one. */
  WebSocket?: WebSocketConstructor;
}

const enc = new TextEncoder();
type CloseEvent = { code: number; reason: string; wasClean: boolean };

/** What a socket did after it opened and before its transport was made. */
export interface EarlyEvents {
  messages: Uint8Array[];
  error: Error | null;
  close: CloseEvent | null;
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

/** A NetStream over an open WebSocket. */
export class WebSocketStream implements NetStream {
  private sink: NetStreamSink | null = null;
  private paused = true;
  private held: Uint8Array[] = [];
  /** the socket's end, delivered after the held messages: null (clean) or the error */
  private ended: Error | null | undefined = undefined;
  private error: Error | null;
  private closeCode: number | undefined = undefined;
  private closeReason: string | undefined = undefined;
  private poll: ReturnType<typeof setTimeout> | null = null;
  /** our close() or destroy() started the handshake: its end is closed() at once, nothing held */
  private closing = false;

  constructor(private readonly ws: WebSocketLike, early: EarlyEvents) {
    this.error = early.error;
    this.held.push(...early.messages);
    ws.onmessage = (ev) => {
      const d = _messageBytes(ev.data);
      if (d.length === 0) return;
      if (this.paused || this.sink === null) this.held.push(d);
      else this.sink.data(d);
    };
    ws.onerror = (ev) => {
      if (ev && ev.error instanceof Error) this.error = ev.error;
    };
    ws.onclose = (ev) => this.onClose(ev);
    if (early.close !== null) this.onClose(early.close);
  }

  private onClose(ev: CloseEvent): void {
    if (this.ended !== undefined) return;
    this.closeCode = ev.code;
    this.closeReason = ev.reason;
    this.stopPoll();
    if (this.closing) {
      this.ended = null;
      this.held = [];
      const sink = this.sink;
      this.sink = null;
      sink?.closed(null);
      return;
    }
    if (ev.wasClean) this.ended = null;
    else {
      const why = this.error?.message ? `: ${this.error.message}` : "";
      this.ended = osError("ECONNRESET", `WebSocket connection to ${this.ws.url} lost without a close handshake (code ${ev.code})${why}`, { closeCode: ev.code });
    }
    this.deliver();
  }

  /** Hands over what is held while not paused; the end follows the messages. */
  private deliver(): void {
    const sink = this.sink;
    if (sink === null || this.paused) return;
    while (this.held.length && !this.paused) sink.data(this.held.shift()!);
    if (this.held.length || this.ended === undefined) return;
    const err = this.ended;
    this.sink = null; // nothing after closed()
    if (err === null) sink.end();
    sink.closed(err);
  }

  attach(sink: NetStreamSink): void {
    this.sink = sink;
  }

  write(chunk: Uint8Array, notify?: boolean): void {
    if (this.ended !== undefined) return;
    this.ws.send(chunk);
    if (notify && this.poll === null) this.poll = setTimeout(this.onPoll, POLL_MS);
  }

  private onPoll = (): void => {
    this.poll = null;
    if (this.ended !== undefined) return;
    // The transport reads bufferedAmount itself: tell it at every tick (flushed() is a no-op
    // unless it is paused), until the socket has nothing buffered.
    this.sink?.flushed();
    if (this.ws.bufferedAmount > 0) this.poll = setTimeout(this.onPoll, POLL_MS);
  };

  private stopPoll(): void {
    if (this.poll !== null) clearTimeout(this.poll);
    this.poll = null;
  }

  /** No half-close on a WebSocket (the transport never calls it: canWriteEof is false). */
  end(): void {}

  close(): void {
    this.closeSocket();
  }

  destroy(): void {
    this.closeSocket();
  }

  private closeSocket(): void {
    this.paused = true;
    this.closing = true;
    try {
      this.ws.close(1000);
    } catch {
      /* closing already */
    }
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.deliver();
  }

  get bufferedAmount(): number {
    return this.ended !== undefined ? 0 : this.ws.bufferedAmount;
  }

  info(name: string): unknown {
    switch (name) {
      case "url":
        return this.ws.url;
      case "protocol":
        return this.ws.protocol;
      case "extensions":
        return this.ws.extensions;
      case "websocket":
        return this.ws;
      case "closeCode":
        return this.closeCode;
      case "closeReason":
        return this.closeReason;
      default:
        return undefined;
    }
  }
}
