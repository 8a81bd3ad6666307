// setup-wasi.ts: the contract suite's setup inside a WASI guest (tests/wasi/contract.mjs): the
// package's wasi entry itself (ts/entry/wasi.ts: the WASI host the default, the portable core,
// as StarlingMonkey has no WebAssembly).
import "../../ts/entry/wasi.js";
(globalThis as { __wasyncioContract?: string }).__wasyncioContract = "wasi";
