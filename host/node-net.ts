// node-net.ts: the 'net' facet on Node (node:net, node:tls, node:dgram). Node only.
//
// Each Node socket is wrapped in a NodeStream, the host half of a transport: it forwards the
// socket's events to a NetStreamSink and does nothing else (no buffering policy, no user code).
// Sockets start paused (servers use pauseOnConnect) and are resumed by the transport once
// connectionMade has run, as asyncio adds the reader only after connection_made.
// allowHalfOpen is always on: whether an EOF closes the connection is the protocol's decision
// (eofReceived), not Node's. TCP_NODELAY is set, as asyncio does on every TCP transport.
// Write flow control uses the per-write callback: Node decrements writableLength before it
// calls it, so the transport sees the buffer shrink chunk by chunk and can resume its protocol
// at the low-water mark exactly, instead of waiting for Node's 'drain' (which fires at empty).
// Rejected: Node's own highWaterMark/'drain' (fires at 0, not at asyncio's low mark), and a
// Web Streams wrapper (an extra promise per chunk).
// A listen with no host opens a server per wildcard address (0.0.0.0, and :: IPv6-only), as
// asyncio's create_server(host=None) binds a socket per getaddrinfo(None) entry. Pipes (a
// descriptor or a Node stream) and sockets accepted elsewhere (node:http's 'upgrade') are
// wrapped in the same NodeStream; the write end of a pipe reads nothing.

import * as net from "node:net";
import * as tls from "node:tls";
import * as dns from "node:dns/promises";
import * as dgram from "node:dgram";
import { fstatSync, lstatSync, unlinkSync } from "node:fs";
import { Stream } from "node:stream";
import * as tty from "node:tty";
import type {
  NetFacet, NetStream, NetStreamSink, NetListener, NetTarget, ListenTarget, TlsOptions, SockAddr, DatagramSink, DatagramSocket,
} from "./host.js";

type AnySocket = net.Socket | tls.TLSSocket;

function abortError(): Error {
  const e = new Error("The operation was aborted") as Error & { code: string };
  e.name = "AbortError";
  e.code = "ABORT_ERR";
  return e;
}

/** asyncio's defaults for TlsOptions.handshakeTimeout and shutdownTimeout (ms). */
const HANDSHAKE_TIMEOUT_MS = 60_000;
const SHUTDOWN_TIMEOUT_MS = 30_000;

/** A Node Buffer is a Uint8Array already; keep it (the sink owns each chunk). */
function tlsToNode(o: TlsOptions | null | undefined): tls.ConnectionOptions & tls.TlsOptions {
  if (!o) return {};
  const { serverName, alpnProtocols, handshakeTimeout: _h, shutdownTimeout: _s, ...rest } = o;
  const out: any = { ...rest };
  if (serverName !== undefined) out.servername = serverName;
  if (alpnProtocols !== undefined) out.ALPNProtocols = alpnProtocols;
  return out;
}

export class NodeStream implements NetStream {
  /** @internal */ _s: AnySocket;
  private sink: NetStreamSink | null = null;
  private err: Error | null = null;
  private detached = false;
  private path: string | null;
  private listeners: [string, (...a: any[]) => void][] = [];

  /** false for the read end of a pipe */
  private hasWritableSide: boolean;

  /** ms a close() of a TLS stream waits for the peer before destroying it (TlsOptions.shutdownTimeout) */
  private shutdownMs: number;

  /** false for the write end of a pipe: nothing is read from it (a pure Writable has no pause) */
  private reads: boolean;

  /** `mode`: "read" or "write" for one end of a pipe (nodeNet.pipe), any Readable or Writable */
  constructor(s: AnySocket, path: string | null = null, shutdownMs = SHUTDOWN_TIMEOUT_MS, mode: "duplex" | "read" | "write" = "duplex") {
    this._s = s;
    this.shutdownMs = shutdownMs;
    this.reads = mode !== "write";
    this.hasWritableSide = mode === "read" ? false : s.writable;
    this.path = path;
    if (this.reads) s.pause();
    // Listen for errors and the close from the start: between the host handing the stream
    // over and the transport attaching (a loop iteration later), an unhandled 'error' would
    // crash the process.
    s.on("error", (e: Error) => {
      if (this.err === null) this.err = e;
    });
    s.on("close", this.onClose);
    if (s.destroyed) this.gone = true;
  }

