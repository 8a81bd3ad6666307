// loop-net.ts: what the EventLoop's network methods do (CPython base_events.py create_connection,
// create_server, create_datagram_endpoint, start_tls; unix_events.py create_unix_*). The methods
// themselves are members of EventLoop (ts/loop/loop.ts) that call these functions. They talk to
// the host's 'net' facet only; a host without it fails with NotSupportedError.
//
// Each method returns an Op that resolves once the protocol's connectionMade has run (the
// waiter is completed by a handle queued after it), as asyncio's do.
// Cancellation: a pending connect is aborted at the host and anything it produced later is
// destroyed; a transport made before the cancellation is closed.

import type { ListenTarget, NetStream, NetTarget, TlsOptions } from "../../host/host.js";
import type { EventLoop } from "../loop/loop.js";
import { Op } from "../tasks/op.js";
import { Server } from "./server.js";
import { DatagramEndpoint } from "./datagram.js";
import { StreamTransport } from "./stream-transport.js";
import { type Transport, type DatagramTransport } from "./transport.js";
import type { BaseProtocol, BufferedProtocol, DatagramProtocol, Protocol } from "./protocols.js";

/** What a stream transport drives: a Protocol or a BufferedProtocol. */
export type StreamProtocol = Protocol | BufferedProtocol;
import { _bytes, _hostCall, _missingFacet, _netFacet, _untilConnected } from "./host-io.js";
import type { Coro } from "../tasks/task.js";
import { RuntimeError, describe, _checkOptions } from "../errors.js";
import { _failedOp } from "../tasks/op.js";

/** The TLS options of a connection or server, as asyncio names them. */
export interface TlsChoice {
  /** TLS: true for the defaults (system CAs), or the options. */
  tls?: boolean | TlsOptions | null;
  /** asyncio's name for `tls` (give one of the two). */
  ssl?: boolean | TlsOptions | null;
  /** ms the TLS handshake may take (default 60 s); only with tls. */
  sslHandshakeTimeout?: number;
  /** ms a close waits for the peer's TLS close_notify (default 30 s); only with tls. */
  sslShutdownTimeout?: number;
}
/**
 * @example
 * ```ts
 * import { run, getRunningLoop, type ConnectionOptions } from "wasyncio";
 * const opts: ConnectionOptions = { tls: true, serverHostname: "example.org" };
 * await run(function* () {
 *   const [t] = yield* getRunningLoop().createConnection(() => ({}), "example.org", 443, opts);
 *   t.close();
 * });
 * ```
 */
export interface ConnectionOptions extends TlsChoice {
  /** The name checked against the certificate and sent as SNI (asyncio server_hostname). */
  serverHostname?: string;
  localAddr?: { address: string; port: number } | [string, number];
}
/**
 * @example
 * ```ts
 * import { run, getRunningLoop, type ServerOptions } from "wasyncio";
 * const opts: ServerOptions = { backlog: 128, startServing: false };
 * await run(function* () { (yield* getRunningLoop().createServer(() => ({}), "127.0.0.1", 0, opts)).close(); });
 * ```
 */
export interface ServerOptions extends TlsChoice {
  tls?: TlsOptions | null;
  ssl?: TlsOptions | null;
  backlog?: number;
  startServing?: boolean;
  reuseAddress?: boolean;
  reusePort?: boolean;
}

const TLS_KEYS = ["tls", "ssl", "sslHandshakeTimeout", "sslShutdownTimeout"] as const;
/** @internal the option names of createConnection / createUnixConnection (and openConnection) */
export const _CONNECTION_KEYS: readonly string[] = [...TLS_KEYS, "serverHostname", "localAddr"];
/** @internal the option names of createServer / createUnixServer (and startServer) */
export const _SERVER_KEYS: readonly string[] = [...TLS_KEYS, "backlog", "startServing", "reuseAddress", "reusePort"];
const ACCEPTED_KEYS = ["tls", "ssl", "sslHandshakeTimeout", "sslShutdownTimeout", "head"];
/**
 * The options of loop.connectAcceptedSocket().
 * @example
 * ```ts
 * import http from "node:http";
 * import { Protocol, Transport, getRunningLoop, run, sleep } from "wasyncio";
 * // After an HTTP upgrade, the socket (and the bytes already read) go to a protocol on the loop.
 * http.createServer().on("upgrade", (_req, socket, head) => {
 *   void run(function* () {
 *     const echo: Protocol = { dataReceived(d: Uint8Array) { t.write(d); } };
 *     const [t] = (yield* getRunningLoop().connectAcceptedSocket(() => echo, socket, { head })) as [Transport, Protocol];
 *     yield* sleep(1000);
 *     t.close();
 *   });
 * });
 * ```
 */
