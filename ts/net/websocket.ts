// websocket.ts: openWebSocket() and createWebSocketConnection(): connect a standard WebSocket
// (the host's global class, or `opts.WebSocket`; without either, NotSupportedError naming the
// host and the 'websocket' capability) and put a StreamTransport over it (a WebSocketStream, websocket-stream.ts)
// under a StreamReaderProtocol or the caller's protocol. Resolves once connectionMade has run.
// Cancellation: a connecting socket is closed; nothing stays open.

import { CancelledError, NotSupportedError, _checkOptions, describe, osError } from "../errors.js";
import { _setResultUnlessCancelled } from "../tasks/future.js";
import { Op, _failedOp } from "../tasks/op.js";
import type { Coro } from "../tasks/task.js";
import { getRunningLoop } from "../loop/running.js";
import type { EventLoop } from "../loop/loop.js";
import { StreamReader, DEFAULT_LIMIT } from "../streams/reader.js";
import { StreamReaderProtocol } from "../streams/protocol.js";
import { StreamWriter } from "../streams/writer.js";
import { _isBufferedProtocol, type BufferedProtocol, type Protocol } from "./protocols.js";
import { _bytes } from "./host-io.js";
import { _writeLimits } from "./transport.js";
import { _track, _untrack } from "./resources.js";
import { WebSocketStream, _messageBytes, type WebSocketLike, type WebSocketConstructor, type WebSocketOptions, type EarlyEvents } from "./websocket-stream.js";
import { StreamTransport } from "./stream-transport.js";
import type { Transport } from "./transport.js";
import { _untilConnected } from "./host-io.js";

const OPTION_KEYS: readonly string[] = ["limit", "protocols", "WebSocket"];

