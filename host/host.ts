// host.ts: what a host supplies to the loop (API.md "Hosts and clocks").
// The loop asks a host for time, for one armed wake-up, and for fresh macrotask turns; the
// optional facets (net, process, signals, workers, context) carry I/O. Each adapter in this
// folder is typed against `Host`, so a missing member is a compile error, not a runtime surprise.

/**
 * A monotonic clock in milliseconds. `resolution` is the smallest step it can show (ms).
 *
 * A clock that moves only when told to (VirtualClock) says so with `watch`: the loop then never
 * arms a host wake-up for it, and is woken by the listener instead. `autojump` is its offer to be
 * moved by the loop: when nothing is ready, the loop calls `jumpTo(nextDeadline)` rather than
 * waiting. The loop reads these capabilities, never a clock's class.
 * @example
 * ```ts
 * import { newEventLoop, type Clock } from "wasyncio";
 * const clock: Clock = { now: () => performance.now(), resolution: 0.001 };
 * const loop = newEventLoop({ clock });
 * loop.close();
 * ```
 */
export interface Clock {
  now(): number;
  readonly resolution: number;
  /** A manual clock: `listener` is called after each move (null detaches it). */
  watch?(listener: (() => void) | null): void;
  /** With `watch`: the loop may move this clock to its next deadline when nothing is ready. */
  readonly autojump?: boolean;
  /** With `autojump`: moves the clock to `t` if that is later than now. */
  jumpTo?(t: number): void;
}

/** Async context tracking (AsyncLocalStorage on Node, Deno, Bun, workerd). */
export interface ContextStore<T> {
  run<R>(store: T, fn: () => R): R;
  getStore(): T | undefined;
  exit<R>(fn: () => R): R;
}
export interface ContextFacet {
  /** Makes a store. Called once per loop, only when the first async-function task appears,
   *  because AsyncLocalStorage slows every await of the process once it is in use. */
  createStore<T>(): ContextStore<T>;
}

// ---- the I/O facets ------------------------------------------------------------------------
// Shapes are wasyncio's own (API.md: "The facet interfaces are wasyncio's to define"). They are
// deliberately small and callback-shaped: a host reports events to a sink, and the façade
// (ts/net/stream-transport.ts, ts/process/, ts/workers/executor.ts) turns each event into one callSoon, so
// protocol callbacks always run inside a loop iteration, in asyncio's order. Hosts never call
// user code and never touch loop state.

/**
 * A socket address, as getExtraInfo('peername'|'sockname') returns it.
 * @example
 * ```ts
 * import { run, startServer, type SockAddr } from "wasyncio";
 * await run(function* () {
 *   const server = yield* startServer(function* () {}, "127.0.0.1", 0);
 *   const addrs: readonly SockAddr[] = server.sockets;
 *   console.log(addrs[0].address, addrs[0].port, addrs[0].family);
 *   server.close();
 * });
 * ```
 */
export interface SockAddr {
  address: string;
  port: number;
  family: string;
}

/**
 * TLS settings (PEM strings or bytes). `serverName` is SNI and the name checked on connect.
 * @example
 * ```ts
 * import { run, openConnection, type TlsOptions } from "wasyncio";
 * const tls: TlsOptions = { rejectUnauthorized: true };
 * await run(function* () {
 *   const [reader, writer] = yield* openConnection("example.org", 443, { tls });
 *   writer.close();
 * });
 * ```
 */
export interface TlsOptions {
  ca?: string | Uint8Array | (string | Uint8Array)[];
  cert?: string | Uint8Array;
  key?: string | Uint8Array;
  rejectUnauthorized?: boolean;
  serverName?: string;
  alpnProtocols?: string[];
  /** ms the handshake may take once TCP is connected; then the connection is aborted
   *  (ECONNABORTED). Default 60 s (asyncio's ssl_handshake_timeout). */
  handshakeTimeout?: number;
  /** ms a close() waits for the peer's close_notify before the connection is aborted. Default
   *  30 s (asyncio's ssl_shutdown_timeout). */
  shutdownTimeout?: number;
  [k: string]: unknown;
}

/** Where a host delivers a byte stream's events. Each is called outside any loop iteration. */
export interface NetStreamSink {
  /** Bytes arrived; the sink owns `chunk`. */
  data(chunk: Uint8Array): void;
  /** The peer half-closed (FIN / EOF on a pipe). */
  end(): void;
  /** A chunk written with `notify` reached the OS: bufferedAmount has dropped. */
  flushed(): void;
  /** The handle is gone; `err` is why (a reset, EPIPE, ...), null for an orderly close. Last event. */
  closed(err: Error | null): void;
}

