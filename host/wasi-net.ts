// wasi-net.ts: the 'net' facet of the WASI host (host/wasi.ts): TCP over wasi:sockets 0.2.10,
// and wasi:cli's stdin/stdout as byte streams.
//
// connect() and listen() take IP addresses (and "localhost", as 127.0.0.1): the guest world has
// no name lookup. No TLS, Unix sockets or UDP (`lacks`, so the façade raises NotSupportedError
// naming `net.unix` / `net.datagram`; a `tls` option is an error naming the host). A runtime
// that grants no network (Wasmtime embedded without `inherit_network`) fails a connect with the
// wasi error `access-denied`, as EACCES naming the host.
//
// A WasiStream is the host half of a transport: reads wait on the input stream's pollable only
// between resume() and pause(); writes go out as far as `check-write` allows, the rest waits on
// the output stream's pollable (bufferedAmount is what has not been handed over yet, so the
// façade's write flow control sees it); flushed() comes when a notify chunk is all handed over;
// closed() comes once, last.

import type { Pollable } from "wasi:io/poll@0.2.10";
import type { InputStream, OutputStream } from "wasi:io/streams@0.2.10";
import { instanceNetwork } from "wasi:sockets/instance-network@0.2.10";
import type { IpSocketAddress, TcpSocket } from "wasi:sockets/tcp@0.2.10";
import { createTcpSocket } from "wasi:sockets/tcp-create-socket@0.2.10";
import { getStdin } from "wasi:cli/stdin@0.2.10";
import { getStdout } from "wasi:cli/stdout@0.2.10";
import type { ListenTarget, NetFacet, NetListener, NetStream, NetStreamSink, NetTarget, SockAddr } from "./host.js";
import { drop, type IoWait, type WasiReactor } from "./wasi.js";

/** wasi:sockets error-code -> errno name. */
const ERRNO: Record<string, string> = {
  "access-denied": "EACCES",
  "not-supported": "EOPNOTSUPP",
  "invalid-argument": "EINVAL",
  "out-of-memory": "ENOMEM",
  timeout: "ETIMEDOUT",
  "invalid-state": "EINVAL",
  "address-not-bindable": "EADDRNOTAVAIL",
  "address-in-use": "EADDRINUSE",
  "remote-unreachable": "EHOSTUNREACH",
  "connection-refused": "ECONNREFUSED",
  "connection-reset": "ECONNRESET",
  "connection-aborted": "ECONNABORTED",
  "new-socket-limit": "EMFILE",
};

function coded(e: unknown, what: string): Error & { code: string } {
  const payload = (e as { payload?: unknown })?.payload;
  const wasi = typeof payload === "string" ? payload : payload && typeof payload === "object" && "tag" in payload ? String((payload as { tag: string }).tag) : String(e);
  const code = ERRNO[wasi] ?? "EIO";
  const err = new Error(`${code}: ${what} failed on the wasi host (wasi:sockets error ${wasi})`) as Error & { code: string; wasiError: string };
  err.code = code;
  err.wasiError = wasi;
  return err;
}

function notOnWasi(facet: string, what: string): Error {
  const e = new Error(`${what} is not supported on the wasi host (facet '${facet}')`) as Error & { code: string };
  e.name = "NotSupportedError";
  e.code = "ENOTSUP";
  return e;
}

function ipAddress(host: string | null, port: number): IpSocketAddress {
  const h = host === null || host === "" || host === "0.0.0.0" ? "0.0.0.0" : host === "localhost" ? "127.0.0.1" : host;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  if (v4) return { tag: "ipv4", val: { port, address: [Number(v4[1]), Number(v4[2]), Number(v4[3]), Number(v4[4])] } };
  if (h === "::1" || h === "::") {
    const last = h === "::1" ? 1 : 0;
    return { tag: "ipv6", val: { port, flowInfo: 0, scopeId: 0, address: [0, 0, 0, 0, 0, 0, 0, last] } };
  }
  const e = new Error(`ENOTFOUND: the wasi host resolves no names (an IP address is needed): received ${JSON.stringify(host)}`) as Error & { code: string };
  e.code = "ENOTFOUND";
  throw e;
}

