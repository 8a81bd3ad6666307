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
import { _hostCall, _netFacet } from "./host-io.js";
import type { Coro } from "../tasks/task.js";
import { RuntimeError, describe } from "../errors.js";

export interface ConnectionOptions {
  /** TLS: true for the defaults (system CAs), or the options. */
  tls?: boolean | TlsOptions | null;
  /** The name checked against the certificate and sent as SNI (asyncio server_hostname). */
  serverHostname?: string;
  localAddr?: { address: string; port: number } | [string, number];
}
export interface ServerOptions {
  tls?: TlsOptions | null;
  backlog?: number;
  startServing?: boolean;
  reuseAddress?: boolean;
  reusePort?: boolean;
}
export interface DatagramOptions {
  localAddr?: { address: string; port: number } | [string, number] | null;
  remoteAddr?: { address: string; port: number } | [string, number] | null;
  family?: 4 | 6;
  allowBroadcast?: boolean;
  reusePort?: boolean;
}
export interface StartTlsOptions extends TlsOptions {
  serverSide?: boolean;
  serverHostname?: string;
}

function addrOf(a: { address: string; port: number } | [string, number] | null | undefined): { address: string; port: number } | undefined {
  if (a === null || a === undefined) return undefined;
  if (Array.isArray(a)) return { address: a[0], port: a[1] };
  return { address: a.address, port: a.port };
}

function tlsOf(tls: boolean | TlsOptions | null | undefined, serverHostname?: string): TlsOptions | null {
  if (!tls) {
    if (serverHostname !== undefined) throw new RangeError("serverHostname is only meaningful with tls");
    return null;
  }
  const o: TlsOptions = tls === true ? {} : { ...tls };
  if (serverHostname !== undefined) o.serverName = serverHostname;
  return o;
}

function checkFactory(f: unknown, what: string): void {
  if (typeof f !== "function") throw new TypeError(`${what} needs a protocol factory function: received ${describe(f)}`);
}

function* connect<P extends BaseProtocol>(loop: EventLoop, factory: () => P, target: NetTarget, tls: TlsOptions | null, what: string): Coro<[Transport, P]> {
  loop._checkClosed();
  const net = _netFacet(loop, "path" in target ? ["unix"] : [], what);
  const raw: NetStream = yield* _hostCall(loop, (signal) => net.connect(target, { tls, signal }), (s) => s.destroy());
  let protocol: P;
  try {
    protocol = factory();
  } catch (e) {
    raw.destroy();
    throw e;
  }
  const waiter = loop.createFuture<unknown>();
  const t = new StreamTransport(loop, raw, protocol, { waiter });
  try {
    yield* waiter;
  } catch (e) {
    t.close();
    throw e;
  }
  return [t, protocol];
}

function* serve(loop: EventLoop, factory: () => BaseProtocol, target: ListenTarget, opts: ServerOptions, what: string): Coro<Server> {
  loop._checkClosed();
  const net = _netFacet(loop, "path" in target ? ["listen", "unix"] : ["listen"], what);
  const server = new Server(loop, factory);
  try {
    const l = yield* _hostCall(
      loop,
      () => net.listen(target, { tls: opts.tls ?? null, backlog: opts.backlog, reuseAddress: opts.reuseAddress, reusePort: opts.reusePort }, server._accept),
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

export function createConnection<P extends StreamProtocol>(loop: EventLoop, protocolFactory: () => P, host: string, port: number, opts: ConnectionOptions = {}): Op<[Transport, P]> {
  checkFactory(protocolFactory, "createConnection()");
  if (typeof host !== "string") throw new TypeError(`createConnection() needs a host string: received ${describe(host)}`);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`The port must be an integer in 0..65535: received ${describe(port)}`);
  const tls = tlsOf(opts.tls, opts.serverHostname);
  const localAddr = addrOf(opts.localAddr);
  return new Op(() => connect(loop, protocolFactory, { host, port, localAddr }, tls, "createConnection()"));
}

export function createUnixConnection<P extends StreamProtocol>(loop: EventLoop, protocolFactory: () => P, path: string, opts: ConnectionOptions = {}): Op<[Transport, P]> {
  checkFactory(protocolFactory, "createUnixConnection()");
  if (typeof path !== "string" || path === "") throw new TypeError(`createUnixConnection() needs a socket path: received ${describe(path)}`);
  const tls = tlsOf(opts.tls, opts.serverHostname);
  return new Op(() => connect(loop, protocolFactory, { path }, tls, "createUnixConnection()"));
}

export function createServer(loop: EventLoop, protocolFactory: () => StreamProtocol, host: string | null, port: number, opts: ServerOptions = {}): Op<Server> {
  checkFactory(protocolFactory, "createServer()");
  if (host !== null && host !== undefined && typeof host !== "string") throw new TypeError(`createServer() needs a host string or null: received ${describe(host)}`);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`The port must be an integer in 0..65535: received ${describe(port)}`);
  return new Op(() => serve(loop, protocolFactory, { host: host ?? null, port }, opts, "createServer()"));
}

export function createUnixServer(loop: EventLoop, protocolFactory: () => StreamProtocol, path: string, opts: ServerOptions = {}): Op<Server> {
  checkFactory(protocolFactory, "createUnixServer()");
  if (typeof path !== "string" || path === "") throw new TypeError(`createUnixServer() needs a socket path: received ${describe(path)}`);
  return new Op(() => serve(loop, protocolFactory, { path }, opts, "createUnixServer()"));
}

export function createDatagramEndpoint<P extends DatagramProtocol>(loop: EventLoop, protocolFactory: () => P, opts: DatagramOptions = {}): Op<[DatagramTransport, P]> {
  checkFactory(protocolFactory, "createDatagramEndpoint()");
  const localAddr = addrOf(opts.localAddr);
  const remoteAddr = addrOf(opts.remoteAddr);
  return new Op<[DatagramTransport, P]>(function* () {
    loop._checkClosed();
    const net = _netFacet(loop, ["datagram"], "createDatagramEndpoint()");
    const protocol = protocolFactory();
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
    return [ep, protocol] as [DatagramTransport, P];
  });
}

export function startTls(loop: EventLoop, transport: Transport, protocol: BaseProtocol, opts: StartTlsOptions = {}): Op<Transport> {
  return new Op<Transport>(function* () {
    if (!(transport instanceof StreamTransport)) throw new TypeError(`startTls() needs a stream transport made by this loop: received ${describe(transport)}`);
    if (transport._closing) throw new RuntimeError("startTls() on a closing transport");
    const raw = transport._raw;
    if (typeof raw.startTls !== "function") throw new TypeError("This transport cannot be upgraded to TLS");
    const { serverSide = false, serverHostname, ...tls } = opts;
    if (serverHostname !== undefined) tls.serverName = serverHostname;
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
  });
}

