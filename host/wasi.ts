// wasi.ts: the host for JavaScript running as a WASI preview2 component (componentize-js, with
// the StarlingMonkey engine inside; `wasyncio/wasi`, ts/entry/wasi.ts).
//
// Clock: wasi:clocks/monotonic-clock `now()` (ns, as a bigint) in ms; its resolution is the
// clock's own `resolution()`.
// The reactor (WasiReactor): the engine's event loop runs the guest's macrotasks (setTimeout)
// and microtasks, and knows nothing of wasyncio's I/O. So the host keeps its own: the turns the
// loop asked for, its one wake-up, and the I/O waits (a pollable and what to call when it is
// ready). One pump runs per engine macrotask: with turns pending it checks the I/O waits without
// blocking (`ready()`), then runs the turns; with none, it blocks in ONE wasi:io/poll `poll()` on
// the wake-up's deadline pollable together with every I/O pollable, as asyncio's selector does,
// and then calls what became ready. Nothing pending: the pump stops, and the engine's loop ends
// when the guest's `run` settles.
// The core: StarlingMonkey has no WebAssembly (measured: `typeof WebAssembly` is "undefined" in
// componentize-js 0.23's engine), so the entry uses the core translated to JavaScript
// (`wasyncio/portable`'s gen/core-portable.js): the same decisions, from the same sources.
// Facets: net is TCP over wasi:sockets (host/wasi-net.ts: connect and listen on IP addresses,
// where the runtime grants network; no TLS, no name lookup, no Unix sockets, no UDP); stdin and
// stdout are wasi:cli streams, as NetStreams (`stdio()`). No subprocesses, signals, worker threads
// or async context: those calls raise NotSupportedError naming the host ("wasi") and the facet.

import { poll, type Pollable } from "wasi:io/poll@0.2.10";
import { now, resolution, subscribeInstant } from "wasi:clocks/monotonic-clock@0.2.10";
import { getEnvironment } from "wasi:cli/environment@0.2.10";
import type { Clock, Host } from "./host.js";
import { wasiNet, stdioStreams } from "./wasi-net.js";

/** wasi:clocks/monotonic-clock, in ms. Nothing here calls WASI before first use: componentize-js
 *  evaluates the guest's modules while it builds the component, where no import can be called. */
export class WasiClock implements Clock {
  private res = 0;
  get resolution(): number {
    return (this.res ||= Math.max(Number(resolution()) / 1e6, 1e-6));
  }
  now(): number {
    return Number(now()) / 1e6;
  }
}

/** One I/O wait: called once, when `pollable` is ready (the waiter owns and drops the pollable). */
export interface IoWait {
  readonly pollable: Pollable;
  ready(): void;
}

/** Drops a WASI resource now rather than when the engine collects it. */
export function drop(r: { [Symbol.dispose]?(): void } | null | undefined): void {
  try {
    r?.[Symbol.dispose]?.();
  } catch {
    // already dropped
  }
}

export class WasiReactor {
  private turns: (() => void)[] = [];
  private wakeAt = Infinity;
  private wake: (() => void) | null = null;
  private readonly waits = new Set<IoWait>();
  private scheduled = false;
  /** Blocking poll() calls made (one per idle wait). */
  idleWaits = 0;

  constructor(private readonly clock: Clock) {}

  turn(cb: () => void): void {
    this.turns.push(cb);
    this.schedule();
  }

  arm(atMs: number, wake: () => void): void {
    this.wakeAt = atMs;
    this.wake = wake;
    this.schedule();
  }

  cancel(): void {
    this.wake = null;
    this.wakeAt = Infinity;
  }

  add(w: IoWait): void {
    this.waits.add(w);
    this.schedule();
  }

  remove(w: IoWait): void {
    this.waits.delete(w);
  }

  /** Resolves once `p` is ready (then drops it); an abort rejects and drops it. */
  ready(p: Pollable, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const w: IoWait = {
        pollable: p,
        ready: () => {
          signal?.removeEventListener("abort", onAbort);
          drop(p);
          resolve();
        },
      };
      const onAbort = () => {
        this.remove(w);
        drop(p);
        const e = new Error("The operation was aborted") as Error & { code: string };
        e.name = "AbortError";
        e.code = "ABORT_ERR";
        reject(e);
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener("abort", onAbort);
      this.add(w);
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    if (this.turns.length === 0 && this.wake === null && this.waits.size === 0) return;
    this.scheduled = true;
    setTimeout(this.pump, 0);
  }

  private readonly pump = (): void => {
    this.scheduled = false;
    const waits = [...this.waits];
    if (this.turns.length > 0) {
      // Busy: the I/O that is ready already, without blocking, then the turns.
      for (const w of waits) {
        if (this.waits.has(w) && w.pollable.ready()) {
          this.waits.delete(w);
          w.ready();
        }
      }
      const turns = this.turns;
      this.turns = [];
      for (const f of turns) f();
      this.fireIfDue();
    } else if (waits.length > 0 || this.wake !== null) {
      // Idle: one blocking poll on the deadline and every I/O wait.
      const list = waits.map((w) => w.pollable);
      let timer: Pollable | null = null;
      if (this.wake !== null) {
        const ns = BigInt(Math.max(0, Math.ceil(this.wakeAt * 1e6)));
        timer = subscribeInstant(ns);
        list.push(timer);
      }
      this.idleWaits++;
      const ready = poll(list);
      drop(timer);
      for (const i of ready) {
        const w = waits[i];
        if (w !== undefined && this.waits.has(w)) {
          this.waits.delete(w);
          w.ready();
        }
      }
      this.fireIfDue();
    }
    this.schedule();
  };

  /** Calls the wake-up if its time has come. */
  private fireIfDue(): void {
    if (this.wake !== null && this.clock.now() >= this.wakeAt) {
      const wake = this.wake;
      this.cancel();
      wake();
    }
  }
}

export class WasiHost implements Host {
  readonly name: string = "wasi";
  clock = new WasiClock();
  readonly reactor = new WasiReactor(this.clock);
  net = wasiNet(this.reactor);
  private envMap: Map<string, string> | null = null;

  armWakeup(atMs: number, wake: () => void): void {
    this.reactor.arm(atMs, wake);
  }

  cancelWakeup(): void {
    this.reactor.cancel();
  }

  turn(cb: () => void): void {
    this.reactor.turn(cb);
  }

  keepAlive(_on: boolean): void {
    // The guest lives while its `run` export's promise is pending.
  }

  env(name: string): string | undefined {
    this.envMap ??= new Map(getEnvironment());
    return this.envMap.get(name);
  }

  /** stdin and stdout as NetStreams (wasi:cli/stdin, wasi:cli/stdout). */
  stdio() {
    return stdioStreams(this.reactor);
  }
}

export const host: WasiHost = new WasiHost();
export default host;
