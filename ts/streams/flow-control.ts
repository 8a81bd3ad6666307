// flow-control.ts: the write side of a stream's protocol (asyncio FlowControlMixin): drain()
// waits while the transport has paused the protocol (above its high-water mark) and returns
// when it resumes, or fails when the connection is lost.

import { RuntimeError, osError } from "../errors.js";
import { Future, _NamedFuture } from "../tasks/future.js";
import { FastOp } from "../sync/fast-op.js";
import { _isGeneratorObject, _isThenable } from "../tasks/coroutine.js";
import { type Coro } from "../tasks/task.js";
import { _bytes } from "../net/host-io.js";
import type { EventLoop } from "../loop/loop.js";
import { StreamWriter } from "./writer.js";

/** asyncio FlowControlMixin (the base of StreamReaderProtocol; not exported by itself): drain() waiters woken by resumeWriting / connectionLost. */
export class FlowControl {
  /** @internal */ _loop: EventLoop;
  /** @internal */ _writePaused = false;
  /** @internal */ _drainWaiters: Future<void>[] = [];
  /** @internal */ _connectionLost = false;

  constructor(loop: EventLoop) {
    this._loop = loop;
  }

  pauseWriting(): void {
    this._writePaused = true;
  }

  resumeWriting(): void {
    this._writePaused = false;
    for (const w of this._drainWaiters) if (!w.done()) w.setResult(undefined);
  }

  connectionLost(exc: Error | null): void {
    this._connectionLost = true;
    if (!this._writePaused) return;
    for (const w of this._drainWaiters) {
      if (w.done()) continue;
      if (exc === null) w.setResult(undefined);
      else w.setException(exc);
    }
  }

  /** @internal */
  *_drainHelper(): Generator<unknown, void, unknown> {
    if (this._connectionLost) throw osError("ECONNRESET", "Connection lost");
    if (!this._writePaused) return;
    const w = new _NamedFuture<void>(this._loop, "drain");
    this._drainWaiters.push(w);
    try {
      yield* w;
    } finally {
      const i = this._drainWaiters.indexOf(w);
      if (i >= 0) this._drainWaiters.splice(i, 1);
    }
  }

  /** @internal */
  _getCloseWaiter(_w: StreamWriter): Future<void> {
    throw new RuntimeError("This protocol has no close waiter");
  }
}

/** drain(): completes without a generator when the protocol is not paused. */
export class DrainOp extends FastOp<void> {
  /** @internal */ _w: StreamWriter;
  constructor(w: StreamWriter) {
    super();
    this._w = w;
  }
  _try(): boolean {
    const w = this._w;
    const r = w._reader;
    if (r !== null && r._exception !== null) throw r._exception;
    if (w._transport.isClosing()) return false;
    const p = w._protocol;
    if (p._connectionLost) throw osError("ECONNRESET", "Connection lost");
    return !p._writePaused;
  }
  _slow(): Coro<void> {
    return this._w._drain();
  }
}
