// subprocess.ts: subprocesses (CPython base_subprocess.py, subprocess.py): the subprocess
// transport over the host's 'process' facet, loop.subprocessExec/subprocessShell, and the
// high-level Process with createSubprocessExec/createSubprocessShell.
//
// Each pipe is a StreamTransport (the same class as TCP) whose protocol forwards to the
// SubprocessProtocol with its fd, so pipe reads get StreamReader flow control and stdin writes
// get write flow control. Order, as asyncio: pipes connected, then connectionMade, then the
// waiter; processExited when the child exits; connectionLost (and wait() returning) once the
// child exited AND every pipe closed. returncode is -signum for a child killed by a signal.
// STDOUT (stderr into stdout): Node cannot hand one pipe to two fds, so both pipes feed fd 1,
// chunk by chunk (the relative order of stdout and stderr chunks is the order they arrive in),
// and fd 1 reports its loss when both have closed.

import type { ChildHandle, StdioSpec } from "../host/host.js";
import { describe, osError } from "./errors.js";
import { _setResultUnlessCancelled, type Future } from "./futures.js";
import { Op } from "./ops.js";
import { EventLoop } from "./events.js";
import { getRunningLoop } from "./_running.js";
import { StreamTransport, _track, _untrack, type SubprocessTransport, type Transport } from "./transports.js";
import type { BaseProtocol, Protocol, SubprocessProtocol } from "./protocols.js";
import { StreamReader, StreamWriter, _FlowControl, DEFAULT_LIMIT } from "./streams.js";
import { gather } from "./tasks.js";
import { _facet, _hostCall } from "./_io.js";
import type { Coro } from "./task.js";

export const PIPE = -1;
export const STDOUT = -2;
export const DEVNULL = -3;
export type Stdio = typeof PIPE | typeof DEVNULL | typeof STDOUT | "inherit" | null;

export interface SubprocessOptions {
  stdin?: Stdio;
  stdout?: Stdio;
  stderr?: Stdio;
  cwd?: string;
  env?: Record<string, string>;
  /** StreamReader limit of the Process pipes */
  limit?: number;
  [k: string]: unknown;
}

function spec(s: Stdio | undefined, which: string): StdioSpec {
  if (s === PIPE) return "pipe";
  if (s === DEVNULL) return "ignore";
  if (s === undefined || s === null || s === "inherit") return "inherit";
  if (s === STDOUT) {
    if (which !== "stderr") throw new RangeError(`STDOUT can only be used for stderr: received it for ${which}`);
    return "pipe";
  }
  throw new TypeError(`Invalid ${which}: received ${describe(s)}`);
}

function checkOpts(opts: SubprocessOptions): void {
  for (const k of ["text", "encoding", "errors", "universalNewlines"]) if (opts[k]) throw new RangeError(`${k} must be false (pipes carry bytes)`);
  if (opts.bufsize !== undefined && opts.bufsize !== 0) throw new RangeError("bufsize must be 0");
  if (opts.shell !== undefined) throw new RangeError("shell is chosen by the function: use subprocessShell / createSubprocessShell");
}

/** Forwards one pipe's events to the subprocess transport (asyncio *SubprocessPipeProto). */
class PipeProto implements Protocol {
  pipe: Transport | null = null;
  disconnected = false;
  constructor(private proc: SubprocessTransportImpl, readonly fd: 0 | 1 | 2) {}
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

export class SubprocessTransportImpl implements SubprocessTransport {
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

