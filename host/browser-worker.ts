// browser-worker.ts: the script every browser WorkerPool worker runs (a module Web Worker; the
// build ships it as dist/host/browser-worker.js, beside browser-workers.js, which starts it with
// `new Worker(new URL("./browser-worker.js", import.meta.url), { type: "module" })` so bundlers
// find it). Self-contained: it imports nothing.
//
// One job at a time: { module, exportName, args } in, the module (an absolute URL) is imported
// (the worker's module map caches it), the export is called, and { ok, value } or { ok: false,
// err: { name, message, stack, code } } goes back. A job's module that closes the worker
// (self.close()) says so first ({ exit }); an unhandled rejection is fatal, as in a Node worker.

interface Scope {
  postMessage(m: unknown): void;
  close(): void;
  onmessage: ((e: MessageEvent) => void) | null;
  addEventListener(type: string, cb: (e: any) => void): void;
}
const scope = globalThis as unknown as Scope;

function describeError(e: unknown): Record<string, unknown> {
  if (e instanceof Error || (typeof e === "object" && e !== null && typeof (e as Error).message === "string")) {
    const x = e as Error & { code?: unknown };
    const out: Record<string, unknown> = { name: x.name, message: x.message, stack: x.stack };
    if (x.code !== undefined) out.code = x.code;
    return out;
  }
  return { value: e };
}

function reply(m: unknown): void {
  try {
    scope.postMessage(m);
  } catch (e) {
    // The result (or a thrown value) cannot be structured-cloned: say so instead.
    const why = e instanceof Error ? e.message : String(e);
    scope.postMessage({ ok: false, err: { name: "DataCloneError", message: `The worker's ${(m as { ok: boolean }).ok ? "result" : "error"} cannot be sent back: ${why}` } });
  }
}

const close = scope.close.bind(scope);
scope.close = () => {
  scope.postMessage({ exit: "The worker closed itself" });
  close();
};

scope.addEventListener("unhandledrejection", (e: { reason: unknown; preventDefault(): void }) => {
  e.preventDefault();
  scope.postMessage({ exit: "Unhandled rejection in the worker", err: describeError(e.reason) });
  close();
});

scope.onmessage = async (ev: MessageEvent) => {
  const { module, exportName, args } = ev.data as { module: string; exportName: string; args: unknown[] };
  try {
    const m = await import(/* @vite-ignore */ /* webpackIgnore: true */ module);
    const fn = m[exportName];
    if (typeof fn !== "function") throw new TypeError(`The module ${module} has no function export named ${JSON.stringify(exportName)}`);
    const value = await fn(...args);
    reply({ ok: true, value });
  } catch (e) {
    reply({ ok: false, err: describeError(e) });
  }
};