  private gone = false;

  private onClose = (): void => {
    this.gone = true;
    const k = this.sink;
    this.sink = null;
    k?.closed(this.err);
  };

  attach(sink: NetStreamSink): void {
    this.sink = sink;
    const s = this._s;
    const on = (ev: string, fn: (...a: any[]) => void) => {
      s.on(ev, fn);
      this.listeners.push([ev, fn]);
    };
    if (this.reads) {
      on("data", (c: Buffer) => this.sink?.data(c));
      on("end", () => this.sink?.end());
    }
    if (this.gone || s.destroyed) queueMicrotask(this.onClose);
  }

  private onWritten = (): void => {
    this.sink?.flushed();
  };

  write(chunk: Uint8Array, notify = true): void {
    const s = this._s;
    if (s.destroyed || !s.writable || !this.hasWritableSide) return;
    // A write callback costs Node a nextTick: only ask for one when the transport needs it.
    if (notify) s.write(chunk, this.onWritten);
    else s.write(chunk);
  }

  end(): void {
    if (!this._s.destroyed) this._s.end();
  }

  close(): void {
    const s = this._s;
    if (s.destroyed) return;
    // Decide before end(): after it `writable` is false even while output is still queued.
    if (!this.hasWritableSide || s.writableFinished) {
      s.destroy();
      return;
    }
    s.once("finish", () => s.destroy());
    if (s instanceof tls.TLSSocket) {
      // A peer that never answers the close_notify (or never reads) does not hold the socket.
      const t = setTimeout(() => s.destroy(), this.shutdownMs);
      t.unref?.();
      s.once("close", () => clearTimeout(t));
    }
    if (!s.writableEnded) s.end();
  }

  destroy(): void {
    this._s.destroy();
  }

  pause(): void {
    if (this.reads) this._s.pause();
  }

  resume(): void {
    if (!this.detached && this.reads) this._s.resume();
  }

  get bufferedAmount(): number {
    return this._s.writableLength;
  }

  info(name: string): unknown {
    const s = this._s;
    switch (name) {
      case "peername":
        if (this.path !== null) return this.path;
        return s.remoteAddress === undefined ? undefined : { address: s.remoteAddress, port: s.remotePort!, family: s.remoteFamily ?? "" };
      case "sockname": {
        if (this.path !== null) return this.path;
        if (typeof s.address !== "function") return undefined;
        const a = s.address() as net.AddressInfo;
        return a && a.address !== undefined ? { address: a.address, port: a.port, family: a.family } : undefined;
      }
      case "socket":
        return s;
      case "peercert":
        return s instanceof tls.TLSSocket ? s.getPeerCertificate() : undefined;
      case "cipher":
        return s instanceof tls.TLSSocket ? s.getCipher() : undefined;
      case "sslcontext":
      case "ssl_object":
        return s instanceof tls.TLSSocket ? s : undefined;
      case "alpn_protocol":
        return s instanceof tls.TLSSocket ? s.alpnProtocol || null : undefined;
      default:
        return undefined;
    }
  }

  /** Stops forwarding events: the socket now belongs to someone else (a TLS wrapper). */
  private detach(): void {
    this.detached = true;
    for (const [ev, fn] of this.listeners) this._s.off(ev, fn);
    this.listeners = [];
    this._s.off("close", this.onClose);
    this.sink = null;
  }

