// core.ts: the builds of the core that the tests in tests/assembly drive through their ABI.
// Each build's module is compiled once per process (host/load.ts caches it); every test takes a
// fresh instance, so no test sees another's scheduling state. The portable builds are the same
// core.wasm translated to JavaScript (scripts/build-portable.mjs): on Node every core test runs
// on them too. Making them needs Node (wasm2js, fs), so they are imported only there, through a
// computed specifier: this file stays host-neutral and the browser suite (vitest.browser.config.ts
// picks files that import nothing of Node's) still runs the Wasm builds in Chromium. The contract
// runner's bundles (Deno, Bun, workerd: scripts/contract.mjs) have a `process` too but not this
// folder beside them; their setup marks them with globalThis.__wasyncioContract.

import { _openCore } from "../../ts/loop/core.js";
import { TASK_BIT, ID_MASK, type CoreExports } from "../../gen/core-abi.js";

export interface Build {
  name: string;
  /** Assertions (CORE_CHECKS) compiled in: misuse traps. */
  checked: boolean;
  make(): CoreExports;
}

export const builds: Build[] = [
  { name: "release", checked: false, make: () => _openCore("release") },
  { name: "debug", checked: true, make: () => _openCore("checked") },
];

const onNode = typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === "string" && !("__wasyncioContract" in globalThis);
if (onNode) {
  const spec = "./portable.js";
  const p = (await import(/* @vite-ignore */ spec)) as { portableRelease(): CoreExports; portableDebug(): CoreExports };
  builds.push({ name: "portable", checked: false, make: p.portableRelease }, { name: "portable debug", checked: true, make: p.portableDebug });
}

/** The entries of the batch that the last collect() made, as unsigned integers. */
export function batchOf(c: CoreExports, n: number): number[] {
  return Array.from(new Uint32Array(c.memory.buffer, c.batchPtr() >>> 0, n));
}

/** One loop iteration's decision: prepare(), then collect(end); returns the batch. */
export function iterate(c: CoreExports, end = Infinity): number[] {
  c.prepare();
  return batchOf(c, c.collect(end) >>> 0);
}

/** Task ids of a batch's task entries, handle ids of the others, tagged for readable diffs. */
export function describeEntry(e: number): string {
  return e & TASK_BIT ? `t${e & ID_MASK}` : `h${e}`;
}