  toString(): string {
    return `<SubprocessTransport pid=${this._pid}${this._returncode !== null ? ` returncode=${this._returncode}` : " running"}>`;
  }
}

declare module "./events.js" {
  interface EventLoop {
    subprocessExec<P extends SubprocessProtocol>(protocolFactory: () => P, program: string, args?: readonly string[], opts?: SubprocessOptions): Op<[SubprocessTransport, P]>;
    subprocessShell<P extends SubprocessProtocol>(protocolFactory: () => P, cmd: string, opts?: SubprocessOptions): Op<[SubprocessTransport, P]>;
  }
}

function* spawnWith<P extends SubprocessProtocol>(loop: EventLoop, factory: () => P, program: string, args: readonly string[], opts: SubprocessOptions, shell: boolean, what: string): Coro<[SubprocessTransport, P]> {
  loop._checkClosed();
  const facet = _facet(loop, "process", what);
  // loop.subprocessExec defaults to PIPE (asyncio's subprocess_exec); null means inherit.
  const pick = (s: Stdio | undefined) => (s === undefined ? PIPE : s);
  const stdio: [StdioSpec, StdioSpec, StdioSpec] = [spec(pick(opts.stdin), "stdin"), spec(pick(opts.stdout), "stdout"), spec(pick(opts.stderr), "stderr")];
  const protocol = factory();
  const child = yield* _hostCall(loop, () => facet.spawn(program, args, { stdio, cwd: opts.cwd, env: opts.env, shell }), (c) => void c.kill("SIGKILL"));
  const waiter = loop.createFuture<unknown>();
  const t = new SubprocessTransportImpl(loop, protocol, child, opts.stderr === STDOUT, waiter);
  try {
    yield* waiter;
  } catch (e) {
    t.close();
    throw e;
  }
  return [t, protocol];
}

EventLoop.prototype.subprocessExec = function <P extends SubprocessProtocol>(this: EventLoop, protocolFactory: () => P, program: string, args: readonly string[] = [], opts: SubprocessOptions = {}) {
  if (typeof program !== "string") throw new TypeError(`The program must be a string: received ${describe(program)}`);
  if (!Array.isArray(args) || args.some((a) => typeof a !== "string")) throw new TypeError("The arguments must be an array of strings");
  checkOpts(opts);
  return new Op(() => spawnWith(this, protocolFactory, program, args, opts, false, "subprocessExec()"));
};

EventLoop.prototype.subprocessShell = function <P extends SubprocessProtocol>(this: EventLoop, protocolFactory: () => P, cmd: string, opts: SubprocessOptions = {}) {
  if (typeof cmd !== "string") throw new TypeError(`The command must be a string: received ${describe(cmd)}`);
  checkOpts(opts);
  return new Op(() => spawnWith(this, protocolFactory, cmd, [], opts, true, "subprocessShell()"));
};

/** Feeds a Process's StreamReaders and drain() (asyncio SubprocessStreamProtocol). */
class SubprocessStreamProtocol extends _FlowControl implements SubprocessProtocol {
  stdin: StreamWriter | null = null;
  stdout: StreamReader | null = null;
  stderr: StreamReader | null = null;
  transport: SubprocessTransportImpl | null = null;
  private closers = 0;

  constructor(private limit: number, loop: EventLoop) {
    super(loop);
  }

  connectionMade(t: SubprocessTransport): void {
    const tr = (this.transport = t as SubprocessTransportImpl);
    const out = tr.getPipeTransport(1);
    if (out) {
      this.stdout = new StreamReader(this.limit, this._loop);
      this.stdout.setTransport(out);
      this.closers++;
    }
    const err = tr.getPipeTransport(2);
    if (err) {
      this.stderr = new StreamReader(this.limit, this._loop);
      this.stderr.setTransport(err);
      this.closers++;
    }
    const inp = tr.getPipeTransport(0);
    if (inp) this.stdin = new StreamWriter(inp, this, null, this._loop);
  }

  pipeDataReceived(fd: 1 | 2, d: Uint8Array): void {
    (fd === 1 ? this.stdout : this.stderr)?.feedData(d);
  }

  pipeConnectionLost(fd: 0 | 1 | 2, exc: Error | null): void {
    if (fd === 0) {
      const pipe = this.stdin?.transport;
      pipe?.close();
      this.connectionLost(exc);
      return;
    }
    const r = fd === 1 ? this.stdout : this.stderr;
    if (r) {
      if (exc === null) r.feedEof();
      else r.setException(exc);
    }
  }

  processExited(): void {}
}

/** A child process started by createSubprocessExec / createSubprocessShell. */
export class Process {
  /** @internal */ _transport: SubprocessTransportImpl;
  /** @internal */ _protocol: SubprocessStreamProtocol;
  readonly pid: number;
  readonly stdin: StreamWriter | null;
  readonly stdout: StreamReader | null;
  readonly stderr: StreamReader | null;

