// component.ts: the core as a WebAssembly component (core.component.wasm, wit/component/core.wit).
// The same exports as index.ts, plus the one a component needs in place of the two addresses a
// component never hands out: `collectList` returns the batch as a canonical-ABI `list<u32>`
// (a pointer to a (start, length) pair in this module's memory, which the runtime copies out
// before the next call). scripts/build-component.mjs renames every export to its canonical name
// (`wasyncio:core/scheduler@0.1.0#collect`) and drops `collect`, `batchPtr` and `readyCountPtr`.
// The façade never loads this build: it calls core.wasm directly (a component call costs µs).

import { collect, batchPtr } from "./index";

export * from "./index";

/** The (start, length) pair of the last batch, as the canonical ABI reads a returned list. */
const listRet = memory.data(8, 4);

/** `scheduler.collect` for a component: the batch itself. */
export function collectList(end: f64): usize {
  const n = collect(end);
  store<u32>(listRet, <u32>batchPtr());
  store<u32>(listRet, n, 4);
  return listRet;
}
