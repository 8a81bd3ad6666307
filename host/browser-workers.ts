// browser-workers.ts: the 'workers' facet of the browser host: module Web Workers, with the
// contract of Node's (node-workers.ts): a job names a module (a URL; a relative one is resolved
// against the page's or worker's location) and an export; arguments and result are
// structured-cloned; an error comes back with its name, message, stack and code (a built-in
// error class, TypeError or RangeError say, comes back as that class). A worker that errors (an
// uncaught exception or unhandled rejection), fails to load, or closes itself fails the job it
// runs and says `dead`, so the pool replaces it.
//
// The worker's script is browser-worker.js, next to this module, started as
// `new Worker(new URL("./browser-worker.js", import.meta.url), { type: "module" })`: Vite and
// webpack recognise that form and bundle the script; with esbuild or no bundler, copy
// browser-worker.js next to the code (README: "Use it in a page").

import type { WorkerFacet, WorkerHandle } from "./host.js";

const BUILTIN: Record<string, ErrorConstructor> = { Error, TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError };

function rebuild(err: any): unknown {
  if (err && "value" in err) return err.value;
  const name = typeof err?.name === "string" ? err.name : "Error";
  const E = BUILTIN[name] ?? Error;
  const e = new E(err?.message ?? "worker error") as Error & { code?: unknown };
  if (e.name !== name) Object.defineProperty(e, "name", { value: name, writable: true, configurable: true });
  if (err?.stack) e.stack = err.stack;
  if (err?.code !== undefined) e.code = err.code;
  return e;
}

/** Where a relative module name is resolved from: the page's (or worker's) location. */
function toUrl(module: string): string {
  const base = (globalThis as { location?: { href: string } }).location?.href;
  return new URL(module, base).href;
}

class BrowserWorker implements WorkerHandle {
  private w: Worker;
  private pending: { resolve: (v: unknown) => void; reject: (e: unknown) => void } | null = null;
  private death: Error | null = null;

  constructor() {
    this.w = new Worker(new URL("./browser-worker.js", import.meta.url), { type: "module", name: "wasyncio-worker" });
    this.w.onmessage = (ev: MessageEvent) => {
      const m = ev.data;
      if (m && typeof m.exit === "string") {
        const e = new Error(m.err ? `${m.exit}: ${m.err.name ?? "Error"}: ${m.err.message ?? String(m.err.value)}` : m.exit);
        this.die(e);
        this.w.terminate();
        return;
      }
      const p = this.pending;
      this.pending = null;
      if (!p) return;
      if (m.ok) p.resolve(m.value);
      else p.reject(rebuild(m.err));
    };
    this.w.onmessageerror = () => {
      // The worker's reply could not be deserialized here; the worker itself is fine.
      const p = this.pending;
      this.pending = null;
      p?.reject(new Error("The worker's reply could not be deserialized"));
    };
    this.w.onerror = (ev: ErrorEvent) => {
      ev.preventDefault();
      const what = ev.message ? ev.message : "the worker script failed to load or run";
      this.die(new Error(`The worker failed: ${what}${ev.filename ? ` (${ev.filename}:${ev.lineno})` : ""}`));
      this.w.terminate();
    };
  }

  get dead(): boolean {
    return this.death !== null;
  }

  private die(e: Error): void {
    this.death ??= e;
    const p = this.pending;
    this.pending = null;
    p?.reject(e);
  }

  run(module: string, exportName: string, args: unknown[]): Promise<unknown> {
    if (this.death) return Promise.reject(this.death);
    if (this.pending) return Promise.reject(new Error("The worker is busy"));
    return new Promise((resolve, reject) => {
      try {
        const url = toUrl(module);
        this.pending = { resolve, reject };
        this.w.postMessage({ module: url, exportName, args });
      } catch (e) {
        // an unresolvable module name, or arguments that cannot be cloned (DataCloneError)
        this.pending = null;
        reject(e);
      }
    });
  }

  async terminate(): Promise<void> {
    this.die(new Error("The worker was terminated"));
    this.w.terminate();
  }
}

/** The facet, where the global scope has module Web Workers. */
export const browserWorkers: WorkerFacet | undefined =
  typeof Worker === "function"
    ? {
        kind: "workers",
        create: () => new BrowserWorker(),
        defaultSize: () => Math.min(32, ((globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency || 1) + 4),
      }
    : undefined;