export interface AcceptedSocketOptions extends TlsChoice {
  /** TLS (server side: the certificate and key) */
  tls?: TlsOptions | null;
  ssl?: TlsOptions | null;
  /** Bytes already read from the socket (node:http's upgrade `head`): delivered first. */
  head?: Uint8Array | null;
}
const DATAGRAM_KEYS = ["localAddr", "remoteAddr", "family", "allowBroadcast", "reusePort"];
/**
 * @example
 * ```ts
 * import { run, getRunningLoop, type DatagramOptions } from "wasyncio";
 * const opts: DatagramOptions = { localAddr: ["127.0.0.1", 0], allowBroadcast: false };
 * await run(function* () { const [t] = yield* getRunningLoop().createDatagramEndpoint(() => ({}), opts); t.close(); });
 * ```
 */
export interface DatagramOptions {
  localAddr?: { address: string; port: number } | [string, number] | null;
  remoteAddr?: { address: string; port: number } | [string, number] | null;
  family?: 4 | 6;
  allowBroadcast?: boolean;
  reusePort?: boolean;
}
/**
 * @example
 * ```ts
 * import { run, openConnection, type StartTlsOptions } from "wasyncio";
 * const opts: StartTlsOptions = { serverHostname: "example.org", sslHandshakeTimeout: 10_000 };
 * await run(function* () {
 *   const [reader, writer] = yield* openConnection("example.org", 443);
 *   yield* writer.startTls(opts); // upgrade the plain connection
 *   writer.close();
 * });
 * ```
 */
export interface StartTlsOptions extends TlsOptions {
  serverSide?: boolean;
  serverHostname?: string;
  sslHandshakeTimeout?: number;
  sslShutdownTimeout?: number;
}

function addrOf(a: { address: string; port: number } | [string, number] | null | undefined): { address: string; port: number } | undefined {
  if (a === null || a === undefined) return undefined;
  if (Array.isArray(a)) return { address: a[0], port: a[1] };
  return { address: a.address, port: a.port };
}

function positiveMs(v: unknown, name: string): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== "number") throw new TypeError(`${name} must be a number of milliseconds: received ${describe(v)}`);
  if (!(v > 0)) throw new RangeError(`${name} should be a positive number: received ${v}`);
  return v;
}

/** @internal the host's TLS options from asyncio's: `tls` or its alias `ssl`, the server name,
 *  the handshake and shutdown timeouts (each only meaningful with TLS, as in asyncio) */
export function _tlsOf(opts: TlsChoice & { serverHostname?: string }): TlsOptions | null {
  if (opts.tls !== undefined && opts.ssl !== undefined) throw new TypeError("Give tls or its alias ssl, not both");
  const tls = opts.tls ?? opts.ssl;
  const handshake = positiveMs(opts.sslHandshakeTimeout, "sslHandshakeTimeout");
  const shutdown = positiveMs(opts.sslShutdownTimeout, "sslShutdownTimeout");
  if (!tls) {
    for (const k of ["serverHostname", "sslHandshakeTimeout", "sslShutdownTimeout"] as const)
      if (opts[k] !== undefined) throw new RangeError(`${k} is only meaningful with tls`);
    return null;
  }
  if (tls !== true && (typeof tls !== "object" || Array.isArray(tls))) throw new TypeError(`tls must be true or an options object: received ${describe(tls)}`);
  const o: TlsOptions = tls === true ? {} : { ...tls };
  if (opts.serverHostname !== undefined) o.serverName = opts.serverHostname;
  if (handshake !== undefined) o.handshakeTimeout = handshake;
  if (shutdown !== undefined) o.shutdownTimeout = shutdown;
  return o;
}

function checkFactory(f: unknown, what: string): void {
  if (typeof f !== "function") throw new TypeError(`${what} needs a protocol factory function: received ${describe(f)}`);
}

/** @internal a connected host stream under a StreamTransport driving `factory()`'s protocol,
 *  once connection_made has run (the stream is destroyed if the factory throws) */
export function* _streamTransportFor<P extends BaseProtocol>(loop: EventLoop, raw: NetStream, factory: () => P, opts: { pipe?: "read" | "write"; extra?: Record<string, unknown> } = {}): Coro<[StreamTransport, P]> {
  let protocol: P;
  try {
    protocol = factory();
  } catch (e) {
    raw.destroy();
    throw e;
  }
  const waiter = loop.createFuture<unknown>();
  const t = new StreamTransport(loop, raw, protocol, { waiter, ...opts });
  yield* _untilConnected(waiter, t);
  return [t, protocol];
}

