// load.ts: instantiates core.wasm (the ABI of assembly/index.ts) for the façade: the one value
// the façade imports from host/. It knows nothing of the façade: what a trap becomes is the
// caller's `onTrap`, and it throws only for a missing build.
//
// Three sources of a core, chosen per loop (LoopOptions.core; the package entry picks the
// default): the release build (no imports, no assertions), the checked build (assertions on;
// imports `env.abort`, which reports the core's message, file and line to `onTrap`), and the
// same sources translated to JavaScript by wasm2js (`wasyncio/portable`, for engines without
// WebAssembly or pages whose CSP forbids compiling it).
// Modules are compiled once per process from the embedded bytes (gen/core-wasm.ts), or taken
// from the caller where a host cannot compile from bytes (workerd imports the .wasm module).
// The checked build's bytes (gen/core-debug-wasm.ts, ~44 KB of base64) come in only when
// host/debug-core.ts is imported: the Node entry does; elsewhere `import "wasyncio/debug-core"`.

import { release } from "../gen/core-wasm.js";
import type { CoreExports } from "../gen/core-abi.js";

export type { CoreExports };

/** Where a loop's core comes from. */
export type CoreKind = "release" | "checked" | "portable";

function decode(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

let releaseModule: WebAssembly.Module | null = null;
let debugModule: WebAssembly.Module | null = null;
let debug: string | null = null;
/** The portable core (gen/core-portable.js, wasm2js), once `wasyncio/portable` provided it. */
let portable: ((imports?: Record<string, unknown>) => Record<string, unknown>) | null = null;

/** @internal host/debug-core.ts hands over the checked build's bytes (base64). */
export function provideDebugCore(b64: string): void {
  debug = b64;
}

/** @internal the portable entry hands over the wasm2js translation of the core. */
export function providePortableCore(instantiate: (imports?: Record<string, unknown>) => Record<string, unknown>): void {
  portable = instantiate;
}

/** Lets a host supply precompiled modules (workerd cannot compile Wasm from bytes). */
export function provideCoreModules(rel: WebAssembly.Module, dbg?: WebAssembly.Module): void {
  releaseModule = rel;
  if (dbg) debugModule = dbg;
}

/** Whether a core of this kind can be made here; false names what is missing. */
export function coreAvailable(kind: CoreKind): boolean {
  if (kind === "portable") return portable !== null;
  if (typeof WebAssembly === "undefined") return false;
  return kind === "release" || debug !== null || debugModule !== null;
}

export function coreBytes(kind: "release" | "debug" = "release"): Uint8Array {
  if (kind === "debug" && debug === null) throw new Error("the checked core's bytes are not loaded (import host/debug-core.js)");
  return decode(kind === "release" ? release : debug!);
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
 * Release-build instances of closed loops, reset to their freshly instantiated state and ready
 * for the next loop. Two reasons to reuse rather than make one per loop: each Wasm memory
 * reserves gigabytes of address space until the collector frees its instance (Chromium ran out
 * of Wasm memory in a suite that makes loop after loop), and each new instance brings new export
 * functions, so after a few loops every core call site of the façade went through V8's generic
 * JS-to-Wasm wrapper (a contended Lock hand-over 30% slower, measured). A reset instance holds
 * nothing of the loop that used it (assembly/ reset()).
 */
const pool: CoreExports[] = [];
const poolable = new WeakSet<object>();
const POOL_MAX = 8;

/** A closed loop gives back its core, already reset, for reuse. */
export function releaseCore(core: CoreExports): void {
  if (poolable.has(core) && pool.length < POOL_MAX && !pool.includes(core)) pool.push(core);
}

/**
 * A core instance of `kind`, with nothing in it: one per event loop, so that loops share no
 * scheduling state. `onTrap` makes the error a checked core's failed assertion throws.
 * `pooled: false` makes an instance that never comes from or goes to the pool (the detached
 * core of ts/sync/binding.ts): the loops' instance stays the one their call sites have seen.
 * Check coreAvailable(kind) first: a missing build is an Error here.
 */
export function instantiateCore(kind: CoreKind, onTrap: (message: string) => Error, pooled = true): CoreExports {
  if (kind === "portable") {
    if (portable === null) throw new Error("the portable core is not loaded (import wasyncio/portable)");
    return portable({}) as unknown as CoreExports;
  }
  if (kind === "release") {
    if (pooled && pool.length > 0) return pool.pop()!;
    releaseModule ??= new WebAssembly.Module(decode(release) as BufferSource);
    const core = new WebAssembly.Instance(releaseModule, {}).exports as unknown as CoreExports;
    if (pooled) poolable.add(core);
    return core;
  }
  debugModule ??= new WebAssembly.Module(coreBytes("debug") as BufferSource);
  let mem: WebAssembly.Memory | null = null;
  const inst = new WebAssembly.Instance(debugModule, {
    env: {
      abort(msg: number, file: number, line: number, col: number) {
        const m = mem ? readAsString(mem, msg) : "";
        const f = mem ? readAsString(mem, file) : "";
        throw onTrap(`core.wasm trapped: ${m} at ${f}:${line}:${col}`);
      },
    },
  });
  mem = inst.exports.memory as WebAssembly.Memory;
  return inst.exports as unknown as CoreExports;
}
