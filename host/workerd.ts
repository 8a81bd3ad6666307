// workerd.ts: the workerd host (Cloudflare Workers and the open-source `workerd` runtime).
//
// Clock: performance.now(). On workerd it is not a high-resolution monotonic clock: it equals
// Date.now() (milliseconds since the epoch, whole milliseconds), it reads 0 while the Worker's
// modules are evaluated (startup), and on Cloudflare's edge it stands still while JavaScript runs
// and moves only when the Worker waits on I/O or a timer (Spectre mitigation; measured here with
// the `workerd` binary, whose clock also moved during a busy loop, in 1 ms steps). So the clock's
// resolution is 1 ms, deadlines are met at the next I/O or timer event, and a loop's time slice
// can only end when time moved, i.e. at such an event. Make loops at request time: a loop made
// at startup would start its clock at 0 and jump at the first request.
// Wake-ups: one setTimeout (clock.ts's TimeoutWakeup); workerd fires timers in whole ms.
// Turns: setTimeout(0) (~8 µs a turn, measured; workerd does not clamp nested timeouts). Not a
// MessageChannel post, though it costs only ~2 µs there: workerd delivers port messages ahead of
// timers and I/O, so a loop that turns by posting starves both (measured: a chain of 20 000 posts
// let neither a 5 ms timer nor a socket read in until it ended; a chain of setTimeout(0) let the
// read in after 2 turns and the timer when due). setImmediate (nodejs_compat) lets them in too,
// but I/O only after ~250 turns.
// keepAlive is a no-op: a Worker lives while a handler's promise is pending; a loop outlives its
// request only through ctx.waitUntil(run(...)).
// Facets: net is connect() of `cloudflare:sockets` (TCP, TLS, STARTTLS on the client side;
// host/workerd-net.ts); context is AsyncLocalStorage where `nodejs_compat` gives it, read through
// process.getBuiltinModule so the entry loads without that flag too (then async-function tasks
// are cancelled through their AbortSignal only). No servers, Unix sockets, UDP, subprocesses,
// signals or worker threads: those calls raise NotSupportedError naming the host and the facet.
// The core: workerd never compiles Wasm from bytes at request time, and with
// `disallow_eval_during_startup` not at startup either; the entry (ts/entry/workerd.ts) imports
// core.wasm as a module and hands it to the loader before any loop is made.

import type { ContextFacet, ContextStore, Host } from "./host.js";
import { PerformanceClock, TimeoutWakeup } from "./clock.js";
import { workerdNet } from "./workerd-net.js";

type Als = new <T>() => ContextStore<T>;

/** AsyncLocalStorage under `nodejs_compat` (process.getBuiltinModule), else null. */
function asyncLocalStorage(): Als | null {
  try {
    const p = (globalThis as { process?: { getBuiltinModule?(id: string): { AsyncLocalStorage?: Als } | undefined } }).process;
    return p?.getBuiltinModule?.("node:async_hooks")?.AsyncLocalStorage ?? null;
  } catch {
    return null;
  }
}

function contextFacet(): ContextFacet | undefined {
  const Als = asyncLocalStorage();
  if (Als === null) return undefined;
  return {
    createStore<T>() {
      return new Als<T>();
    },
  };
}

export class WorkerdHost implements Host {
  readonly name: string = "workerd";
  clock = new PerformanceClock(1);
  net = workerdNet;
  context = contextFacet();
  private readonly wakeup = new TimeoutWakeup(this.clock);

  armWakeup(atMs: number, wake: () => void): void {
    this.wakeup.arm(atMs, wake);
  }

  cancelWakeup(): void {
    this.wakeup.cancel();
  }

  turn(cb: () => void): void {
    setTimeout(cb, 0);
  }

  keepAlive(_on: boolean): void {}
}

export const host: Host = new WorkerdHost();
export default host;
