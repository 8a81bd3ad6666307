// node-process.ts: the 'process' facet on Node (node:child_process). Node only.
//
// spawn() resolves on the child's 'spawn' event and rejects on an 'error' before it (ENOENT,
// EACCES: Node's own coded errors, as asyncio raises FileNotFoundError). The pipes Node makes for
// "pipe" are net.Socket objects, so they are wrapped in the same NodeStream as sockets: the
// façade builds subprocess pipe transports from the same transport class as TCP.
// Exit is reported from 'exit' (not 'close'): asyncio's process_exited comes from the child
// watcher, independently of the pipes; the façade waits for the pipes itself.

import { spawn as nodeSpawn, type ChildProcess } from "node:child_process";
import { constants as osConstants } from "node:os";
import type { ChildHandle, NetStream, ProcessFacet } from "./host.js";
import { NodeStream } from "./node-net.js";

class NodeChild implements ChildHandle {
  readonly pid: number;
  readonly stdio: readonly [NetStream | null, NetStream | null, NetStream | null];
  private exit: [number | null, string | null] | null = null;
  private exitCbs: ((code: number | null, signal: string | null) => void)[] = [];

  constructor(private cp: ChildProcess) {
    this.pid = cp.pid!;
    const wrap = (s: any) => (s ? new NodeStream(s) : null);
    this.stdio = [wrap(cp.stdin), wrap(cp.stdout), wrap(cp.stderr)];
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

export const nodeProcess: ProcessFacet = {
  kind: "process",
  signals: osConstants.signals as unknown as Record<string, number>,

  spawn(program, args, opts): Promise<ChildHandle> {
    return new Promise<ChildHandle>((resolve, reject) => {
      let cp: ChildProcess;
      try {
        cp = nodeSpawn(program, [...args], { stdio: opts.stdio, cwd: opts.cwd, env: opts.env, shell: opts.shell ?? false, windowsHide: true });
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
