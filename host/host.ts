// host.ts: what a host supplies to the loop (API.md "Hosts and clocks").
// The loop asks a host for time, for one armed wake-up, and for fresh macrotask turns; the
// optional facets (net, process, signals, workers, context) carry I/O. Each adapter in this
// folder is typed against `Host`, so a missing member is a compile error, not a runtime surprise.

/** A monotonic clock in milliseconds. `resolution` is the smallest step it can show (ms). */
export interface Clock {
  now(): number;
  readonly resolution: number;
}

/** Async context tracking (AsyncLocalStorage on Node, Deno, Bun, workerd). */
export interface ContextStore<T> {
  run<R>(store: T, fn: () => R): R;
  getStore(): T | undefined;
  exit<R>(fn: () => R): R;
}
export interface ContextFacet {
  /** Makes a store. Called once per loop, only when the first async-function task appears,
   *  because AsyncLocalStorage slows every await of the process once it is in use. */
  createStore<T>(): ContextStore<T>;
}

/** The optional I/O facets. Their shapes are defined by the modules that use them. */
export interface NetFacet { readonly kind: "net"; [k: string]: unknown }
export interface ProcessFacet { readonly kind: "process"; [k: string]: unknown }
export interface SignalFacet {
  readonly kind: "signals";
  /** Installs `cb` for `sig` (e.g. "SIGINT"); returns a function that removes it. */
  on(sig: string, cb: () => void): () => void;
  /** The signal numbers of this platform (SIGINT: 2, ...). */
  readonly numbers: Readonly<Record<string, number>>;
}
export interface WorkerFacet { readonly kind: "workers"; [k: string]: unknown }

export interface Host {
  readonly name: string;
  clock: Clock;
  /** One pending wake-up at a time; arming again replaces it. `atMs` is on `clock`'s scale. */
  armWakeup(atMs: number, wake: () => void): void;
  cancelWakeup(): void;
  /** Runs `cb` in a fresh macrotask, so that host I/O gets its turn first. */
  turn(cb: () => void): void;
  /** Holds the process open while a loop runs (Node: a ref'd handle); a no-op where meaningless. */
  keepAlive(on: boolean): void;
  net?: NetFacet;
  process?: ProcessFacet;
  signals?: SignalFacet;
  workers?: WorkerFacet;
  context?: ContextFacet;
}

/** The error for a call that needs a facet this host lacks. */
export function missingFacet(host: Host, facet: string, what: string): Error {
  const e = new Error(`${what} needs the '${facet}' facet, which the '${host.name}' host does not have`);
  e.name = "NotSupportedError";
  return e;
}
