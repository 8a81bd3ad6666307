// sendfile.ts: what loop.sendfile does (CPython base_events.py sendfile, _sendfile_fallback,
// _SendfileFallbackProtocol): send part of a file over a stream transport and return how many
// bytes were sent.
//
// No JS host exposes sendfile(2), so every send takes asyncio's fallback: read a block (16 KiB,
// or less when `count` ends sooner), wait while the transport's write buffer is above its high
// mark, write the block, until `count` bytes or the end of the file. Meanwhile the transport's
// protocol is replaced by one that only tracks write flow control and reading is paused; both
// are restored at the end, as asyncio's. With `fallback: false` there is no way to send, so it
// is SendfileNotAvailableError (asyncio's error when the native path is missing).
// The file is a FileHandle (node:fs/promises; Deno and Bun have it too), read at explicit
// positions (its own position does not move: a FileHandle has no seek), or a Blob / File (every
// host). The checks and their order are asyncio's: a closing transport, then one of another
// kind (RuntimeError), then offset and count (TypeError, RangeError for asyncio's ValueError).

import type { EventLoop } from "../loop/loop.js";
import { Op, _failedOp } from "../tasks/op.js";
import type { Coro } from "../tasks/task.js";
import type { Future } from "../tasks/future.js";
import { wrapPromise } from "../tasks/create.js";
import { RuntimeError, SendfileNotAvailableError, describe, osError, _checkOptions } from "../errors.js";
import { StreamTransport } from "./stream-transport.js";
import type { BaseProtocol, Protocol } from "./protocols.js";
import type { Transport } from "./transport.js";

/** The block size of asyncio's _sendfile_fallback. */
const BLOCK = 16384;

/** What sendfile reads besides a Blob: a FileHandle's read(). */
export type FileLike = { read(buffer: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesRead: number }> };

/**
 * The options of loop.sendfile().
 * @example
 * ```ts
 * import { open } from "node:fs/promises";
 * import { getRunningLoop, openConnection, run, wrapPromise } from "wasyncio";
 * await run(function* () {
 *   const [, writer] = yield* openConnection("127.0.0.1", 8888);
 *   const file = yield* wrapPromise(open("data.bin"));
 *   const sent = yield* getRunningLoop().sendfile(writer.transport, file, 0, null, { fallback: true });
 *   console.log(sent);
 *   writer.close();
 * });
 * ```
 */
export interface SendfileOptions {
  /** Read and write in blocks when there is no native path (default true; there never is one). */
  fallback?: boolean;
}

function isBlob(f: unknown): f is Blob {
  return typeof Blob === "function" && f instanceof Blob;
}

/** The transport's protocol while the file is sent (asyncio _SendfileFallbackProtocol). */
class FallbackProtocol implements Protocol {
  _t: StreamTransport;
  _proto: BaseProtocol;
  _resumeReading: boolean;
  _resumeWriting: boolean;
  _ready: Future<boolean> | null;

  constructor(t: StreamTransport) {
    this._t = t;
    this._proto = t.getProtocol();
    this._resumeReading = t.isReading();
    this._resumeWriting = t._writePaused;
    t.pauseReading();
    t.setProtocol(this);
    this._ready = this._resumeWriting ? t._loop.createFuture<boolean>() : null;
  }

  *drain(): Coro<void> {
    if (this._t.isClosing()) throw osError("ECONNRESET", "Connection closed by peer");
    const f = this._ready;
    if (f !== null) yield* f;
  }

  connectionMade(): void {
    throw new RuntimeError("Invalid state: connection should have been established already.");
  }

  connectionLost(exc: Error | null): void {
    const f = this._ready;
    if (f !== null && !f.done()) f.setException(exc ?? osError("ECONNRESET", "Connection is closed by peer"));
    this._proto.connectionLost?.(exc);
  }

  pauseWriting(): void {
    if (this._ready === null) this._ready = this._t._loop.createFuture<boolean>();
  }

  resumeWriting(): void {
    const f = this._ready;
    if (f === null) return;
    this._ready = null;
    if (!f.done()) f.setResult(false);
  }

  dataReceived(): void {
    throw new RuntimeError("Invalid state: reading should be paused");
  }

  eofReceived(): void {
    throw new RuntimeError("Invalid state: reading should be paused");
  }

  restore(): void {
    const t = this._t;
    t.setProtocol(this._proto);
    if (this._resumeReading) t.resumeReading();
    const f = this._ready;
    if (f !== null) {
      this._ready = null;
      f.cancel();
    }
    if (this._resumeWriting) this._proto.resumeWriting?.();
  }
}

function* readBlock(loop: EventLoop, file: FileLike | Blob, position: number, n: number): Coro<Uint8Array> {
  if (isBlob(file)) return new Uint8Array(yield* wrapPromise(file.slice(position, position + n).arrayBuffer(), loop));
  const buf = new Uint8Array(n);
  const { bytesRead } = yield* wrapPromise(file.read(buf, 0, n, position), loop);
  return bytesRead === n ? buf : buf.subarray(0, bytesRead);
}

function named(t: Transport): string {
  const s = String(t);
  return s === "[object Object]" ? `<${t.constructor?.name ?? "Object"}>` : s;
}

function* send(loop: EventLoop, transport: Transport, file: FileLike | Blob, offset: number, count: number | null, fallback: boolean): Coro<number> {
  if (transport.isClosing()) throw new RuntimeError("Transport is closing");
  if (!(transport instanceof StreamTransport) || transport._pipe !== 0 || transport._loop !== loop) throw new RuntimeError(`sendfile is not supported for transport ${named(transport)}`);
  if (count !== null) {
    if (!Number.isInteger(count)) throw new TypeError(`count must be a positive integer: received ${describe(count)}`);
    if (count <= 0) throw new RangeError(`count must be a positive integer: received ${count}`);
  }
  if (!Number.isInteger(offset)) throw new TypeError(`offset must be a non-negative integer: received ${describe(offset)}`);
  if (offset < 0) throw new RangeError(`offset must be a non-negative integer: received ${offset}`);
  if (!fallback) throw new SendfileNotAvailableError(`There is no native sendfile on the ${loop._host.name} host and fallback is disabled`);
  const proto = new FallbackProtocol(transport);
  let total = 0;
  try {
    for (;;) {
      const n = count === null ? BLOCK : Math.min(count - total, BLOCK);
      if (n <= 0) return total;
      const block = yield* readBlock(loop, file, offset + total, n);
      if (block.length === 0) return total;
      yield* proto.drain();
      transport._writeOwned(block);
      total += block.length;
    }
  } finally {
    proto.restore();
  }
}

export function sendfile(loop: EventLoop, transport: Transport, file: FileLike | Blob, offset: number = 0, count: number | null = null, opts: SendfileOptions = {}): Op<number> {
  try {
    if (typeof transport !== "object" || transport === null || typeof (transport as Transport).isClosing !== "function") throw new TypeError(`sendfile() needs a transport: received ${describe(transport)}`);
    if (!isBlob(file) && typeof (file as FileLike)?.read !== "function") throw new TypeError(`sendfile() needs a FileHandle (node:fs/promises) or a Blob: received ${describe(file)}`);
    _checkOptions(opts, ["fallback"], "sendfile()");
    return new Op(() => send(loop, transport, file, offset, count ?? null, opts.fallback ?? true));
  } catch (e) {
    return _failedOp(e);
  }
}