/** A byte stream a host owns: a TCP or Unix socket, a TLS session, or one end of a pipe.
 *  Invariant: it delivers nothing before the first resume(), and nothing after closed(). */
export interface NetStream {
  attach(sink: NetStreamSink): void;
  /** Queues `chunk` (the stream keeps the reference: pass a buffer nobody will change).
   *  With `notify`, the sink's flushed() is called once this chunk has reached the OS. */
  write(chunk: Uint8Array, notify?: boolean): void;
  /** Sends EOF once the queued output is written. */
  end(): void;
  /** Writes what is queued, then releases the handle (closed() follows). */
  close(): void;
  /** Releases the handle now, dropping queued output (closed() follows). */
  destroy(): void;
  pause(): void;
  resume(): void;
  /** Bytes queued in user space, not yet handed to the OS. */
  readonly bufferedAmount: number;
  /** Extra information: 'peername', 'sockname', 'peercert', 'cipher', 'socket', ... */
  info(name: string): unknown;
  /** Upgrades to TLS in place; the old stream delivers nothing more. */
  startTls?(opts: TlsOptions & { serverSide: boolean }): Promise<NetStream>;
}

export type NetTarget = { host: string; port: number; localAddr?: { address: string; port: number } } | { path: string };
/** `host` null: every wildcard address of the host (asyncio's host=None: 0.0.0.0 and ::). */
export type ListenTarget = { host: string | null; port: number } | { path: string };

export interface NetListener {
  addresses(): SockAddr[];
  /** Stops accepting; open connections are not touched. */
  close(): void;
}

export interface DatagramSink {
  message(d: Uint8Array, from: SockAddr): void;
  error(e: Error): void;
}
export interface DatagramSocket {
  /** Sends one datagram; failures go to the sink's error(). Without `to`, to the connected peer. */
  send(d: Uint8Array, to?: { address: string; port: number }): void;
  close(): void;
  readonly bufferedAmount: number;
  info(name: string): unknown;
}

/** A part of the net facet that a host can lack while it has the rest (NetFacet.lacks). */
export type NetPart = "listen" | "unix" | "datagram";

export interface NetFacet {
  readonly kind: "net";
  /** The parts this host lacks, where it has only some (workerd connects over TCP and TLS, and
   *  has no servers, Unix sockets or UDP). Absent means all. The façade raises NotSupportedError
   *  naming the facet `net.<part>` before it calls a method of a part the host lacks. */
  readonly lacks?: readonly NetPart[];
  /** Name resolution (getaddrinfo): every address of `host` of `family` (0: any), in the
   *  resolver's order. Rejects with the resolver's coded error (ENOTFOUND, EAI_AGAIN, ...).
   *  Absent where the host cannot resolve names. */
  lookup?(host: string, family: 0 | 4 | 6): Promise<{ address: string; family: 4 | 6 }[]>;
  /** Reverse resolution (getnameinfo): the host name and service of an address and port. */
  lookupService?(address: string, port: number): Promise<[host: string, service: string]>;
  /** Resolves once connected (and, with `tls`, once the handshake is done). */
  connect(target: NetTarget, opts: { tls?: TlsOptions | null; signal?: AbortSignal }): Promise<NetStream>;
  /** Binds and listens. `onConnection` gets each accepted stream (TLS: after its handshake). */
  listen(
    target: ListenTarget,
    opts: { tls?: TlsOptions | null; backlog?: number; reuseAddress?: boolean; reusePort?: boolean },
    onConnection: (s: NetStream) => void,
  ): Promise<NetListener>;
  datagram(
    opts: { family?: 4 | 6; localAddr?: { address: string; port: number }; remoteAddr?: { address: string; port: number }; allowBroadcast?: boolean; reusePort?: boolean },
    sink: DatagramSink,
  ): Promise<DatagramSocket>;
  /** One end of a pipe as a stream (loop.connectReadPipe / connectWritePipe): `pipe` is what this
   *  host calls a pipe (Node: a file descriptor of a pipe, FIFO, socket or terminal, or a Node
   *  stream such as process.stdin or a child's stdout). A "read" stream delivers the bytes read;
   *  a "write" stream only writes and delivers nothing. Closing the stream closes the pipe.
   *  Throws TypeError for what is no pipe here, RangeError for a descriptor of a regular file.
   *  Absent where the host has no pipes. */
  pipe?(pipe: unknown, mode: "read" | "write"): NetStream;
  /** A connected socket accepted elsewhere (loop.connectAcceptedSocket: Node, a net.Socket a
   *  node:http server handed to its 'upgrade' event), taken over as a stream; `head` (bytes
   *  already read from it, Node's upgrade head) is delivered first. Throws TypeError for what is
   *  no connected stream socket here. Absent where the host cannot. */
  adopt?(sock: unknown, head: Uint8Array | null): NetStream;
}

