// workerd-net.ts: the 'net' facet on workerd: connect() of `cloudflare:sockets`, client side only.
//
// TCP, and TLS through the runtime (secureTransport "on"; certificates are checked against the
// runtime's trust store: Cloudflare's public CAs on the edge, a `workerd` config's
// `tlsOptions.trustedCertificates` locally). A plain connection is opened in "starttls" mode so
// that loop.startTls() can upgrade it (client side). TLS options the runtime cannot honour (a
// per-connection `ca`, a client `cert`/`key`, `rejectUnauthorized: false`, ALPN) make the
// connect fail with an error that says so, rather than being ignored. `serverName` (SNI and the
// name checked) other than the host is honoured through a STARTTLS upgrade at once.
// Servers, Unix sockets and UDP do not exist there: `lacks` makes the façade raise
// NotSupportedError naming 'net.listen', 'net.unix' or 'net.datagram' before any call here.
//
// A socket's Web Streams are wrapped in a WorkerdStream, the host half of a transport: reads are
// pumped only between resume() and pause() (a chunk already read when pause() comes is held until
// resume()), each write's promise gives flushed() and bufferedAmount, and closed() comes once,
// last: after close()/destroy(), an error, or EOF both ways (as Node's 'close' with allowHalfOpen).

import { connect, type Socket } from "cloudflare:sockets";
import type { NetFacet, NetStream, NetStreamSink, NetTarget, SockAddr, TlsOptions } from "./host.js";

function abortError(): Error {
  const e = new Error("The operation was aborted") as Error & { code: string };
  e.name = "AbortError";
  e.code = "ABORT_ERR";
  return e;
}

/** "127.0.0.1:8080" or "[::1]:8080", as workerd's SocketInfo gives addresses. */
function parseAddr(a: string | undefined): SockAddr | undefined {
  if (!a) return undefined;
  const m = /^\[?([^\]]*?)\]?:(\d+)$/.exec(a);
  if (m === null) return { address: a, port: 0, family: "" };
  return { address: m[1], port: Number(m[2]), family: m[1].includes(":") ? "IPv6" : "IPv4" };
}

class WorkerdStream implements NetStream {
  private sink: NetStreamSink | null = null;
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly writer: WritableStreamDefaultWriter<Uint8Array>;
  private paused = true;
  private reading = false;
  private held: Uint8Array | null = null;
  private readDone = false;
  private writeEnded = false;
  private finished = false;
  private closing = false;
  private detached = false;
  private gone = false;
  private err: Error | null = null;
  private queued = 0;

  constructor(
    private readonly socket: Socket,
    private readonly peer: SockAddr | undefined,
    private readonly local: SockAddr | undefined,
    private readonly canStartTls: boolean,
  ) {
    this.reader = socket.readable.getReader();
    this.writer = socket.writable.getWriter();
    // Only its failure: an orderly close is ours to tell (EOF both ways, close()), after the last
    // chunk has been read, which `closed` may precede.
    socket.closed.catch((e: unknown) => this.done(e instanceof Error ? e : new Error(String(e))));
  }

  attach(sink: NetStreamSink): void {
    this.sink = sink;
    if (this.gone) queueMicrotask(() => this.deliverClosed());
  }

  private deliverClosed(): void {
    const k = this.sink;
    this.sink = null;
    k?.closed(this.err);
  }

  /** The stream is over (once): an error, close()/destroy(), or EOF both ways. */
  private done(err: Error | null): void {
    if (this.gone || this.detached) return;
    this.gone = true;
    this.err ??= err;
    this.paused = true;
    this.socket.close().catch(() => {});
    if (this.sink !== null) this.deliverClosed();
  }

  private async pump(): Promise<void> {
    if (this.reading) return;
    this.reading = true;
    try {
      while (!this.paused && !this.readDone && !this.gone && !this.detached) {
        const { value, done } = await this.reader.read();
        if (this.detached || this.gone) return;
        if (done) {
          this.readDone = true;
          this.sink?.end();
          if (this.finished) this.done(null);
          return;
        }
        if (this.paused) {
          this.held = value;
          return;
        }
        this.sink?.data(value);
      }
    } catch (e) {
      if (!this.detached) this.done(e instanceof Error ? e : new Error(String(e)));
    } finally {
      this.reading = false;
    }
  }

  write(chunk: Uint8Array, notify = true): void {
    if (this.gone || this.writeEnded || this.detached) return;
    const n = chunk.byteLength;
    this.queued += n;
    this.writer.write(chunk).then(
      () => {
        this.queued -= n;
        if (notify) this.sink?.flushed();
      },
      (e: unknown) => this.done(e instanceof Error ? e : new Error(String(e))),
    );
  }

