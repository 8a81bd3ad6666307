// transport.ts: the subprocess transport (CPython base_subprocess.py BaseSubprocessTransport)
// over the host's 'process' facet. Internal: users see it as the SubprocessTransport interface.
//
// Each pipe is a StreamTransport (the same class as TCP) whose protocol forwards to the
// SubprocessProtocol with its fd, so pipe reads get StreamReader flow control and stdin writes
// get write flow control. Order, as asyncio: pipes connected, then connectionMade, then the
// waiter; processExited when the child exits; connectionLost (and wait() returning) once the
// child exited AND every pipe closed. returncode is -signum for a child killed by a signal.
// STDOUT (stderr into stdout): the host gives the child one pipe on fds 1 and 2 (the Node host
// on POSIX, host/node-process.ts). A host that cannot (Windows) gives stderr a pipe of its own:
// then both pipes feed fd 1, chunk by chunk in arrival order, and fd 1 reports its loss when
// both have closed.

import type { ChildHandle } from "../../host/host.js";
import { osError } from "../errors.js";
import { _setResultUnlessCancelled, type Future } from "../tasks/future.js";
import type { EventLoop } from "../loop/loop.js";
import { StreamTransport } from "../net/stream-transport.js";
import { _track, _untrack } from "../net/resources.js";
import { type SubprocessTransport, type Transport } from "../net/transport.js";
import type { BaseProtocol, Protocol, SubprocessProtocol } from "../net/protocols.js";
import { _facet, _hostCall } from "../net/host-io.js";
import type { Coro } from "../tasks/task.js";
import { INSPECT } from "../inspect.js";

/** Forwards one pipe's events to the subprocess transport (asyncio *SubprocessPipeProto). */
class PipeProto implements Protocol {
  pipe: Transport | null = null;
  disconnected = false;
  constructor(private proc: PipesTransport, readonly fd: 0 | 1 | 2) {}
  connectionMade(t: Transport): void {
    this.pipe = t;
  }
  dataReceived(d: Uint8Array): void {
    this.proc._pipeData(this.fd === 0 ? 1 : this.fd, d);
  }
  eofReceived(): void {}
  connectionLost(exc: Error | null): void {
    this.disconnected = true;
    this.proc._pipeLost(this, exc);
  }
  pauseWriting(): void {
    this.proc._protocol.pauseWriting?.();
  }
  resumeWriting(): void {
    this.proc._protocol.resumeWriting?.();
  }
}

export class PipesTransport implements SubprocessTransport {
  /** @internal */ _loop: EventLoop;
  /** @internal */ _protocol: SubprocessProtocol;
  /** @internal */ _child: ChildHandle;
  /** @internal */ _pid: number;
  /** @internal */ _returncode: number | null = null;
  /** @internal */ _pipes: (PipeProto | null)[] = [null, null, null];
  /** @internal the extra pipe of stderr=STDOUT, reported as fd 1 */
  _merged: PipeProto | null = null;
  /** @internal */ _exitWaiters: Future<number>[] | null = [];
  /** @internal */ _finished = false;
  /** @internal */ _closed = false;
  /** @internal */ _connected = false;
  /** @internal protocol calls made before connectionMade ran, replayed after it (asyncio _pending_calls) */
  _pending: [(...a: any[]) => void, unknown[]][] | null = [];

  /** @internal */
  constructor(loop: EventLoop, protocol: SubprocessProtocol, child: ChildHandle, mergeStderr: boolean, waiter: Future<unknown>) {
    this._loop = loop;
    this._protocol = protocol;
    this._child = child;
    this._pid = child.pid;
    _track(loop, this);
    const [i, o, e] = child.stdio;
    if (i) this._pipes[0] = this._connectPipe(i, 0);
    if (o) this._pipes[1] = this._connectPipe(o, 1);
    if (e) {
      if (mergeStderr) this._merged = this._connectPipe(e, 1);
      else this._pipes[2] = this._connectPipe(e, 2);
    }
    child.onExit((code, sig) => {
      if (loop._closed) return;
      const rc = code !== null ? code : -(this._signals()[sig ?? ""] ?? 0);
      loop.callSoon(this._processExited, rc);
    });
    // The pipe transports' connectionMade run first (their handles are queued already).
    loop.callSoon(() => {
      this._connected = true;
      protocol.connectionMade?.(this);
      const pending = this._pending!;
      this._pending = null;
      for (const [fn, args] of pending) fn(...args);
    });
    loop.callSoon(_setResultUnlessCancelled, waiter, null);
  }

