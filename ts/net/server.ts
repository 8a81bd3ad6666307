// server.ts: Server, what createServer / startServer return (CPython base_events.py Server).
//
// A server owns its host listeners and counts its live connections. close() stops listening and
// leaves the connections open; waitClosed() returns once the server is closed AND every
// connection is gone (the 3.12.1 rule). Connections accepted by the host before startServing()
// wait in a list, as they would wait in the kernel's backlog, since Node cannot bind without
// accepting. Each accepted connection is set up in a callSoon'd handle (asyncio's
// _accept_connection runs from the loop too): a failing protocol factory goes to the
// exception handler and drops that one connection.

import type { NetListener, NetStream, SockAddr } from "../../host/host.js";
import { CancelledError, RuntimeError, isBaseExit } from "../errors.js";
import { Future } from "../tasks/future.js";
import { Op } from "../tasks/op.js";
import type { Coro } from "../tasks/task.js";
import { StreamTransport } from "./stream-transport.js";
import { _track, _untrack } from "./resources.js";
import type { Protocol, BufferedProtocol } from "./protocols.js";

type BaseProtocol = Protocol | BufferedProtocol;
import type { EventLoop } from "../loop/loop.js";
import { INSPECT } from "../inspect.js";

let serverCounter = 0;

/**
 * @example
 * ```ts
 * await run(function* () {
 *   const server: Server = yield* startServer(function* (r, w) { w.close(); }, "127.0.0.1", 0);
 *   const { port } = server.sockets[0];
 *   console.log(`listening on ${port}`, server.isServing());
 *   server.close();
 *   yield* server.waitClosed();
 * });
 * ```
 */
export class Server {
  /** @internal */ _loop: EventLoop;
  /** @internal null once closed */
  _listeners: NetListener[] | null = [];
  /** @internal */ _factory: () => BaseProtocol;
  /** @internal */ _serving = false;
  /** @internal Invariant: the transports whose connectionLost has not run yet */
  _clients = new Set<StreamTransport>();
  /** @internal waitClosed() waiters; null once the server is closed and empty */
  _waiters: Future<void>[] | null = [];
  /** @internal */ _servingForever: Future<never> | null = null;
  /** @internal accepted before startServing() */
  _pending: NetStream[] = [];
  /** @internal */ _canWriteEof: boolean | undefined;
  readonly id = ++serverCounter;

  /** @internal made by loop.createServer */
  constructor(loop: EventLoop, factory: () => BaseProtocol) {
    this._loop = loop;
    this._factory = factory;
    _track(loop, this);
  }

  /** @internal a host listener handed us a connection (outside the loop) */
  _accept = (raw: NetStream): void => {
    if (this._listeners === null || this._loop._closed) {
      raw.destroy();
      return;
    }
    if (!this._serving) {
      this._pending.push(raw);
      return;
    }
    this._loop.callSoon(this._setup, raw);
  };

  /** @internal */
  _setup = (raw: NetStream): void => {
    if (this._listeners === null) {
      raw.destroy();
      return;
    }
    let protocol: BaseProtocol;
    try {
      protocol = this._factory();
    } catch (e) {
      if (isBaseExit(e)) throw e;
      raw.destroy();
      this._loop.callExceptionHandler({ message: "Error in the protocol factory of a server", exception: e });
      return;
    }
    const t = new StreamTransport(this._loop, raw, protocol, { onLost: this._detach });
    t._server = this;
    this._clients.add(t);
  };

  /** @internal */
  _detach = (t: StreamTransport): void => {
    this._clients.delete(t);
    if (this._clients.size === 0 && this._listeners === null) this._wakeup();
  };

  /** @internal a transport replaced by startTls keeps its slot under the new object */
  _replace(old: StreamTransport, t: StreamTransport): void {
    if (this._clients.delete(old)) this._clients.add(t);
    t._onLost = this._detach;
  }

  private _wakeup(): void {
    const ws = this._waiters;
    this._waiters = null;
    if (ws) for (const w of ws) if (!w.done()) w.setResult(undefined);
  }

  getLoop(): EventLoop {
    return this._loop;
  }

  isServing(): boolean {
    return this._serving;
  }

  /** The addresses listened on. */
  get sockets(): readonly SockAddr[] {
    if (this._listeners === null) return [];
    return this._listeners.flatMap((l) => l.addresses());
  }

  /** Stops listening; open connections stay. Idempotent. */
  close(): void {
    const ls = this._listeners;
    if (ls === null) return;
    this._listeners = null;
    for (const l of ls) l.close();
    for (const raw of this._pending.splice(0)) raw.destroy();
    this._serving = false;
    const f = this._servingForever;
    if (f !== null && !f.done()) f.cancel();
    this._servingForever = null;
    _untrack(this._loop, this);
    if (this._clients.size === 0) this._wakeup();
  }

  /** Closes every connection gracefully (after its buffered output). */
  closeClients(): void {
    for (const t of [...this._clients]) t.close();
  }

  /** Closes every connection at once, dropping buffered output. */
  abortClients(): void {
    for (const t of [...this._clients]) t.abort();
  }

  /** Starts accepting (idempotent). */
  startServing(): Op<void> {
    return new Op<void>(() => this._startServing());
  }

  /** @internal */
  *_startServing(): Generator<unknown, void, unknown> {
    if (this._serving || this._listeners === null) return;
    this._serving = true;
    for (const raw of this._pending.splice(0)) this._loop.callSoon(this._setup, raw);
    yield;
  }

  /**
   * Accepts connections until cancelled.
   * Cancellation: the server is closed and its connections waited for, then the
   * CancelledError propagates.
   * @throws RuntimeError when the server is closed, or another serveForever() is waiting.
   */
  serveForever(): Op<never> {
    return new Op<never>(() => serveForever(this));
  }

  /**
   * Waits until the server is closed and every connection has been dropped.
   * Cancellation: only this wait ends; the server is not affected.
   */
  waitClosed(): Op<void> {
    return new Op<void>(() => this._waitClosed());
  }

  /** @internal */
  *_waitClosed(): Generator<unknown, void, unknown> {
    if (this._waiters === null) return;
    const w = this._loop.createFuture<void>();
    this._waiters.push(w);
    yield* w;
  }

  /** @internal */
  _releaseForLoopClose(): void {
    this.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.close();
    await this.waitClosed();
  }

  /** util.inspect shows the String() form */
  [INSPECT](): string {
    return this.toString();
  }

  toString(): string {
    const a = this.sockets.map((s) => (s.port ? `${s.address}:${s.port}` : s.address)).join(",");
    return `<Server ${this.id} ${this._listeners === null ? "closed" : a}>`;
  }
}

function* serveForever(self: Server): Coro<never> {
  if (self._servingForever !== null) throw new RuntimeError(`The server ${self} is already being awaited on serveForever()`);
  if (self._listeners === null) throw new RuntimeError(`The server ${self} is closed`);
  self._servingForever = self._loop.createFuture<never>();
  try {
    yield* self._startServing();
    return yield* self._servingForever;
  } catch (e) {
    if (e instanceof CancelledError) {
      self.close();
      yield* self._waitClosed();
    }
    throw e;
  } finally {
    self._servingForever = null;
  }
}
