// open.ts: openConnection / startServer and their Unix twins (asyncio streams.py): the loop's
// transport methods with a StreamReaderProtocol, returning StreamReader/StreamWriter pairs.

import { describe, _checkOptions } from "../errors.js";
import { Op } from "../tasks/op.js";
import { getRunningLoop } from "../loop/running.js";
import { _CONNECTION_KEYS, _SERVER_KEYS, type ConnectionOptions, type ServerOptions } from "../net/loop-net.js";
import { _isGeneratorObject, _isThenable } from "../tasks/coroutine.js";
import { _bytes } from "../net/host-io.js";
import type { Server } from "../net/server.js";
import { StreamReader, DEFAULT_LIMIT } from "./reader.js";
import { StreamReaderProtocol, type ClientConnectedCallback } from "./protocol.js";
import { StreamWriter } from "./writer.js";
import { _failedOp } from "../tasks/op.js";
import type { Coro } from "../tasks/task.js";

/**
 * openConnection's options: the StreamReader's limit and createConnection's options.
 * @example
 * ```ts
 * import { run, openConnection, type StreamOptions } from "wasyncio";
 * const opts: StreamOptions = { limit: 1 << 20 };
 * await run(function* () { const [r, w] = yield* openConnection("127.0.0.1", 8888, opts); w.close(); });
 * ```
 */
export interface StreamOptions extends ConnectionOptions {
  limit?: number;
}
/**
 * startServer's options: each StreamReader's limit and createServer's options.
 * @example
 * ```ts
 * import { run, startServer, type StreamServerOptions } from "wasyncio";
 * const opts: StreamServerOptions = { backlog: 64, reuseAddress: true };
 * await run(function* () { (yield* startServer(function* () {}, "127.0.0.1", 0, opts)).close(); });
 * ```
 */
export interface StreamServerOptions extends ServerOptions {
  limit?: number;
}

const STREAM_KEYS = ["limit", ..._CONNECTION_KEYS];
const STREAM_SERVER_KEYS = ["limit", ..._SERVER_KEYS];

function* connectStreams(unix: boolean, where: string, port: number, opts: StreamOptions): Coro<[StreamReader, StreamWriter]> {
  const what = unix ? "openUnixConnection()" : "openConnection()";
  _checkOptions(opts, STREAM_KEYS, what);
  const loop = getRunningLoop();
  const { limit = DEFAULT_LIMIT, ...rest } = opts;
  const reader = new StreamReader(limit, loop);
  const protocol = new StreamReaderProtocol(reader, null, loop);
  const [t] = yield* (unix ? loop.createUnixConnection(() => protocol, where, rest) : loop.createConnection(() => protocol, where, port, rest));
  return [reader, new StreamWriter(t, protocol, reader, loop)];
}

function* serveStreams(unix: boolean, cb: ClientConnectedCallback, where: string | null, port: number, opts: StreamServerOptions): Coro<Server> {
  _checkOptions(opts, STREAM_SERVER_KEYS, unix ? "startUnixServer()" : "startServer()");
  const loop = getRunningLoop();
  const { limit = DEFAULT_LIMIT, ...rest } = opts;
  if (!(limit > 0)) throw new RangeError(`The limit must be > 0: received ${describe(limit)}`);
  const factory = () => new StreamReaderProtocol(new StreamReader(limit, loop), cb, loop);
  return yield* (unix ? loop.createUnixServer(factory, where as string, rest) : loop.createServer(factory, where, port, rest));
}

/**
 * Connects and returns the stream pair.
 * Cancellation: the connection attempt is aborted; nothing stays open.
 * @example Echo one line
 * const [r, w] = yield* openConnection("127.0.0.1", 8888);
 * w.write("hi\n"); const line = yield* r.readline(); w.close(); yield* w.waitClosed();
 */
export function openConnection(host: string, port: number, opts: StreamOptions = {}): Op<[StreamReader, StreamWriter]> {
  try {
    return new Op(() => connectStreams(false, host, port, opts));
  } catch (e) {
    return _failedOp(e);
  }
}

/**
 * openConnection over a Unix socket.
 * @example
 * ```ts
 * await run(function* () {
 *   const [reader, writer] = yield* openUnixConnection("/tmp/app.sock");
 *   writer.write("ping\n");
 *   console.log(new TextDecoder().decode(yield* reader.readline()));
 *   writer.close();
 * });
 * ```
 */
export function openUnixConnection(path: string, opts: StreamOptions = {}): Op<[StreamReader, StreamWriter]> {
  try {
    return new Op(() => connectStreams(true, path, 0, opts));
  } catch (e) {
    return _failedOp(e);
  }
}

/**
 * Listens and calls `cb(reader, writer)` for each connection; a coroutine or promise it returns
 * runs as a task. An error in it goes to the exception handler and closes that connection only;
 * so does a cancelled callback task (3.13).
 * Cancellation: a listen still in progress is undone; nothing stays bound.
 * @example
 * ```ts
 * function* echo(reader: StreamReader, writer: StreamWriter) {
 *   const data = yield* reader.read(100);
 *   writer.write(data);
 *   yield* writer.drain();
 *   writer.close();
 * }
 * await run(function* () {
 *   const server = yield* startServer(echo, "127.0.0.1", 8888);
 *   console.log(server.sockets); // [{ address: "127.0.0.1", port: 8888, family: "IPv4" }]
 *   try {
 *     yield* server.serveForever();
 *   } finally {
 *     server.close();
 *   }
 * });
 * ```
 */
export function startServer(cb: ClientConnectedCallback, host: string | null, port: number, opts: StreamServerOptions = {}): Op<Server> {
  try {
    if (typeof cb !== "function") throw new TypeError(`startServer() needs a callback: received ${describe(cb)}`);
    return new Op(() => serveStreams(false, cb, host, port, opts));
  } catch (e) {
    return _failedOp(e);
  }
}

/**
 * startServer on a Unix socket path (a stale socket file there is replaced).
 * @example
 * ```ts
 * await run(function* () {
 *   const server = yield* startUnixServer(function* (reader, writer) {
 *     writer.write(yield* reader.readline());
 *     writer.close();
 *   }, "/tmp/app.sock");
 *   yield* server.serveForever();
 * });
 * ```
 */
export function startUnixServer(cb: ClientConnectedCallback, path: string, opts: StreamServerOptions = {}): Op<Server> {
  try {
    if (typeof cb !== "function") throw new TypeError(`startUnixServer() needs a callback: received ${describe(cb)}`);
    return new Op(() => serveStreams(true, cb, path, 0, opts));
  } catch (e) {
    return _failedOp(e);
  }
}