function sockAddr(a: IpSocketAddress): SockAddr {
  if (a.tag === "ipv4") return { address: a.val.address.join("."), port: a.val.port, family: "IPv4" };
  return { address: a.val.address.map((x) => x.toString(16)).join(":").replace(/(^|:)0(:0)+(:|$)/, "::"), port: a.val.port, family: "IPv6" };
}

export class WasiStream implements NetStream {
  private sink: NetStreamSink | null = null;
  private paused = true;
  private readWait: IoWait | null = null;
  private writeWait: IoWait | null = null;
  private readonly queue: { chunk: Uint8Array; notify: boolean }[] = [];
  private queued = 0;
  private ending = false;
  private closing = false;
  private readDone = false;
  private writeDone = false;
  private gone = false;
  private err: Error | null = null;

  constructor(
    private readonly reactor: WasiReactor,
    private readonly input: InputStream | null,
    private readonly output: OutputStream | null,
    private readonly socket: TcpSocket | null,
  ) {
    if (input === null) this.readDone = true;
  }

  get bufferedAmount(): number {
    return this.queued;
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

  resume(): void {
    this.paused = false;
    this.waitRead();
  }

  pause(): void {
    this.paused = true;
    if (this.readWait !== null) {
      this.reactor.remove(this.readWait);
      drop(this.readWait.pollable);
      this.readWait = null;
    }
  }

  private waitRead(): void {
    if (this.paused || this.readDone || this.gone || this.readWait !== null || this.input === null) return;
    const w: IoWait = {
      pollable: this.input.subscribe() as Pollable,
      ready: () => {
        drop(w.pollable);
        this.readWait = null;
        this.onReadable();
      },
    };
    this.readWait = w;
    this.reactor.add(w);
  }

  private onReadable(): void {
    if (this.gone || this.paused) return;
    let chunk: Uint8Array;
    try {
      chunk = this.input!.read(65536n);
    } catch (e) {
      const p = (e as { payload?: { tag?: string } }).payload;
      if (p?.tag === "closed") {
        this.readDone = true;
        this.sink?.end();
        if (this.writeDone) this.finish(null);
        return;
      }
      this.finish(coded(e, "read"));
      return;
    }
    if (chunk.byteLength > 0) this.sink?.data(chunk);
    this.waitRead();
  }

  write(chunk: Uint8Array, notify = true): void {
    if (this.gone || this.ending || this.closing) return;
    if (chunk.byteLength === 0) {
      if (notify) queueMicrotask(() => this.sink?.flushed());
      return;
    }
    this.queue.push({ chunk, notify });
    this.queued += chunk.byteLength;
    this.flush();
  }

  /** Hands queued bytes to the output stream as far as it takes them now. */
  private flush(): void {
    if (this.gone || this.writeWait !== null) return;
    if (this.output !== null) try {
      while (this.queue.length > 0) {
        const n = Number(this.output.checkWrite());
        if (n === 0) {
          const w: IoWait = {
            pollable: this.output.subscribe() as Pollable,
            ready: () => {
              drop(w.pollable);
              this.writeWait = null;
              this.flush();
            },
          };
          this.writeWait = w;
          this.reactor.add(w);
          return;
        }
        const head = this.queue[0];
        const part = head.chunk.byteLength <= n ? head.chunk : head.chunk.subarray(0, n);
        this.output.write(part);
        this.queued -= part.byteLength;
        if (part === head.chunk) {
          this.queue.shift();
          // Told after the current call: write() runs inside a loop iteration, sinks never do.
          if (head.notify) queueMicrotask(() => this.sink?.flushed());
        } else head.chunk = head.chunk.subarray(n);
      }
      this.output.flush();
    } catch (e) {
      this.finish(coded(e, "write"));
      return;
    }
    if (this.ending && !this.writeDone) {
      this.writeDone = true;
      try {
        this.socket?.shutdown("send");
      } catch {
        // the peer is gone; a read reports it
      }
      if (this.readDone) this.finish(null);
    }
    if (this.closing) this.finish(null);
  }

  end(): void {
    if (this.gone || this.ending) return;
    this.ending = true;
    this.flush();
  }

  close(): void {
    if (this.gone || this.closing) return;
    this.closing = true;
    this.pause();
    this.flush();
  }

  destroy(): void {
    this.finish(null);
  }

  private finish(err: Error | null): void {
    if (this.gone) return;
    this.gone = true;
    this.err ??= err;
    this.pause();
    if (this.writeWait !== null) {
      this.reactor.remove(this.writeWait);
      drop(this.writeWait.pollable);
      this.writeWait = null;
    }
    this.queue.length = 0;
    this.queued = 0;
    // Children first: the streams, then the socket.
    if (this.socket !== null) {
      drop(this.input);
      drop(this.output);
      drop(this.socket);
    }
    if (this.sink !== null) queueMicrotask(() => this.deliverClosed());
  }

  info(name: string): unknown {
    if (this.socket === null) return undefined;
    try {
      if (name === "peername") return sockAddr(this.socket.remoteAddress());
      if (name === "sockname") return sockAddr(this.socket.localAddress());
    } catch {
      return undefined;
    }
    return undefined;
  }
}

let network: object | null = null;
const theNetwork = () => (network ??= instanceNetwork());

export function wasiNet(reactor: WasiReactor): NetFacet {
  return {
    kind: "net",
    lacks: ["unix", "datagram"],
    async connect(target: NetTarget, opts) {
      if ("path" in target) throw notOnWasi("net.unix", "a Unix socket");
      if (opts.tls) throw notOnWasi("net.tls", "TLS");
      const addr = ipAddress(target.host, target.port);
      let sock: TcpSocket | null = null;
      try {
        sock = createTcpSocket(addr.tag);
        if (target.localAddr) {
          sock.startBind(theNetwork(), ipAddress(target.localAddr.address, target.localAddr.port));
          sock.finishBind();
        }
        sock.startConnect(theNetwork(), addr);
      } catch (e) {
        drop(sock);
        throw coded(e, `connect to ${target.host}:${target.port}`);
      }
      const s = sock;
      for (;;) {
        try {
          await reactor.ready(s.subscribe(), opts.signal);
        } catch (e) {
          drop(s);
          throw e;
        }
        try {
          const [i, o] = s.finishConnect();
          return new WasiStream(reactor, i, o, s);
        } catch (e) {
          if ((e as { payload?: unknown }).payload === "would-block") continue;
          drop(s);
          throw coded(e, `connect to ${target.host}:${target.port}`);
        }
      }
    },
    async listen(target: ListenTarget, opts, onConnection): Promise<NetListener> {
      if ("path" in target) throw notOnWasi("net.unix", "a Unix socket");
      if (opts.tls) throw notOnWasi("net.tls", "TLS");
      const addr = ipAddress(target.host, target.port);
      let created: TcpSocket | null = null;
      try {
        const sock = (created = createTcpSocket(addr.tag));
        sock.startBind(theNetwork(), addr);
        sock.finishBind();
        if (opts.backlog !== undefined) sock.setListenBacklogSize(BigInt(opts.backlog));
        sock.startListen();
        sock.finishListen();
      } catch (e) {
        drop(created);
        throw coded(e, `listen on ${target.host ?? "0.0.0.0"}:${target.port}`);
      }
      const sock = created!;
      let closed = false;
      let wait: IoWait | null = null;
      const accept = () => {
        if (closed) return;
        const w: IoWait = {
          pollable: sock.subscribe(),
          ready: () => {
            drop(w.pollable);
            wait = null;
            for (;;) {
              let got: [TcpSocket, InputStream, OutputStream];
              try {
                got = sock.accept();
              } catch {
                break; // would-block: none left
              }
              onConnection(new WasiStream(reactor, got[1], got[2], got[0]));
            }
            accept();
          },
        };
        wait = w;
        reactor.add(w);
      };
      accept();
      return {
        addresses: () => [sockAddr(sock.localAddress())],
        close: () => {
          if (closed) return;
          closed = true;
          if (wait !== null) {
            reactor.remove(wait);
            drop(wait.pollable);
          }
          drop(sock);
        },
      };
    },
    datagram() {
      return Promise.reject(notOnWasi("net.datagram", "UDP"));
    },
  };
}

/** wasi:cli stdin and stdout, as a reading and a writing NetStream. */
export function stdioStreams(reactor: WasiReactor): { stdin: NetStream; stdout: NetStream } {
  return { stdin: new WasiStream(reactor, getStdin(), null, null), stdout: new WasiStream(reactor, null, getStdout(), null) };
}