  /** EOF after the queued output (the writable's close waits for its queue). */
  end(): void {
    if (this.gone || this.writeEnded) return;
    this.writeEnded = true;
    this.writer.close().then(
      () => {
        this.finished = true;
        if (this.readDone) this.done(null);
      },
      (e: unknown) => this.done(e instanceof Error ? e : new Error(String(e))),
    );
  }

  close(): void {
    if (this.gone || this.closing) return;
    this.closing = true;
    const flushed = this.writeEnded ? Promise.resolve() : ((this.writeEnded = true), this.writer.close());
    flushed.then(
      () => this.done(null),
      (e: unknown) => this.done(e instanceof Error ? e : new Error(String(e))),
    );
  }

  destroy(): void {
    if (this.gone) return;
    this.writer.abort().catch(() => {});
    this.done(null);
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    if (this.detached || this.gone) return;
    this.paused = false;
    const h = this.held;
    if (h !== null) {
      this.held = null;
      this.sink?.data(h);
      if (this.paused) return;
    }
    void this.pump();
  }

  get bufferedAmount(): number {
    return this.queued;
  }

  info(name: string): unknown {
    switch (name) {
      case "peername":
        return this.peer;
      case "sockname":
        return this.local;
      case "socket":
        return this.socket;
      default:
        return undefined;
    }
  }

  startTls(opts: TlsOptions & { serverSide: boolean }): Promise<NetStream> {
    if (opts.serverSide) return Promise.reject(new Error("workerd has no server sockets: startTls({ serverSide: true }) cannot run there"));
    if (!this.canStartTls) return Promise.reject(new Error("This connection was opened with TLS already"));
    const bad = unsupportedTls(opts);
    if (bad !== null) return Promise.reject(bad);
    this.detached = true;
    this.sink = null;
    this.reader.releaseLock();
    this.writer.releaseLock();
    const upgraded = this.socket.startTls(opts.serverName !== undefined ? { expectedServerHostname: opts.serverName } : undefined);
    return opened(upgraded, false);
  }
}

/** The TLS options workerd's connect() cannot honour, as an Error; null when all can be. */
function unsupportedTls(o: TlsOptions): Error | null {
  const bad: string[] = [];
  if (o.ca !== undefined) bad.push("ca (certificates are checked against the runtime's trust store)");
  if (o.cert !== undefined || o.key !== undefined) bad.push("cert/key (no client certificates)");
  if (o.rejectUnauthorized === false) bad.push("rejectUnauthorized: false");
  if (o.alpnProtocols !== undefined) bad.push("alpnProtocols");
  if (bad.length === 0) return null;
  const e = new Error(`workerd's connect() cannot honour these TLS options: ${bad.join(", ")}`);
  e.name = "NotSupportedError";
  return e;
}

async function opened(s: Socket, canStartTls: boolean, signal?: AbortSignal): Promise<NetStream> {
  const onAbort = () => void s.close().catch(() => {});
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    const info = await s.opened;
    if (signal?.aborted) throw abortError();
    return new WorkerdStream(s, parseAddr(info?.remoteAddress), parseAddr(info?.localAddress), canStartTls);
  } catch (e) {
    s.close().catch(() => {});
    throw signal?.aborted ? abortError() : e;
  } finally {
    signal?.removeEventListener("abort", onAbort);
  }
}

export const workerdNet: NetFacet = {
  kind: "net",
  lacks: ["listen", "unix", "datagram"],

  connect(target: NetTarget, opts: { tls?: TlsOptions | null; signal?: AbortSignal }): Promise<NetStream> {
    if (opts.signal?.aborted) return Promise.reject(abortError());
    if ("path" in target) return Promise.reject(new Error("workerd has no Unix sockets"));
    if (target.localAddr) return Promise.reject(new Error("workerd's connect() cannot bind a local address (localAddr)"));
    const tls = opts.tls ?? null;
    if (tls !== null) {
      const bad = unsupportedTls(tls);
      if (bad !== null) return Promise.reject(bad);
    }
    const address = { hostname: target.host, port: target.port };
    try {
      if (tls === null) return opened(connect(address, { secureTransport: "starttls", allowHalfOpen: true }), true, opts.signal);
      if (tls.serverName === undefined || tls.serverName === target.host) return opened(connect(address, { secureTransport: "on", allowHalfOpen: true }), false, opts.signal);
      // Another name than the host's: connect, then upgrade at once, naming it.
      const plain = connect(address, { secureTransport: "starttls", allowHalfOpen: true });
      return opened(plain.startTls({ expectedServerHostname: tls.serverName }), false, opts.signal);
    } catch (e) {
      return Promise.reject(e);
    }
  },

  listen(): never {
    throw new Error("workerd has no server sockets");
  },

  datagram(): never {
    throw new Error("workerd has no UDP sockets");
  },
};