  private _signals(): Readonly<Record<string, number>> {
    return this._loop._host.process?.signals ?? {};
  }

  private _connectPipe(raw: any, fd: 0 | 1 | 2): PipeProto {
    const p = new PipeProto(this, fd);
    new StreamTransport(this._loop, raw, p, { canWriteEof: fd === 0 });
    return p;
  }

  /** @internal calls the protocol now, or after connectionMade if it has not run yet */
  _call(fn: (...a: any[]) => void, ...args: unknown[]): void {
    if (this._pending !== null) this._pending.push([fn, args]);
    else fn(...args);
  }

  /** @internal */
  _pipeData(fd: 1 | 2, d: Uint8Array): void {
    this._call((f: 1 | 2, x: Uint8Array) => this._protocol.pipeDataReceived?.(f, x), fd, d);
  }

  /** @internal */
  _pipeLost(p: PipeProto, exc: Error | null): void {
    const fd = p.fd;
    const twin = fd === 1 ? (p === this._merged ? this._pipes[1] : this._merged) : null;
    this._call(() => {
      if (!twin || twin.disconnected) this._protocol.pipeConnectionLost?.(fd, exc);
      this._tryFinish();
    });
  }

  /** @internal */
  _processExited = (rc: number): void => {
    if (this._returncode !== null) return;
    this._returncode = rc;
    this._call(() => {
      this._protocol.processExited?.();
      this._tryFinish();
    });
  };

  private _tryFinish(): void {
    if (this._finished || this._returncode === null) return;
    for (const p of [...this._pipes, this._merged]) if (p !== null && !p.disconnected) return;
    this._finished = true;
    this._loop.callSoon(this._callConnectionLost, null);
  }

  private _callConnectionLost = (exc: Error | null): void => {
    try {
      this._protocol.connectionLost?.(exc);
    } finally {
      _untrack(this._loop, this);
      const ws = this._exitWaiters;
      this._exitWaiters = null;
      if (ws) for (const w of ws) if (!w.cancelled()) w.setResult(this._returncode!);
    }
  };

  /** @internal */
  *_wait(): Coro<number> {
    // Exited already: at once (even with pipes still open), as asyncio's _wait.
    if (this._returncode !== null || this._exitWaiters === null) return this._returncode!;
    const w = this._loop.createFuture<number>();
    this._exitWaiters.push(w);
    return yield* w;
  }

  getPid(): number {
    return this._pid;
  }

  getReturncode(): number | null {
    return this._returncode;
  }

  getPipeTransport(fd: 0 | 1 | 2): Transport | null {
    return this._pipes[fd]?.pipe ?? null;
  }

  private _checkProc(): void {
    if (this._finished) throw osError("ESRCH", `The process ${this._pid} has finished`);
  }

  sendSignal(sig: string | number): void {
    this._checkProc();
    if (typeof sig === "number" && !Object.values(this._signals()).includes(sig) && sig !== 0) throw new RangeError(`Invalid signal number: received ${sig}`);
    if (typeof sig === "string" && !(sig in this._signals())) throw new RangeError(`Invalid signal name: received ${JSON.stringify(sig)}`);
    this._child.kill(sig); // ESRCH before the transport finished is ignored, as asyncio does
  }

  terminate(): void {
    this.sendSignal("SIGTERM");
  }

  kill(): void {
    this.sendSignal("SIGKILL");
  }

  /** Closes the pipes and kills the child if it still runs. */
  close(): void {
    if (this._closed) return;
    this._closed = true;
    for (const p of [...this._pipes, this._merged]) if (p?.pipe && !p.pipe.isClosing()) p.pipe.close();
    if (this._returncode === null) this._child.kill("SIGKILL");
  }

  isClosing(): boolean {
    return this._closed;
  }

  getExtraInfo(name: string, dflt: unknown = undefined): unknown {
    if (name === "subprocess") return this._child;
    return dflt;
  }

  setProtocol(p: BaseProtocol): void {
    this._protocol = p as SubprocessProtocol;
  }

  getProtocol(): BaseProtocol {
    return this._protocol;
  }

  /** @internal */
  _releaseForLoopClose(): void {
    if (this._returncode === null) this._child.kill("SIGKILL");
    for (const p of [...this._pipes, this._merged]) p?.pipe && (p.pipe as StreamTransport)._releaseForLoopClose();
  }

  /** util.inspect shows the String() form */
  [INSPECT](): string {
    return this.toString();
  }

  toString(): string {
    return `<SubprocessTransport pid=${this._pid}${this._returncode !== null ? ` returncode=${this._returncode}` : " running"}>`;
  }
}