  startTls(opts: TlsOptions & { serverSide: boolean }): Promise<NetStream> {
    const { serverSide, ...rest } = opts;
    const raw = this._s;
    this.detach();
    const shutdownMs = rest.shutdownTimeout ?? SHUTDOWN_TIMEOUT_MS;
    const handshakeMs = rest.handshakeTimeout ?? HANDSHAKE_TIMEOUT_MS;
    return new Promise<NetStream>((resolve, reject) => {
      let t: tls.TLSSocket;
      const timer = setTimeout(() => {
        const e = new Error(`SSL handshake is taking longer than ${handshakeMs / 1000} seconds: aborting the connection`) as Error & { code: string };
        e.code = "ECONNABORTED";
        fail(e);
      }, handshakeMs);
      const fail = (e: Error) => {
        clearTimeout(timer);
        t.destroy();
        reject(e);
      };
      const done = () => {
        clearTimeout(timer);
        t.off("error", fail);
        resolve(new NodeStream(t, null, shutdownMs));
      };
      if (serverSide) {
        t = new tls.TLSSocket(raw, { ...tlsToNode(rest), isServer: true, secureContext: tls.createSecureContext(tlsToNode(rest)) });
        t.once("secure", done);
      } else {
        t = tls.connect({ ...tlsToNode(rest), socket: raw }, done);
      }
      t.once("error", fail);
      raw.resume();
    });
  }
}

function addr(a: net.AddressInfo | string | null): SockAddr | null {
  if (a === null || typeof a === "string") return null;
  return { address: a.address, port: a.port, family: a.family };
}

/** One listening target: a server per socket (a host of null listens on each wildcard address). */
class NodeListener implements NetListener {
  constructor(private srvs: net.Server[], private path: string | null) {}
  addresses(): SockAddr[] {
    if (this.path !== null) return [{ address: this.path, port: 0, family: "unix" }];
    const out: SockAddr[] = [];
    for (const s of this.srvs) {
      const a = addr(s.address());
      if (a !== null) out.push(a);
    }
    return out;
  }
  close(): void {
    for (const s of this.srvs) s.close();
    if (this.path !== null && this.path[0] !== "\0") {
      try {
        if (lstatSync(this.path).isSocket()) unlinkSync(this.path);
      } catch {
        /* gone already */
      }
    }
  }
}

class NodeDatagram implements DatagramSocket {
  constructor(private s: dgram.Socket, private sink: DatagramSink, private connected: boolean) {}
  send(d: Uint8Array, to?: { address: string; port: number }): void {
    const cb = (e: Error | null) => {
      if (e) this.sink.error(e);
    };
    try {
      if (to === undefined || this.connected) this.s.send(d, cb);
      else this.s.send(d, to.port, to.address, cb);
    } catch (e) {
      this.sink.error(e as Error);
    }
  }
  close(): void {
    try {
      this.s.close();
    } catch {
      /* closed already */
    }
  }
  get bufferedAmount(): number {
    try {
      return (this.s as any).getSendQueueSize?.() ?? 0;
    } catch {
      return 0;
    }
  }
  info(name: string): unknown {
    try {
      if (name === "sockname") return addr(this.s.address());
      if (name === "peername") return this.connected ? addr(this.s.remoteAddress()) : undefined;
      if (name === "socket") return this.s;
    } catch {
      return undefined;
    }
    return undefined;
  }
}

function familyOf(address: string | undefined): 4 | 6 | undefined {
  if (address === undefined) return undefined;
  return net.isIPv6(address) ? 6 : net.isIPv4(address) ? 4 : undefined;
}

/** A Node server listening on `where`, handing each accepted stream to `onConnection`. */
function listenOn(where: net.ListenOptions, tlsOpts: TlsOptions | null | undefined, path: string | null, onConnection: (s: NetStream) => void): Promise<net.Server> {
  return new Promise<net.Server>((resolve, reject) => {
    let srv: net.Server;
    if (tlsOpts) {
      const shutdownMs = tlsOpts.shutdownTimeout ?? SHUTDOWN_TIMEOUT_MS;
      srv = tls.createServer({ ...tlsToNode(tlsOpts), allowHalfOpen: true, handshakeTimeout: tlsOpts.handshakeTimeout ?? HANDSHAKE_TIMEOUT_MS } as tls.TlsOptions);
      srv.on("secureConnection", (s: tls.TLSSocket) => onConnection(new NodeStream(s, path, shutdownMs)));
      // A failed or timed-out handshake concerns that client only; Node leaves its socket open
      // once anyone listens for this event, so it is destroyed here.
      srv.on("tlsClientError", (_e: Error, s: tls.TLSSocket) => s.destroy());
    } else {
      srv = net.createServer({ allowHalfOpen: true, pauseOnConnect: true });
      srv.on("connection", (s: net.Socket) => {
        if (path === null) s.setNoDelay(true);
        onConnection(new NodeStream(s, path));
      });
    }
    srv.on("error", () => {
      /* accept errors (EMFILE, ...) concern one connection attempt */
    });
    const fail = (e: Error) => reject(e);
    srv.once("error", fail);
    srv.listen(where, () => {
      srv.off("error", fail);
      resolve(srv);
    });
  });
}

