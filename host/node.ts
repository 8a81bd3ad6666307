// node.ts: the Node.js host (also what Deno and Bun run through their Node compatibility).
// Clock: performance.now() (monotonic, ms, sub-µs resolution). Wake-ups: one setTimeout, ref'd
// so that a process waiting on a timer stays alive. Turns: setImmediate, which runs after the
// poll phase, so sockets and pipes get their callbacks before the loop's next slice.

import { AsyncLocalStorage } from "node:async_hooks";
import type { Host, ContextFacet, SignalFacet } from "./host.js";
import { PerformanceClock, TimeoutWakeup } from "./clock.js";
import { constants as osConstants } from "node:os";
import { isMainThread } from "node:worker_threads";
import { writeFileSync } from "node:fs";
import { nodeNet } from "./node-net.js";
import { nodeProcess } from "./node-process.js";
import { nodeWorkers } from "./node-workers.js";
import { nodeInspector } from "./node-inspect.js";

const contextFacet: ContextFacet = {
  createStore<T>() {
    return new AsyncLocalStorage<T>();
  },
};

const signalsFacet: SignalFacet = {
  kind: "signals",
  numbers: osConstants.signals as unknown as Record<string, number>,
  on(sig, cb) {
    process.on(sig as NodeJS.Signals, cb);
    return () => void process.off(sig as NodeJS.Signals, cb);
  },
  canHandle: () => isMainThread,
};

export class NodeHost implements Host {
  readonly name: string = "node";
  clock = new PerformanceClock(0.001);
  context = contextFacet;
  inspector = nodeInspector;
  signals = signalsFacet;
  net = nodeNet;
  process = nodeProcess;
  workers = nodeWorkers;
  private readonly wakeup = new TimeoutWakeup(this.clock);
  private alive: NodeJS.Timeout | null = null;

  armWakeup(atMs: number, wake: () => void): void {
    this.wakeup.arm(atMs, wake);
  }

  cancelWakeup(): void {
    this.wakeup.cancel();
  }

  turn(cb: () => void): void {
    setImmediate(cb);
  }

  env(name: string): string | undefined {
    return process.env[name];
  }

  writeTextFile(path: string, text: string): void {
    writeFileSync(path, text);
  }

  keepAlive(on: boolean): void {
    if (on) {
      if (this.alive === null) this.alive = setInterval(() => {}, 0x7fffffff);
    } else if (this.alive !== null) {
      clearInterval(this.alive);
      this.alive = null;
    }
  }
}

export const host: Host = new NodeHost();
export default host;