function webSocketClass(loop: EventLoop, given: WebSocketConstructor | undefined, what: string): WebSocketConstructor {
  if (given !== undefined) {
    if (typeof given !== "function") throw new TypeError(`opts.WebSocket must be a WebSocket class: received ${describe(given)}`);
    return given;
  }
  const g = (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (typeof g !== "function") throw new NotSupportedError(what, "websocket", loop._host.name);
  return g;
}

function checkOptions(opts: unknown, what: string): WebSocketOptions {
  _checkOptions(opts, OPTION_KEYS, what);
  return (opts ?? {}) as WebSocketOptions;
}

/** Opens the socket and waits for it to be open; what it does after that, until its transport
 *  takes it over, is kept (messages, an error, even its close). */
function* connect(loop: EventLoop, url: string | URL, opts: WebSocketOptions, what: string): Coro<[WebSocketLike, EarlyEvents]> {
  const Ctor = webSocketClass(loop, opts.WebSocket, what);
  let ws: WebSocketLike;
  try {
    ws = opts.protocols === undefined ? new Ctor(String(url)) : new Ctor(String(url), opts.protocols);
  } catch (e) {
    // The constructor refuses a bad URL or subprotocol with a SyntaxError (asyncio: ValueError).
    if (e instanceof Error && (e.name === "SyntaxError" || e instanceof SyntaxError)) throw new RangeError(`${what}: ${e.message}`);
    throw e;
  }
  ws.binaryType = "arraybuffer";
  const opened = loop.createFuture<void>();
  const early: EarlyEvents = { messages: [], error: null, close: null };
  ws.onopen = () => {
    if (!opened.done()) opened.setResult(undefined);
  };
  ws.onmessage = (ev) => {
    const d = _messageBytes(ev.data);
    if (d.length) early.messages.push(d);
  };
  ws.onerror = (ev) => {
    if (ev && ev.error instanceof Error) early.error = ev.error;
  };
  ws.onclose = (ev) => {
    if (opened.done()) {
      early.close = { code: ev.code, reason: ev.reason, wasClean: ev.wasClean };
      return;
    }
    const error = early.error;
    const code = (error as { code?: unknown } | null)?.code;
    const errno = typeof code === "string" && /^E[A-Z]+$/.test(code) ? code : "ECONNREFUSED";
    const why = error?.message ? `: ${error.message}` : "";
    opened.setException(osError(errno, `WebSocket connection to ${String(url)} failed (code ${ev.code})${why}`, { closeCode: ev.code }));
  };
  try {
    yield* opened;
  } catch (e) {
    ws.onopen = ws.onmessage = ws.onerror = ws.onclose = null;
    if (e instanceof CancelledError) {
      try {
        ws.close();
      } catch {
        /* not open yet */
      }
    }
    throw e;
  }
  ws.onopen = null;
  return [ws, early];
}

/**
 * The protocol-level twin of openWebSocket (as loop.createConnection is of openConnection):
 * opens `url` and returns a stream transport connected to `protocolFactory()`'s protocol.
 * @throws NotSupportedError without a WebSocket class; RangeError for a bad URL; an Error with
 *   `code` ECONNREFUSED (or the host's own code) when the connection or handshake fails.
 * Cancellation: the socket is closed; nothing stays open.
 * @example
 * ```ts
 * await run(function* () {
 *   const [transport] = yield* createWebSocketConnection(() => ({
 *     dataReceived: (d: Uint8Array) => console.log(new TextDecoder().decode(d)),
 *   }), "wss://echo.example.org/");
 *   transport.write(new TextEncoder().encode("hi"));
 * });
 * ```
 */
export function createWebSocketConnection<P extends Protocol | BufferedProtocol>(
  protocolFactory: () => P,
  url: string | URL,
  opts: Omit<WebSocketOptions, "limit"> = {},
): Op<[Transport, P]> {
  try {
    if (typeof protocolFactory !== "function") throw new TypeError(`createWebSocketConnection() needs a protocol factory: received ${describe(protocolFactory)}`);
    return new Op(() => openTransport(url, checkOptions(opts, "createWebSocketConnection()"), protocolFactory, "createWebSocketConnection()"));
  } catch (e) {
    return _failedOp(e);
  }
}

/** Both functions' body: the socket, then a StreamTransport over it (a module-level generator
 *  function: no generator closure per call). */
function* openTransport<P extends Protocol | BufferedProtocol>(url: string | URL, opts: WebSocketOptions, factory: (loop: EventLoop) => P, what: string): Coro<[Transport, P]> {
  const loop = getRunningLoop();
  const [ws, early] = yield* connect(loop, url, opts, what);
  const protocol = factory(loop);
  const waiter = loop.createFuture<unknown>();
  const t = new StreamTransport(loop, new WebSocketStream(ws, early), protocol, { waiter, canWriteEof: false });
  yield* _untilConnected(waiter, t);
  return [t, protocol];
}

function* openStreams(url: string | URL, opts: WebSocketOptions, limit: number): Coro<[StreamReader, StreamWriter]> {
  let reader!: StreamReader;
  const [t, protocol] = yield* openTransport(url, opts, (loop) => new StreamReaderProtocol((reader = new StreamReader(limit, loop)), null, loop), "openWebSocket()");
  return [reader, new StreamWriter(t, protocol, reader, protocol._loop)];
}

/**
 * Opens a WebSocket and returns a StreamReader/StreamWriter pair over it: messages arrive as
 * byte chunks (text UTF-8-encoded), each write is a binary message, drain() honours the socket's
 * bufferedAmount, close()/waitClosed() are the close handshake, atEof() is true after the peer
 * closed. Available where the host has a global WebSocket (browsers, Deno, Bun, Node ≥ 22), or
 * with `opts.WebSocket`.
 * @throws NotSupportedError (facet 'websocket') where there is no WebSocket class.
 * Cancellation: the socket is closed; nothing stays open.
 * @example Echo one line
 * const [r, w] = yield* openWebSocket("wss://example.org/echo");
 * w.write("hi\n"); yield* w.drain(); const line = yield* r.readline(); w.close(); yield* w.waitClosed();
 */
export function openWebSocket(url: string | URL, opts: WebSocketOptions = {}): Op<[StreamReader, StreamWriter]> {
  try {
    const { limit = DEFAULT_LIMIT, ...rest } = checkOptions(opts, "openWebSocket()");
    if (!(typeof limit === "number" && limit > 0)) throw new RangeError(`The limit must be > 0: received ${describe(limit)}`);
    return new Op(() => openStreams(url, rest, limit));
  } catch (e) {
    return _failedOp(e);
  }
}