/** A pipe end as a NodeStream: a descriptor (a pipe, FIFO, socket or terminal: asyncio's check,
 *  which refuses regular files) or a Node stream that can do what `mode` needs. */
function pipeStream(pipe: unknown, mode: "read" | "write"): NodeStream {
  if (typeof pipe === "number") {
    if (!Number.isInteger(pipe) || pipe < 0) throw new RangeError(`A pipe's file descriptor must be an integer >= 0: received ${pipe}`);
    const st = fstatSync(pipe);
    if (!(st.isFIFO() || st.isSocket() || st.isCharacterDevice())) throw new RangeError(`Pipe transport is for pipes, sockets and character devices only: descriptor ${pipe} is not one`);
    let s: net.Socket;
    if (tty.isatty(pipe)) s = mode === "read" ? new tty.ReadStream(pipe) : new tty.WriteStream(pipe);
    else s = new net.Socket({ fd: pipe, readable: mode === "read", writable: mode === "write", allowHalfOpen: true });
    return new NodeStream(s, null, SHUTDOWN_TIMEOUT_MS, mode);
  }
  const ok = pipe instanceof Stream && (mode === "read" ? typeof (pipe as any).read === "function" : typeof (pipe as any).write === "function");
  if (!ok) throw new TypeError(`A pipe is a file descriptor or a ${mode === "read" ? "Readable" : "Writable"} Node stream: received ${pipe === null ? "null" : typeof pipe}`);
  return new NodeStream(pipe as AnySocket, null, SHUTDOWN_TIMEOUT_MS, mode);
}