function* connect<P extends BaseProtocol>(loop: EventLoop, factory: () => P, target: NetTarget, tls: TlsOptions | null, what: string): Coro<[Transport, P]> {
  loop._checkClosed();
  const net = _netFacet(loop, "path" in target ? ["unix"] : [], what);
  const raw: NetStream = yield* _hostCall(loop, (signal) => net.connect(target, { tls, signal }), (s) => s.destroy());
  return yield* _streamTransportFor(loop, raw, factory);
}

function* accepted<P extends BaseProtocol>(loop: EventLoop, factory: () => P, sock: unknown, head: Uint8Array | null, tls: TlsOptions | null): Coro<[Transport, P]> {
  const what = "connectAcceptedSocket()";
  loop._checkClosed();
  const net = _netFacet(loop, [], what);
  if (net.adopt === undefined) throw _missingFacet(loop._host, "net.adopt", what);
  let raw = net.adopt(sock, head);
  if (tls !== null) {
    const plain = raw;
    if (typeof plain.startTls !== "function") {
      plain.destroy();
      throw new TypeError("This socket cannot be upgraded to TLS");
    }
    raw = yield* _hostCall(loop, () => plain.startTls!({ ...tls, serverSide: true }), (s) => s.destroy());
  }
  return yield* _streamTransportFor(loop, raw, factory);
}

function* serve(loop: EventLoop, factory: () => BaseProtocol, target: ListenTarget, opts: ServerOptions, tls: TlsOptions | null, what: string): Coro<Server> {
  loop._checkClosed();
  const net = _netFacet(loop, "path" in target ? ["listen", "unix"] : ["listen"], what);
  const server = new Server(loop, factory);
  try {
    const l = yield* _hostCall(
      loop,
      () => net.listen(target, { tls, backlog: opts.backlog, reuseAddress: opts.reuseAddress, reusePort: opts.reusePort }, server._accept),
      (l) => l.close(),
    );
    if (server._listeners === null) l.close();
    else server._listeners.push(l);
  } catch (e) {
    server.close();
    throw e;
  }
  if (opts.startServing ?? true) yield* server._startServing();
  return server;
}

function* datagram<P extends DatagramProtocol>(loop: EventLoop, factory: () => P, opts: DatagramOptions, localAddr: { address: string; port: number } | undefined, remoteAddr: { address: string; port: number } | undefined): Coro<[DatagramTransport, P]> {
  loop._checkClosed();
  const net = _netFacet(loop, ["datagram"], "createDatagramEndpoint()");
  const protocol = factory();
  const ep = new DatagramEndpoint(loop, protocol, remoteAddr ?? null);
  const sock = yield* _hostCall(
    loop,
    () => net.datagram({ family: opts.family, localAddr, remoteAddr, allowBroadcast: opts.allowBroadcast, reusePort: opts.reusePort }, ep),
    (s) => s.close(),
  );
  const waiter = loop.createFuture<unknown>();
  ep._start(sock, waiter);
  try {
    yield* waiter;
  } catch (e) {
    ep.close();
    throw e;
  }
  return [ep, protocol];
}

function* upgrade(loop: EventLoop, transport: Transport, protocol: BaseProtocol, opts: StartTlsOptions): Coro<Transport> {
  if (!(transport instanceof StreamTransport)) throw new TypeError(`startTls() needs a stream transport made by this loop: received ${describe(transport)}`);
  if (transport._closing) throw new RuntimeError("startTls() on a closing transport");
  const raw = transport._raw;
  if (typeof raw.startTls !== "function") throw new TypeError("This transport cannot be upgraded to TLS");
  const { serverSide = false, serverHostname, sslHandshakeTimeout, sslShutdownTimeout, ...tls } = opts;
  if (serverHostname !== undefined) tls.serverName = serverHostname;
  const handshake = positiveMs(sslHandshakeTimeout, "sslHandshakeTimeout");
  const shutdown = positiveMs(sslShutdownTimeout, "sslShutdownTimeout");
  if (handshake !== undefined) tls.handshakeTimeout = handshake;
  if (shutdown !== undefined) tls.shutdownTimeout = shutdown;
  const onLost = transport._onLost;
  transport._detach();
  const upgraded = yield* _hostCall(loop, () => raw.startTls!({ ...tls, serverSide }), (s) => s.destroy());
  const waiter = loop.createFuture<unknown>();
  const t = new StreamTransport(loop, upgraded, protocol, { waiter, callConnectionMade: false, onLost });
  t._high = transport._high;
  t._low = transport._low;
  t._server = transport._server;
  transport._server?._replace(transport, t);
  yield* waiter;
  return t;
}

