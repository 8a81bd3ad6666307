// node-process.ts: the 'process' facet on Node (node:child_process). Node only.
//
// spawn() resolves on the child's 'spawn' event and rejects on an 'error' before it (ENOENT,
// EACCES: Node's own coded errors, as asyncio raises FileNotFoundError). The pipes Node makes for
// "pipe" are net.Socket objects, so they are wrapped in the same NodeStream as sockets: the
// façade builds subprocess pipe transports from the same transport class as TCP.
// Exit is reported from 'exit' (not 'close'): asyncio's process_exited comes from the child
// watcher, independently of the pipes; the façade waits for the pipes itself.
// stderr "stdout" (asyncio's STDOUT): Node cannot hand the child one pipe on two fds, so on POSIX
// the program is started through `/bin/sh -c 'exec "$0" "$@" 2>&1' program args...` (the shell
// execs the program: same pid, same argv, stderr and stdout one pipe, so their order is the
// order the child wrote them in); a program that cannot be found or run fails with Node's
// ENOENT/EACCES before the shell starts, as without it. A shell command gets `exec 2>&1` first.
// On Windows stderr gets a pipe of its own and the façade merges the two in arrival order.

import { spawn as nodeSpawn, type ChildProcess } from "node:child_process";
import { accessSync, constants as fsConstants, statSync } from "node:fs";
import { constants as osConstants } from "node:os";
import { delimiter, isAbsolute, join, resolve } from "node:path";
import type { ChildHandle, NetStream, ProcessFacet } from "./host.js";
import { NodeStream } from "./node-net.js";

class NodeChild implements ChildHandle {
  readonly pid: number;
  readonly stdio: readonly [NetStream | null, NetStream | null, NetStream | null];
  private exit: [number | null, string | null] | null = null;
  private exitCbs: ((code: number | null, signal: string | null) => void)[] = [];

  constructor(private cp: ChildProcess) {
    this.pid = cp.pid!;
    // The child's stdin is only written to: as a write-end NodeStream it is never paused or
    // read (Bun's child stdin has no pause()).
    const wrap = (s: any, mode: "write" | "duplex") => (s ? new NodeStream(s, null, undefined, mode) : null);
    this.stdio = [wrap(cp.stdin, "write"), wrap(cp.stdout, "duplex"), wrap(cp.stderr, "duplex")];
    cp.on("exit", (code, signal) => {
      this.exit = [code, signal];
      for (const cb of this.exitCbs.splice(0)) cb(code, signal);
    });
  }

  onExit(cb: (code: number | null, signal: string | null) => void): void {
    if (this.exit !== null) {
      const [c, s] = this.exit;
      queueMicrotask(() => cb(c, s));
    } else this.exitCbs.push(cb);
  }

  kill(sig: string | number): boolean {
    if (this.exit !== null) return false;
    try {
      return this.cp.kill(sig as NodeJS.Signals);
    } catch (e) {
      if ((e as any)?.code === "ESRCH") return false;
      throw e;
    }
  }
}

/** Throws the error Node's spawn would give for a program that cannot be found (ENOENT) or run
 *  (EACCES): looked up on `path` unless it names a file (has a slash). */
function checkRunnable(program: string, cwd: string | undefined, path: string): void {
  const fail = (code: "ENOENT" | "EACCES") => {
    const e = new Error(`spawn ${program} ${code}`) as Error & { code: string; errno: number; syscall: string; path: string };
    Object.assign(e, { code, errno: code === "ENOENT" ? -2 : -13, syscall: `spawn ${program}`, path: program });
    throw e;
  };
  const candidates = program.includes("/") ? [isAbsolute(program) ? program : resolve(cwd ?? ".", program)] : path.split(delimiter).filter(Boolean).map((d) => join(resolve(cwd ?? ".", d), program));
  let denied = false;
  for (const c of candidates) {
    try {
      if (!statSync(c).isFile()) continue;
      accessSync(c, fsConstants.X_OK);
      return;
    } catch (e) {
      if ((e as { code?: string }).code === "EACCES") denied = true;
    }
  }
  fail(denied ? "EACCES" : "ENOENT");
}

export const nodeProcess: ProcessFacet = {
  kind: "process",
  signals: osConstants.signals as unknown as Record<string, number>,

  spawn(program, args, opts): Promise<ChildHandle> {
    return new Promise<ChildHandle>((resolve, reject) => {
      let cp: ChildProcess;
      try {
        let [cmd, argv, stdio, shell] = [program, [...args], [...opts.stdio], opts.shell ?? false];
        if (stdio[2] === "stdout") {
          if (process.platform === "win32") stdio[2] = "pipe";
          else {
            stdio[2] = "ignore";
            if (shell) cmd = `exec 2>&1\n${program}`;
            else {
              checkRunnable(program, opts.cwd, opts.env?.PATH ?? process.env.PATH ?? "");
              [cmd, argv] = ["/bin/sh", ["-c", 'exec "$0" "$@" 2>&1', program, ...args]];
            }
          }
        }
        cp = nodeSpawn(cmd, argv, { stdio: stdio as ("pipe" | "ignore" | "inherit")[], cwd: opts.cwd, env: opts.env, shell, windowsHide: true });
      } catch (e) {
        reject(e);
        return;
      }
      const onError = (e: Error) => {
        cp.off("spawn", onSpawn);
        reject(e);
      };
      const onSpawn = () => {
        cp.off("error", onError);
        // Later errors (a failed kill) are reported by the calls that cause them.
        cp.on("error", () => {});
        resolve(new NodeChild(cp));
      };
      cp.once("error", onError);
      cp.once("spawn", onSpawn);
    });
  },
};
