// spawn.ts: what loop.subprocessExec / subprocessShell do (asyncio subprocess_exec,
// subprocess_shell): start the program through the host's 'process' facet and connect its
// pipes to a PipesTransport and the caller's SubprocessProtocol. Resolves once
// connectionMade has run. Cancellation: a child started meanwhile is killed.

import type { StdioSpec } from "../../host/host.js";
import { describe } from "../errors.js";
import { _setResultUnlessCancelled } from "../tasks/future.js";
import { Op } from "../tasks/op.js";
import type { EventLoop } from "../loop/loop.js";
import { _track, _untrack } from "../net/resources.js";
import { type SubprocessTransport } from "../net/transport.js";
import type { SubprocessProtocol } from "../net/protocols.js";
import { _facet, _hostCall, _untilConnected } from "../net/host-io.js";
import type { Coro } from "../tasks/task.js";
import { PipesTransport } from "./transport.js";
import { PIPE, STDOUT, _checkOpts, _stdioSpec, type Stdio, type SubprocessOptions } from "./options.js";
import { _failedOp } from "../tasks/op.js";

function* spawnWith<P extends SubprocessProtocol>(loop: EventLoop, factory: () => P, program: string, args: readonly string[], opts: SubprocessOptions, shell: boolean, what: string): Coro<[SubprocessTransport, P]> {
  loop._checkClosed();
  const facet = _facet(loop, "process", what);
  // loop.subprocessExec defaults to PIPE (asyncio's subprocess_exec); null means inherit.
  const pick = (s: Stdio | undefined) => (s === undefined ? PIPE : s);
  const stdio: [StdioSpec, StdioSpec, StdioSpec] = [_stdioSpec(pick(opts.stdin), "stdin"), _stdioSpec(pick(opts.stdout), "stdout"), _stdioSpec(pick(opts.stderr), "stderr")];
  const protocol = factory();
  const child = yield* _hostCall(loop, () => facet.spawn(program, args, { stdio, cwd: opts.cwd, env: opts.env, shell }), (c) => void c.kill("SIGKILL"));
  const waiter = loop.createFuture<unknown>();
  const t = new PipesTransport(loop, protocol, child, opts.stderr === STDOUT, waiter);
  yield* _untilConnected(waiter, t);
  return [t, protocol];
}

export function subprocessExec<P extends SubprocessProtocol>(loop: EventLoop, protocolFactory: () => P, program: string, args: readonly string[] = [], opts: SubprocessOptions = {}): Op<[SubprocessTransport, P]> {
  try {
    if (typeof program !== "string") throw new TypeError(`The program must be a string: received ${describe(program)}`);
    if (!Array.isArray(args) || args.some((a) => typeof a !== "string")) throw new TypeError("The arguments must be an array of strings");
    _checkOpts(opts, "subprocessExec()");
    return new Op(() => spawnWith(loop, protocolFactory, program, args, opts, false, "subprocessExec()"));
  } catch (e) {
    return _failedOp(e);
  }
}

export function subprocessShell<P extends SubprocessProtocol>(loop: EventLoop, protocolFactory: () => P, cmd: string, opts: SubprocessOptions = {}): Op<[SubprocessTransport, P]> {
  try {
    if (typeof cmd !== "string") throw new TypeError(`The command must be a string: received ${describe(cmd)}`);
    _checkOpts(opts, "subprocessShell()");
    return new Op(() => spawnWith(loop, protocolFactory, cmd, [], opts, true, "subprocessShell()"));
  } catch (e) {
    return _failedOp(e);
  }
}