export function createConnection<P extends StreamProtocol>(loop: EventLoop, protocolFactory: () => P, host: string, port: number, opts: ConnectionOptions = {}): Op<[Transport, P]> {
  try {
    checkFactory(protocolFactory, "createConnection()");
    if (typeof host !== "string") throw new TypeError(`createConnection() needs a host string: received ${describe(host)}`);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`The port must be an integer in 0..65535: received ${describe(port)}`);
    _checkOptions(opts, _CONNECTION_KEYS, "createConnection()");
    const tls = _tlsOf(opts);
    const localAddr = addrOf(opts.localAddr);
    return new Op(() => connect(loop, protocolFactory, { host, port, localAddr }, tls, "createConnection()"));
  } catch (e) {
    return _failedOp(e);
  }
}

export function createUnixConnection<P extends StreamProtocol>(loop: EventLoop, protocolFactory: () => P, path: string, opts: ConnectionOptions = {}): Op<[Transport, P]> {
  try {
    checkFactory(protocolFactory, "createUnixConnection()");
    if (typeof path !== "string" || path === "") throw new TypeError(`createUnixConnection() needs a socket path: received ${describe(path)}`);
    _checkOptions(opts, _CONNECTION_KEYS, "createUnixConnection()");
    const tls = _tlsOf(opts);
    return new Op(() => connect(loop, protocolFactory, { path }, tls, "createUnixConnection()"));
  } catch (e) {
    return _failedOp(e);
  }
}

export function createServer(loop: EventLoop, protocolFactory: () => StreamProtocol, host: string | null, port: number, opts: ServerOptions = {}): Op<Server> {
  try {
    checkFactory(protocolFactory, "createServer()");
    if (host !== null && host !== undefined && typeof host !== "string") throw new TypeError(`createServer() needs a host string or null: received ${describe(host)}`);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`The port must be an integer in 0..65535: received ${describe(port)}`);
    _checkOptions(opts, _SERVER_KEYS, "createServer()");
    const tls = _tlsOf(opts);
    // asyncio: a host of None or "" listens on every wildcard address.
    return new Op(() => serve(loop, protocolFactory, { host: host === undefined || host === "" ? null : host, port }, opts, tls, "createServer()"));
  } catch (e) {
    return _failedOp(e);
  }
}

export function createUnixServer(loop: EventLoop, protocolFactory: () => StreamProtocol, path: string, opts: ServerOptions = {}): Op<Server> {
  try {
    checkFactory(protocolFactory, "createUnixServer()");
    if (typeof path !== "string" || path === "") throw new TypeError(`createUnixServer() needs a socket path: received ${describe(path)}`);
    _checkOptions(opts, _SERVER_KEYS, "createUnixServer()");
    const tls = _tlsOf(opts);
    return new Op(() => serve(loop, protocolFactory, { path }, opts, tls, "createUnixServer()"));
  } catch (e) {
    return _failedOp(e);
  }
}

/** loop.connectAcceptedSocket (asyncio connect_accepted_socket): a socket accepted elsewhere
 *  (Node: a net.Socket, e.g. from node:http's 'upgrade' event, with its `head`), driven by a
 *  protocol; with `tls`, the server side of a TLS handshake first. */
export function connectAcceptedSocket<P extends StreamProtocol>(loop: EventLoop, protocolFactory: () => P, sock: unknown, opts: AcceptedSocketOptions = {}): Op<[Transport, P]> {
  try {
    checkFactory(protocolFactory, "connectAcceptedSocket()");
    if (sock === null || typeof sock !== "object") throw new TypeError(`connectAcceptedSocket() needs a socket: received ${describe(sock)}`);
    _checkOptions(opts, ACCEPTED_KEYS, "connectAcceptedSocket()");
    const tls = _tlsOf(opts);
    const head = opts.head === undefined || opts.head === null ? null : _bytes(opts.head, false, "connectAcceptedSocket()'s head");
    return new Op(() => accepted(loop, protocolFactory, sock, head, tls));
  } catch (e) {
    return _failedOp(e);
  }
}

export function createDatagramEndpoint<P extends DatagramProtocol>(loop: EventLoop, protocolFactory: () => P, opts: DatagramOptions = {}): Op<[DatagramTransport, P]> {
  try {
    checkFactory(protocolFactory, "createDatagramEndpoint()");
    _checkOptions(opts, DATAGRAM_KEYS, "createDatagramEndpoint()");
    const localAddr = addrOf(opts.localAddr);
    const remoteAddr = addrOf(opts.remoteAddr);
    return new Op(() => datagram(loop, protocolFactory, opts, localAddr, remoteAddr));
  } catch (e) {
    return _failedOp(e);
  }
}

export function startTls(loop: EventLoop, transport: Transport, protocol: BaseProtocol, opts: StartTlsOptions = {}): Op<Transport> {
  try {
    return new Op(() => upgrade(loop, transport, protocol, opts));
  } catch (e) {
    return _failedOp(e);
  }
}

