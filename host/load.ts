// load.ts: instantiates core.wasm and types its exports (the ABI of assembly/index.ts).
// The release build has no imports. The debug build keeps the core's assertions and imports
// `env.abort`, which we turn into an InternalError naming the core's file and line; a loop whose
// core trapped is poisoned (its instance may be inconsistent), as Trio does with TrioInternalError.
// The module is compiled once per process from the embedded bytes (gen/core-wasm.ts), or taken
// from the caller where a host cannot compile from bytes (workerd imports the .wasm module).
// The debug build's bytes (gen/core-debug-wasm.ts, ~44 KB of base64) come in only when
// host/debug-core.ts is imported: the Node entry does; elsewhere `import "wasyncio/debug-core"`.

import { release } from "../gen/core-wasm.js";
import { InternalError, RuntimeError as RuntimeErrorLike } from "../ts/errors.js";

export interface CoreExports {
  memory: WebAssembly.Memory;
  callSoon(): number;
  callAt(when: number): number;
  timerCancel(id: number): number;
  prepare(): number;
  readyCount(): number;
  readyCountPtr(): number;
  collect(end: number): number;
  batchPtr(): number;
  taskNew(eager: number): number;
  taskSchedule(id: number): void;
  taskStepBegin(id: number): number;
  taskStepWait(id: number): number;
  taskStepYield(id: number): void;
  taskFinish(id: number): number;
  taskCancel(id: number): number;
  taskSetMustCancel(id: number): void;
  taskClearMustCancel(id: number): void;
  taskUncancel(id: number): number;
  taskCancelling(id: number): number;
  taskFlags(id: number): number;
  taskStepPark(id: number, node: number): number;
  taskParkCancel(id: number, node: number): number;
  liveHandles(): number;
  liveTasks(): number;
  timerCount(): number;
  cancelledTimers(): number;
  checkInvariants(): number;
  reset(): void;
  [name: string]: unknown;
}

function decode(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

let releaseModule: WebAssembly.Module | null = null;
/** The portable core (gen/core-portable.js, wasm2js), once `wasyncio/portable` installed it. */
let portable: ((imports?: Record<string, unknown>) => Record<string, unknown>) | null = null;

/** Makes every new loop use the core translated to JavaScript (hosts without WebAssembly, or
 *  pages whose CSP forbids compiling it). The same sources and ABI; slower than core.wasm. */
export function usePortableCore(instantiate: (imports?: Record<string, unknown>) => Record<string, unknown>): void {
  portable = instantiate;
}
let debugModule: WebAssembly.Module | null = null;
let debug: string | null = null;

/** @internal host/debug-core.ts hands over the debug build's bytes (base64). */
export function provideDebugCore(b64: string): void {
  debug = b64;
}

function debugBytes(): string {
  if (debug === null) {
    throw new RuntimeErrorLike("The checked core (coreChecks, WASYNCIO_CORE_DEBUG) is not in this bundle: import \"wasyncio/debug-core\" first");
  }
  return debug;
}

/** Lets a host supply precompiled modules (workerd cannot compile Wasm from bytes). */
export function provideCoreModules(rel: WebAssembly.Module, dbg?: WebAssembly.Module): void {
  releaseModule = rel;
  if (dbg) debugModule = dbg;
}

export function coreBytes(kind: "release" | "debug" = "release"): Uint8Array {
  return decode(kind === "release" ? release : debugBytes());
}

function readAsString(mem: WebAssembly.Memory, ptr: number): string {
  if (!ptr) return "";
  const u32 = new Uint32Array(mem.buffer);
  const len = u32[(ptr - 4) >>> 2] >>> 1;
  const u16 = new Uint16Array(mem.buffer, ptr, len);
  let s = "";
  for (let i = 0; i < len; i++) s += String.fromCharCode(u16[i]);
  return s;
}

/**
 * Release-build instances of closed loops, reset and ready for the next loop. Each Wasm memory
 * reserves gigabytes of address space until the collector frees its instance; a page or a test
 * suite that makes loop after loop ran Chromium out of Wasm memory before it did (seen in the
 * browser suite), so closed loops hand their instance back instead.
 */
const pool: CoreExports[] = [];
const poolable = new WeakSet<object>();
const POOL_MAX = 8;

/** A closed loop gives back its (already reset) core for reuse. */
export function releaseCore(core: CoreExports): void {
  if (poolable.has(core) && pool.length < POOL_MAX && !pool.includes(core)) pool.push(core);
}

/** A fresh core instance: one per event loop, so that loops share no scheduling state. */
export function instantiateCore(useDebug = false): CoreExports {
  if (portable !== null) return portable({}) as unknown as CoreExports;
  if (!useDebug && pool.length > 0) return pool.pop()!;
  if (typeof WebAssembly === "undefined") {
    throw new InternalError("This engine has no WebAssembly: import 'wasyncio/portable', which runs the same core as JavaScript");
  }
  if (!useDebug) {
    releaseModule ??= new WebAssembly.Module(decode(release) as BufferSource);
    const core = new WebAssembly.Instance(releaseModule, {}).exports as unknown as CoreExports;
    poolable.add(core);
    return core;
  }
  debugModule ??= new WebAssembly.Module(decode(debugBytes()) as BufferSource);
  let mem: WebAssembly.Memory | null = null;
  const inst = new WebAssembly.Instance(debugModule, {
    env: {
      abort(msg: number, file: number, line: number, col: number) {
        const m = mem ? readAsString(mem, msg) : "";
        const f = mem ? readAsString(mem, file) : "";
        throw new InternalError(`core.wasm trapped: ${m} at ${f}:${line}:${col}`);
      },
    },
  });
  mem = inst.exports.memory as WebAssembly.Memory;
  return inst.exports as unknown as CoreExports;
}

/** What a closed loop's core becomes: every export throws, so that a task or handle of the closed
 *  loop cannot reach the instance that another loop now uses. */
export function closedCore(): CoreExports {
  return closed;
}
const closed: CoreExports = new Proxy({} as CoreExports, {
  get(_t, name) {
    if (name === "memory") return { buffer: new ArrayBuffer(0) };
    // Introspection of a closed loop: nothing is live.
    if (typeof name === "string" && /^(live|timerCount|cancelledTimers|readyCount)/.test(name)) return () => 0;
    return () => {
      throw new RuntimeErrorLike("Event loop is closed");
    };
  },
});
