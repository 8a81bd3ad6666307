// node-workers.ts: the 'workers' facet on Node (node:worker_threads). Node only.
//
// A worker runs one job at a time: it imports the job's module (cached by the worker's module
// map after the first time) and calls the named export with the structured-cloned arguments;
// the result or the error (name, message, stack, code) comes back by postMessage. The worker's
// code is inline (eval), so no extra file has to ship next to the build. Workers are unref'd:
// a running loop keeps the process alive by itself, and an idle pool must not.
// A module ending in .ts is loaded through tsx's loader when the project has tsx (resolved
// from the working directory); otherwise Node's own rules apply.
// Cost: ~30 ms to start a worker (once per pool slot), then ~50-100 µs per call round trip.

import { Worker } from "node:worker_threads";
import { availableParallelism, cpus } from "node:os";
import { isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { createRequire } from "node:module";
import type { WorkerFacet, WorkerHandle } from "./host.js";

const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
let registered = false;
parentPort.on("message", async ({ module, exportName, args, loader }) => {
  try {
    if (loader && !registered) {
      (await import(loader)).register();
      registered = true;
    }
    const m = await import(module);
    const fn = m[exportName];
    if (typeof fn !== "function") throw new TypeError("The module " + module + " has no function export named " + JSON.stringify(exportName));
    const value = await fn(...args);
    parentPort.postMessage({ ok: true, value });
  } catch (e) {
    const err = e instanceof Error ? { name: e.name, message: e.message, stack: e.stack, code: e.code } : { value: e };
    try { parentPort.postMessage({ ok: false, err }); }
    catch { parentPort.postMessage({ ok: false, err: { name: "Error", message: String(e) } }); }
  }
});
`;

/** The process's Node options for a worker, less --input-type: the worker's own source is a
 *  script (CommonJS), and a program started as `node --input-type=module -e …` passed that on
 *  (its toThread calls failed with "require is not defined"). */
function workerExecArgv(): string[] | undefined {
  const args = process.execArgv;
  // Otherwise the worker inherits its parent thread's options, as by default (a worker thread's
  // own process.execArgv may hold options a worker refuses).
  if (!args.some((a) => a === "--input-type" || a.startsWith("--input-type="))) return undefined;
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--input-type") i++;
    else if (!args[i].startsWith("--input-type=")) out.push(args[i]);
  }
  return out;
}

function toSpecifier(module: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(module)) return module;
  return pathToFileURL(isAbsolute(module) ? module : resolve(module)).href;
}

/** A TypeScript module needs a loader in the worker: tsx's API, if the project has it. */
let tsLoader: string | null | undefined;
function loaderFor(module: string): string | undefined {
  if (!/\.[cm]?tsx?$/.test(module)) return undefined;
  if (tsLoader === undefined) {
    try {
      tsLoader = pathToFileURL(createRequire(resolve("package.json")).resolve("tsx/esm/api")).href;
    } catch {
      tsLoader = null;
    }
  }
  return tsLoader ?? undefined;
}

function rebuild(err: any): unknown {
  if (err && "value" in err) return err.value;
  const e = new Error(err?.message ?? "worker error") as Error & { code?: string };
  e.name = err?.name ?? "Error";
  if (err?.stack) e.stack = err.stack;
  if (err?.code !== undefined) e.code = err.code;
  return e;
}

class NodeWorker implements WorkerHandle {
  private w: Worker;
  private pending: { resolve: (v: unknown) => void; reject: (e: unknown) => void } | null = null;
  private death: Error | null = null;

  get dead(): boolean {
    return this.death !== null;
  }

  constructor() {
    this.w = new Worker(WORKER_SOURCE, { eval: true, execArgv: workerExecArgv() });
    this.w.unref();
    this.w.on("message", (m: any) => {
      const p = this.pending;
      this.pending = null;
      if (!p) return;
      if (m.ok) p.resolve(m.value);
      else p.reject(rebuild(m.err));
    });
    const die = (e: Error) => {
      this.death ??= e;
      const p = this.pending;
      this.pending = null;
      p?.reject(e);
    };
    this.w.on("error", die);
    this.w.on("exit", (code) => die(new Error(`The worker thread exited with code ${code}`)));
  }

  run(module: string, exportName: string, args: unknown[]): Promise<unknown> {
    if (this.death) return Promise.reject(this.death);
    if (this.pending) return Promise.reject(new Error("The worker is busy"));
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      try {
        this.w.postMessage({ module: toSpecifier(module), exportName, args, loader: loaderFor(module) });
      } catch (e) {
        this.pending = null;
        reject(e);
      }
    });
  }

  async terminate(): Promise<void> {
    this.death ??= new Error("The worker thread was terminated");
    await this.w.terminate();
  }
}

export const nodeWorkers: WorkerFacet = {
  kind: "workers",
  create: () => new NodeWorker(),
  defaultSize: () => Math.min(32, (typeof availableParallelism === "function" ? availableParallelism() : cpus().length) + 4),
};
