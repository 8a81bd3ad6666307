// writer.ts: StreamWriter (asyncio streams.py): write() to the transport, drain() for flow
// control, close()/waitClosed(), writeEof(), startTls().

import type { TlsOptions } from "../../host/host.js";
import { Op } from "../tasks/op.js";
import { _isGeneratorObject, _isThenable } from "../tasks/coroutine.js";
import { type Coro } from "../tasks/task.js";
import { _bytes, _outJoin } from "../net/host-io.js";
import type { Transport } from "../net/transport.js";
import type { EventLoop } from "../loop/loop.js";
import { StreamReader } from "./reader.js";
import { FlowControl, DrainOp } from "./flow-control.js";
import { StreamReaderProtocol } from "./protocol.js";
import { INSPECT } from "../inspect.js";

const enc = new TextEncoder();

/**
 * @example
 * ```ts
 * await run(function* () {
 *   const [reader, writer] = yield* openConnection("127.0.0.1", 8888);
 *   writer.write("GET / HTTP/1.0\r\n\r\n"); // a string is sent as UTF-8
 *   writer.write(new Uint8Array([1, 2, 3]));
 *   yield* writer.drain();                    // waits while the buffer is over the high mark
 *   writer.close();
 *   yield* writer.waitClosed();
 * });
 * ```
 */
export class StreamWriter {
  /** @internal */ _transport: Transport;
  /** @internal */ _protocol: FlowControl;
  /** @internal */ _reader: StreamReader | null;
  /** @internal */ _loop: EventLoop;

  constructor(transport: Transport, protocol: FlowControl, reader: StreamReader | null, loop: EventLoop) {
    this._transport = transport;
    this._protocol = protocol;
    this._reader = reader;
    this._loop = loop;
  }

  get transport(): Transport {
    return this._transport;
  }

  /** Queues bytes (a string is UTF-8-encoded); follow with drain() to respect backpressure. */
  write(data: Uint8Array | string): void {
    const t = this._transport as any;
    if (typeof data === "string" && typeof t._writeOwned === "function") t._writeOwned(_outJoin([data]));
    else this._transport.write(_bytes(data, true, "write()"));
  }

  /** Writes the chunks as one (one send on a socket); strings are UTF-8-encoded. */
  writelines(data: Iterable<Uint8Array | string>): void {
    const t = this._transport as any;
    if (typeof t._writeJoined === "function") {
      // A stream transport: one chunk built in place, strings encoded into it.
      const parts: (Uint8Array | string)[] = [];
      for (const d of data) parts.push(typeof d === "string" ? d : _bytes(d, false, "writelines()"));
      t._writeJoined(parts);
      return;
    }
    const chunks: Uint8Array[] = [];
    for (const d of data) chunks.push(typeof d === "string" ? enc.encode(d) : _bytes(d, true, "writelines()"));
    this._transport.writelines(chunks);
  }

  writeEof(): void {
    this._transport.writeEof();
  }

  canWriteEof(): boolean {
    return this._transport.canWriteEof();
  }

  close(): void {
    this._transport.close();
  }

  isClosing(): boolean {
    return this._transport.isClosing();
  }

  /**
   * Waits until the connection is closed (connectionLost ran).
   * @throws the error the connection was lost with, if any.
   * Cancellation: only the wait ends.
   */
  waitClosed(): Op<void> {
    return new Op<void>(() => this._protocol._getCloseWaiter(this)[Symbol.iterator]());
  }

  getExtraInfo(name: string, dflt: unknown = undefined): unknown {
    return this._transport.getExtraInfo(name, dflt);
  }

  /**
   * Waits until the write buffer is back to its low-water mark, when it went above the high one.
   * @throws the reader's error, or ECONNRESET ("Connection lost") once the connection is gone.
   * Cancellation: nothing is lost; the written data stays queued.
   */
  drain(): Op<void> {
    return new DrainOp(this);
  }

  /** @internal */
  *_drain(): Coro<void> {
    const r = this._reader;
    if (r !== null && r._exception !== null) throw r._exception;
    if (this._transport.isClosing()) yield; // let connectionLost run (asyncio: sleep(0))
    yield* this._protocol._drainHelper();
  }

  /**
   * Upgrades the connection to TLS in place (after draining).
   * Cancellation: the connection is left unusable; close it.
   */
  startTls(opts: TlsOptions & { serverHostname?: string } = {}): Op<void> {
    return new Op<void>(() => upgrade(this, opts));
  }

  /** `await using w = ...`: closes and waits for the close (errors of the close are ignored). */
  async [Symbol.asyncDispose](): Promise<void> {
    this.close();
    try {
      await this.waitClosed();
    } catch {
      /* the connection is gone either way */
    }
  }

  /** util.inspect shows the String() form */
  [INSPECT](): string {
    return this.toString();
  }

  toString(): string {
    return `<StreamWriter transport=${String(this._transport)}>`;
  }
}

function* upgrade(self: StreamWriter, opts: TlsOptions & { serverHostname?: string }): Coro<void> {
  const protocol = self._protocol as StreamReaderProtocol;
  const serverSide = protocol._cb !== null && protocol._cb !== undefined;
  yield* self.drain();
  const t = yield* self._loop.startTls(self._transport, protocol as any, { ...opts, serverSide });
  self._transport = t;
  protocol._replaceTransport(t);
}