export const nodeNet: NetFacet = {
  kind: "net",

  pipe: pipeStream,

  adopt(sock, head) {
    if (!(sock instanceof net.Socket) || sock.destroyed || sock.pending) throw new TypeError("connectAcceptedSocket() needs a connected net.Socket (node:net, e.g. from a node:http 'upgrade' event)");
    if (head !== null && head.length > 0) sock.unshift(head);
    // Whether an EOF closes the connection is the protocol's decision, as on every socket here.
    sock.allowHalfOpen = true;
    if (!(sock instanceof tls.TLSSocket) && sock.remoteAddress !== undefined) sock.setNoDelay(true);
    return new NodeStream(sock);
  },

  async lookup(host, family) {
    const r = await dns.lookup(host, { family, all: true, verbatim: true });
    return r.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
  },

  async lookupService(address, port) {
    const r = await dns.lookupService(address, port);
    return [r.hostname, r.service];
  },

  connect(target: NetTarget, opts: { tls?: TlsOptions | null; signal?: AbortSignal }): Promise<NetStream> {
    return new Promise<NetStream>((resolve, reject) => {
      if (opts.signal?.aborted) return reject(abortError());
      const path = "path" in target ? target.path : null;
      let s: AnySocket;
      let handshake: ReturnType<typeof setTimeout> | undefined;
      const ready = () => {
        cleanup();
        if ("host" in target && !opts.tls) s.setNoDelay(true);
        resolve(new NodeStream(s, path, opts.tls?.shutdownTimeout ?? SHUTDOWN_TIMEOUT_MS));
      };
      const fail = (e: Error) => {
        cleanup();
        s.destroy();
        reject(e);
      };
      const onAbort = () => fail(abortError());
      const cleanup = () => {
        clearTimeout(handshake);
        s.off("error", fail);
        opts.signal?.removeEventListener("abort", onAbort);
      };
      const t = target as any;
      const base: any = path !== null ? { path } : { host: t.host, port: t.port };
      if (!(path !== null) && (target as any).localAddr) {
        base.localAddress = (target as any).localAddr.address;
        base.localPort = (target as any).localAddr.port;
      }
      if (opts.tls) {
        const o: any = { ...tlsToNode(opts.tls), ...base, allowHalfOpen: true };
        if (o.servername === undefined && path === null && !net.isIP((target as any).host)) o.servername = (target as any).host;
        s = tls.connect(o, ready);
        const ms = opts.tls.handshakeTimeout ?? HANDSHAKE_TIMEOUT_MS;
        s.once("connect", () => {
          handshake = setTimeout(() => {
            const e = new Error(`SSL handshake is taking longer than ${ms / 1000} seconds: aborting the connection`) as Error & { code: string };
            e.code = "ECONNABORTED";
            fail(e);
          }, ms);
        });
      } else {
        s = net.connect({ ...base, allowHalfOpen: true }, ready);
      }
      s.once("error", fail);
      opts.signal?.addEventListener("abort", onAbort, { once: true });
    });
  },

  async listen(target: ListenTarget, opts, onConnection): Promise<NetListener> {
    const path = "path" in target ? target.path : null;
    if (path !== null) {
      if (path[0] !== "\0") {
        try {
          if (lstatSync(path).isSocket()) unlinkSync(path);
        } catch {
          /* nothing there */
        }
      }
      return new NodeListener([await listenOn({ path, backlog: opts.backlog ?? 100 }, opts.tls, path, onConnection)], path);
    }
    const { host, port } = target as { host: string | null; port: number };
    const base: net.ListenOptions = { port, backlog: opts.backlog ?? 100 };
    if (opts.reusePort) (base as any).reusePort = true;
    if (host !== null) return new NodeListener([await listenOn({ ...base, host }, opts.tls, null, onConnection)], null);
    // No host: every wildcard address, as asyncio's getaddrinfo(None, port, AI_PASSIVE) gives
    // them: 0.0.0.0, then :: (IPv6 only, so the two sockets do not overlap) where the host has
    // IPv6. A family that is not enabled is skipped (asyncio: EADDRNOTAVAIL on bind).
    const srvs: net.Server[] = [];
    try {
      for (const h of ["0.0.0.0", "::"]) {
        try {
          srvs.push(await listenOn({ ...base, host: h, ipv6Only: h === "::" }, opts.tls, null, onConnection));
        } catch (e) {
          const code = (e as { code?: string }).code;
          if (code !== "EADDRNOTAVAIL" && code !== "EAFNOSUPPORT") throw e;
        }
      }
    } catch (e) {
      for (const s of srvs) s.close();
      throw e;
    }
    if (srvs.length === 0) {
      const e = new Error(`could not bind on any address out of 0.0.0.0:${port}, [::]:${port}`) as Error & { code: string };
      e.code = "EADDRNOTAVAIL";
      throw e;
    }
    return new NodeListener(srvs, null);
  },

  datagram(opts, sink): Promise<DatagramSocket> {
    return new Promise<DatagramSocket>((resolve, reject) => {
      const family = opts.family ?? familyOf(opts.localAddr?.address) ?? familyOf(opts.remoteAddr?.address) ?? 4;
      const s = dgram.createSocket({ type: family === 6 ? "udp6" : "udp4", reuseAddr: !!opts.reusePort });
      let settled = false;
      const fail = (e: Error) => {
        if (settled) return sink.error(e);
        settled = true;
        try {
          s.close();
        } catch {
          /* never bound */
        }
        reject(e);
      };
      s.on("error", fail);
      s.on("message", (m: Buffer, r: dgram.RemoteInfo) => sink.message(m, { address: r.address, port: r.port, family: r.family }));
      const connected = () => {
        settled = true;
        if (opts.allowBroadcast) s.setBroadcast(true);
        resolve(new NodeDatagram(s, sink, opts.remoteAddr !== undefined));
      };
      const bound = () => {
        if (opts.remoteAddr) s.connect(opts.remoteAddr.port, opts.remoteAddr.address, connected);
        else connected();
      };
      const local = opts.localAddr ?? { address: family === 6 ? "::" : "0.0.0.0", port: 0 };
      if (opts.localAddr || !opts.remoteAddr) s.bind(local.port, local.address, bound);
      else bound();
    });
  },
};
