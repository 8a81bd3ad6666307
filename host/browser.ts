// browser.ts: the browser host, standard globals only (performance, setTimeout,
// MessageChannel; Worker for the 'workers' facet where it exists). This module is browser compatible; it is also the `default` export
// condition, so any engine with these globals can run wasyncio.
// Turns use a MessageChannel post, a macrotask without setTimeout's 4 ms clamp after nesting.

import type { Host, WorkerFacet } from "./host.js";
import { PerformanceClock, TimeoutWakeup } from "./clock.js";
import { browserWorkers } from "./browser-workers.js";

export class BrowserHost implements Host {
  readonly name: string = "browser";
  // performance.now() is coarsened in browsers (typically 5-100 µs); 0.1 ms covers it.
  clock = new PerformanceClock(0.1);
  /** toThread / runInExecutor on module Web Workers (browser-workers.ts), where there are any. */
  workers: WorkerFacet | undefined = browserWorkers;
  private readonly wakeup = new TimeoutWakeup(this.clock);
  private channel: MessageChannel | null = null;
  private pending: (() => void)[] = [];
  private alive = false;

  armWakeup(atMs: number, wake: () => void): void {
    this.wakeup.arm(atMs, wake);
  }

  cancelWakeup(): void {
    this.wakeup.cancel();
  }

  turn(cb: () => void): void {
    if (typeof MessageChannel === "undefined") {
      setTimeout(cb, 0);
      return;
    }
    if (this.channel === null) {
      this.channel = new MessageChannel();
      this.channel.port1.onmessage = () => {
        const cbs = this.pending;
        this.pending = [];
        for (const f of cbs) f();
      };
      this.refPort();
    }
    this.pending.push(cb);
    if (this.pending.length === 1) this.channel.port2.postMessage(0);
  }

  keepAlive(on: boolean): void {
    // A page or worker stays alive on its own. Where ports hold a process open (Node, Deno and
    // Bun have MessageChannel too: `wasyncio/portable` under `node --jitless`), the port is
    // held only while a loop runs: a listening port would keep the process from ever exiting.
    this.alive = on;
    this.refPort();
  }

  private refPort(): void {
    const port = this.channel?.port1 as unknown as { ref?(): void; unref?(): void } | undefined;
    if (port === undefined) return;
    if (this.alive) port.ref?.();
    else port.unref?.();
  }
}

export const host: Host = new BrowserHost();
export default host;