  /** @internal */
  constructor(t: SubprocessTransportImpl, p: SubprocessStreamProtocol) {
    this._transport = t;
    this._protocol = p;
    this.pid = t.getPid();
    this.stdin = p.stdin;
    this.stdout = p.stdout;
    this.stderr = p.stderr;
  }

  /** The exit status: null while running, -signum when a signal ended it. */
  get returncode(): number | null {
    return this._transport.getReturncode();
  }

  /**
   * Waits for the child to exit; any number of waiters. A waiter that comes before the exit
   * returns once the pipes have closed too (asyncio 3.13).
   * Cancellation: only this wait ends; the child keeps running.
   */
  wait(): Op<number> {
    return new Op(() => this._transport._wait());
  }

  /**
   * Writes `input` to stdin and closes it, reads stdout and stderr to EOF, all concurrently (no
   * deadlock on large outputs), then waits for the exit. A broken stdin pipe is ignored.
   * @returns [stdout, stderr]: each null unless it is a PIPE.
   * Cancellation: the reading and writing stop; the child keeps running.
   */
  communicate(input?: Uint8Array | string | null): Op<[Uint8Array | null, Uint8Array | null]> {
    const self = this;
    return new Op(function* () {
      const feed = function* (): Coro<null> {
        const w = self.stdin!;
        try {
          if (input !== undefined && input !== null) w.write(input);
          yield* w.drain();
        } catch (e) {
          const code = (e as any)?.code;
          if (code !== "EPIPE" && code !== "ECONNRESET") throw e;
        }
        w.close();
        return null;
      };
      const readAll = function* (fd: 1 | 2): Coro<Uint8Array> {
        const r = fd === 1 ? self.stdout! : self.stderr!;
        const out = yield* r.read();
        self._transport.getPipeTransport(fd)?.close();
        return out;
      };
      const jobs: Coro<unknown>[] = [];
      if (self.stdin) jobs.push(feed());
      if (self.stdout) jobs.push(readAll(1));
      if (self.stderr) jobs.push(readAll(2));
      const results = (yield* gather(...jobs)) as unknown[];
      let i = self.stdin ? 1 : 0;
      const out = self.stdout ? (results[i++] as Uint8Array) : null;
      const err = self.stderr ? (results[i++] as Uint8Array) : null;
      yield* self._transport._wait();
      return [out, err] as [Uint8Array | null, Uint8Array | null];
    });
  }

  /** @throws an ESRCH error once the process has finished (asyncio ProcessLookupError). */
  sendSignal(sig: string | number): void {
    this._transport.sendSignal(sig);
  }

  terminate(): void {
    this._transport.terminate();
  }

  kill(): void {
    this._transport.kill();
  }

  toString(): string {
    return `<Process ${this.pid}>`;
  }
}

function* makeProcess(loop: EventLoop, start: (f: () => SubprocessStreamProtocol) => Op<[SubprocessTransport, SubprocessStreamProtocol]>, limit: number): Coro<Process> {
  const [t, p] = yield* start(() => new SubprocessStreamProtocol(limit, loop));
  return new Process(t as SubprocessTransportImpl, p);
}

/**
 * Starts `program` with `args` (no shell). stdin, stdout and stderr default to null (inherited
 * from this process), as asyncio's; pass PIPE to talk to the child.
 * @throws an ENOENT error when the program does not exist.
 * Cancellation: a child started meanwhile is killed.
 */
export function createSubprocessExec(program: string, args: readonly string[] = [], opts: SubprocessOptions = {}): Op<Process> {
  return new Op(function* () {
    const loop = getRunningLoop();
    const { limit = DEFAULT_LIMIT, stdin = null, stdout = null, stderr = null, ...rest } = opts;
    return yield* makeProcess(loop, (f) => loop.subprocessExec(f, program, args, { ...rest, stdin, stdout, stderr }), limit);
  });
}

/** Runs `cmd` through the system shell (/bin/sh -c). */
export function createSubprocessShell(cmd: string, opts: SubprocessOptions = {}): Op<Process> {
  return new Op(function* () {
    const loop = getRunningLoop();
    const { limit = DEFAULT_LIMIT, stdin = null, stdout = null, stderr = null, ...rest } = opts;
    return yield* makeProcess(loop, (f) => loop.subprocessShell(f, cmd, { ...rest, stdin, stdout, stderr }), limit);
  });
}