/** "stdout" is for stderr only: the child's stderr is its stdout pipe (one pipe on two fds, as
 *  asyncio's STDOUT); a host that cannot do that gives stderr a pipe of its own, which the
 *  façade reads as fd 1 (chunks then interleave in arrival order). */
export type StdioSpec = "pipe" | "ignore" | "inherit" | "stdout";
export interface ChildHandle {
  readonly pid: number;
  /** The pipes asked for with "pipe"; null otherwise. */
  readonly stdio: readonly [NetStream | null, NetStream | null, NetStream | null];
  /** `code` is the exit status, or null when `signal` (a name like "SIGTERM") ended it. */
  onExit(cb: (code: number | null, signal: string | null) => void): void;
  /** Sends a signal; false if there is no such process any more. */
  kill(sig: string | number): boolean;
}
export interface ProcessFacet {
  readonly kind: "process";
  /** Resolves once the program started; rejects with a coded error (ENOENT, EACCES, ...). */
  spawn(
    program: string,
    args: readonly string[],
    opts: { stdio: [StdioSpec, StdioSpec, StdioSpec]; cwd?: string; env?: Record<string, string>; shell?: boolean },
  ): Promise<ChildHandle>;
  /** The signal numbers of this platform. */
  readonly signals: Readonly<Record<string, number>>;
}

export interface SignalFacet {
  readonly kind: "signals";
  /** Installs `cb` for `sig` (e.g. "SIGINT"); returns a function that removes it. */
  on(sig: string, cb: () => void): () => void;
  /** The signal numbers of this platform (SIGINT: 2, ...). */
  readonly numbers: Readonly<Record<string, number>>;
  /** False where process signals cannot be taken (a worker thread). Absent means true. */
  canHandle?(): boolean;
}

/** One worker thread; runs one job at a time. */
export interface WorkerHandle {
  /** Imports `module` (a path or URL) in the worker and calls its export `exportName(...args)`. */
  run(module: string, exportName: string, args: unknown[]): Promise<unknown>;
  terminate(): Promise<void>;
  /** True once the worker is gone (it crashed, exited or closed itself): the pool replaces it. */
  readonly dead?: boolean;
}
export interface WorkerFacet {
  readonly kind: "workers";
  create(): WorkerHandle;
  /** The default pool size (asyncio: min(32, cpus + 4)). */
  defaultSize(): number;
}

/** The channel `npx wasyncio ps PID` reads a process's task tree through (Node). */
export interface InspectorFacet {
  readonly kind: "inspector";
  /** Answers requests (`ps`, `pstree`) with `answer(cmd)` until the returned function is called. */
  listen(answer: (cmd: string) => string): () => void;
}

/**
 * @example
 * ```ts
 * import { run, sleep, type Host } from "wasyncio";
 * import { host } from "wasyncio/host/node";
 * const h: Host = host;
 * await run(sleep(1), { host: h });
 * ```
 */
export interface Host {
  readonly name: string;
  clock: Clock;
  /** One pending wake-up at a time; arming again replaces it. `atMs` is on `clock`'s scale. */
  armWakeup(atMs: number, wake: () => void): void;
  cancelWakeup(): void;
  /** Runs `cb` in a fresh macrotask, so that host I/O gets its turn first. */
  turn(cb: () => void): void;
  /** Holds the process open while a loop runs (Node: a ref'd handle); a no-op where meaningless. */
  keepAlive(on: boolean): void;
  /** An environment variable (WASYNCIO_DEBUG, WASYNCIO_CORE_DEBUG), where the host has them. */
  env?(name: string): string | undefined;
  /** Writes a text file (a run's trace, WASYNCIO_TRACE), where the host has a file system. */
  writeTextFile?(path: string, text: string): void;
  net?: NetFacet;
  process?: ProcessFacet;
  signals?: SignalFacet;
  workers?: WorkerFacet;
  context?: ContextFacet;
  inspector?: InspectorFacet;
}
