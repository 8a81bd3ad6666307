// process.ts: the high-level Process (CPython subprocess.py) and createSubprocessExec /
// createSubprocessShell: a child with StreamWriter stdin and StreamReader stdout/stderr,
// wait() and communicate().

import { _setResultUnlessCancelled } from "../tasks/future.js";
import { Op } from "../tasks/op.js";
import type { EventLoop } from "../loop/loop.js";
import type { Future } from "../tasks/future.js";
import { getRunningLoop } from "../loop/running.js";
import { _track, _untrack } from "../net/resources.js";
import { type SubprocessTransport } from "../net/transport.js";
import type { SubprocessProtocol } from "../net/protocols.js";
import { StreamReader, DEFAULT_LIMIT } from "../streams/reader.js";
import { StreamWriter } from "../streams/writer.js";
import { FlowControl } from "../streams/flow-control.js";
import { gather } from "../tasks/gather.js";
import { _facet, _hostCall } from "../net/host-io.js";
import type { Coro } from "../tasks/task.js";
import type { PipesTransport } from "./transport.js";
import type { SubprocessOptions } from "./options.js";
import { _failedOp } from "../tasks/op.js";
import { INSPECT } from "../inspect.js";

/** Feeds a Process's StreamReaders and drain() (asyncio SubprocessStreamProtocol). */
class SubprocessStreamProtocol extends FlowControl implements SubprocessProtocol {
  stdin: StreamWriter | null = null;
  stdout: StreamReader | null = null;
  stderr: StreamReader | null = null;
  transport: PipesTransport | null = null;
  /** @internal what stdin.waitClosed() awaits: done when the stdin pipe is gone */
  _stdinClosed: Future<void>;

  constructor(private limit: number, loop: EventLoop) {
    super(loop);
    this._stdinClosed = loop.createFuture<void>();
  }

  /** @internal StreamWriter.waitClosed() of stdin (the only writer of a process) */
  _getCloseWaiter(_w: StreamWriter): Future<void> {
    return this._stdinClosed;
  }

  connectionMade(t: SubprocessTransport): void {
    const tr = (this.transport = t as PipesTransport);
    const out = tr.getPipeTransport(1);
    if (out) {
      this.stdout = new StreamReader(this.limit, this._loop);
      this.stdout.setTransport(out);
    }
    const err = tr.getPipeTransport(2);
    if (err) {
      this.stderr = new StreamReader(this.limit, this._loop);
      this.stderr.setTransport(err);
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
      if (!this._stdinClosed.done()) {
        if (exc === null) this._stdinClosed.setResult(undefined);
        else {
          this._stdinClosed.setException(exc);
          this._stdinClosed._logTraceback = false;
        }
      }
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

/**
 * A child process started by createSubprocessExec / createSubprocessShell.
 * @example
 * ```ts
 * await run(function* () {
 *   const proc: Process = yield* createSubprocessExec("cat", [], { stdin: PIPE, stdout: PIPE });
 *   proc.stdin!.write("line\n");
 *   proc.stdin!.close();
 *   console.log(new TextDecoder().decode(yield* proc.stdout!.readline()));
 *   console.log(yield* proc.wait(), proc.pid); // 0 and the child's pid
 * });
 * ```
 */
export class Process {
  /** @internal */ _transport: PipesTransport;
  /** @internal */ _protocol: SubprocessStreamProtocol;
  readonly pid: number;
  readonly stdin: StreamWriter | null;
  readonly stdout: StreamReader | null;
  readonly stderr: StreamReader | null;

  /** @internal */
  constructor(t: PipesTransport, p: SubprocessStreamProtocol) {
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
   * @returns `[stdout, stderr]`: each null unless it is a PIPE.
   * Cancellation: the reading and writing stop; the child keeps running.
   */
  communicate(input?: Uint8Array | string | null): Op<[Uint8Array | null, Uint8Array | null]> {
    return new Op(() => communicate(this, input));
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

  /** util.inspect shows the String() form */
  [INSPECT](): string {
    return this.toString();
  }

  toString(): string {
    return `<Process ${this.pid}>`;
  }
}

function* feed(self: Process, input: Uint8Array | string | null | undefined): Coro<null> {
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
}

function* readAll(self: Process, fd: 1 | 2): Coro<Uint8Array> {
  const r = fd === 1 ? self.stdout! : self.stderr!;
  const out = yield* r.read();
  self._transport.getPipeTransport(fd)?.close();
  return out;
}

function* communicate(self: Process, input: Uint8Array | string | null | undefined): Coro<[Uint8Array | null, Uint8Array | null]> {
  const jobs: Coro<unknown>[] = [];
  if (self.stdin) jobs.push(feed(self, input));
  if (self.stdout) jobs.push(readAll(self, 1));
  if (self.stderr) jobs.push(readAll(self, 2));
  const results = (yield* gather(...jobs)) as unknown[];
  let i = self.stdin ? 1 : 0;
  const out = self.stdout ? (results[i++] as Uint8Array) : null;
  const err = self.stderr ? (results[i++] as Uint8Array) : null;
  yield* self._transport._wait();
  return [out, err];
}

function* startProcess(shell: boolean, program: string, args: readonly string[], opts: SubprocessOptions): Coro<Process> {
  const loop = getRunningLoop();
  const { limit = DEFAULT_LIMIT, stdin = null, stdout = null, stderr = null, ...rest } = opts;
  const factory = () => new SubprocessStreamProtocol(limit, loop);
  const stdio = { ...rest, stdin, stdout, stderr };
  const [t, p] = yield* (shell ? loop.subprocessShell(factory, program, stdio) : loop.subprocessExec(factory, program, args, stdio));
  return new Process(t as PipesTransport, p);
}

/**
 * Starts `program` with `args` (no shell). stdin, stdout and stderr default to null (inherited
 * from this process), as asyncio's; pass PIPE to talk to the child.
 * @throws an ENOENT error when the program does not exist.
 * Cancellation: a child started meanwhile is killed.
 * @example
 * ```ts
 * await run(function* () {
 *   // The arguments are one array (asyncio's are varargs).
 *   const proc = yield* createSubprocessExec("ls", ["-l", "/tmp"], { stdout: PIPE, stderr: PIPE });
 *   const [stdout, stderr] = yield* proc.communicate(); // Uint8Arrays (null for a stream not piped)
 *   console.log(proc.returncode, new TextDecoder().decode(stdout!));
 * });
 * ```
 */
export function createSubprocessExec(program: string, args: readonly string[] = [], opts: SubprocessOptions = {}): Op<Process> {
  try {
    return new Op(() => startProcess(false, program, args, opts));
  } catch (e) {
    return _failedOp(e);
  }
}

/**
 * Runs `cmd` through the system shell (/bin/sh -c).
 * @example
 * ```ts
 * await run(function* () {
 *   const proc = yield* createSubprocessShell("echo hello; exit 3", { stdout: PIPE });
 *   const [out] = yield* proc.communicate();
 *   console.log(new TextDecoder().decode(out!), proc.returncode); // hello 3
 * });
 * ```
 */
export function createSubprocessShell(cmd: string, opts: SubprocessOptions = {}): Op<Process> {
  try {
    return new Op(() => startProcess(true, cmd, [], opts));
  } catch (e) {
    return _failedOp(e);
  }
}

