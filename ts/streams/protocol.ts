// protocol.ts: StreamReaderProtocol (asyncio streams.py), the protocol between a transport and a
// StreamReader/StreamWriter pair: feeds the reader, runs a server's client callback as a task.

import { isBaseExit } from "../errors.js";
import { Future } from "../tasks/future.js";
import { _isGeneratorObject, _isThenable } from "../tasks/coroutine.js";
import { type Coro } from "../tasks/task.js";
import { _bytes } from "../net/host-io.js";
import type { Protocol } from "../net/protocols.js";
import type { Transport } from "../net/transport.js";
import type { EventLoop } from "../loop/loop.js";
import { StreamReader } from "./reader.js";
import { FlowControl } from "./flow-control.js";
import { StreamWriter } from "./writer.js";

/**
 * @example
 * ```ts
 * import { run, startServer, type ClientConnectedCallback } from "wasyncio";
 * const handle: ClientConnectedCallback = function* (reader, writer) {
 *   writer.write("hello\n");
 *   writer.close();
 * };
 * await run(function* () { (yield* startServer(handle, "127.0.0.1", 0)).close(); });
 * ```
 */
export type ClientConnectedCallback = (r: StreamReader, w: StreamWriter) => Coro<void> | PromiseLike<void> | void;

/**
 * Adapts a Transport to a StreamReader (+ the client callback of a server).
 * @example
 * ```ts
 * await run(function* () {
 *   const loop = getRunningLoop();
 *   const reader = new StreamReader();
 *   const [transport] = yield* loop.createConnection(() => new StreamReaderProtocol(reader, null, loop), "127.0.0.1", 8888);
 *   console.log(yield* reader.read(100));
 *   transport.close();
 * });
 * ```
 */
export class StreamReaderProtocol extends FlowControl implements Protocol {
  /** @internal */ _reader: StreamReader | null;
  /** @internal */ _cb: ClientConnectedCallback | null;
  /** @internal */ _transport: Transport | null = null;
  /** @internal */ _overTls = false;
  /** @internal */ _closed: Future<void>;
  /** @internal */ _task: Future<unknown> | null = null;

  /** `reader` null: the protocol of a stream that is only written (a write pipe's StreamWriter). */
  constructor(reader: StreamReader | null, cb: ClientConnectedCallback | null, loop: EventLoop) {
    super(loop);
    this._reader = reader;
    this._cb = cb;
    this._closed = loop.createFuture<void>();
  }

  /** @internal */
  _replaceTransport(t: Transport): void {
    this._transport = t;
    this._overTls = t.getExtraInfo("sslcontext") !== undefined;
    this._reader?._replaceTransport(t);
  }

  connectionMade(t: Transport): void {
    this._transport = t;
    this._reader?.setTransport(t);
    this._overTls = t.getExtraInfo("sslcontext") !== undefined;
    const cb = this._cb;
    if (cb === null) return;
    const loop = this._loop;
    const writer = new StreamWriter(t, this, this._reader, loop);
    const fail = (e: unknown) => {
      loop.callExceptionHandler({ message: "Unhandled exception in client_connected_cb", exception: e, transport: t });
      t.close();
    };
    let res: unknown;
    try {
      res = cb(this._reader!, writer);
    } catch (e) {
      if (isBaseExit(e)) throw e;
      fail(e);
      return;
    }
    if (_isGeneratorObject(res) || _isThenable(res)) {
      const task = loop.createTask(res as Coro<void>);
      this._task = task;
      task.addDoneCallback((f) => {
        if (f.cancelled()) {
          t.close();
          return;
        }
        const e = f.exception();
        if (e !== null) fail(e);
      });
    }
  }

  connectionLost(exc: Error | null): void {
    const r = this._reader;
    if (r !== null) {
      if (exc === null) r.feedEof();
      else r.setException(exc);
    }
    if (!this._closed.done()) {
      if (exc === null) this._closed.setResult(undefined);
      else {
        this._closed.setException(exc);
        this._closed._logTraceback = false;
      }
    }
    super.connectionLost(exc);
    this._reader = null;
    this._task = null;
    this._transport = null;
  }

  dataReceived(d: Uint8Array): void {
    this._reader?.feedData(d);
  }

  eofReceived(): boolean {
    this._reader?.feedEof();
    return !this._overTls;
  }

  _getCloseWaiter(): Future<void> {
    return this._closed;
  }
}

/** The writing half of a connection (asyncio.StreamWriter). */
