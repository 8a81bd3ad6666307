// setup-workerd.ts: the contract suite's setup on workerd: the package's workerd entry itself
// (ts/entry/workerd.ts: core.wasm imported as a Wasm module, the workerd host the default), and
// the checked core as `wasyncio/debug-core` gives it there (a Wasm module import too), as
// tests/setup.node.ts does on Node.
import "../../ts/entry/workerd.js";
import "../../host/debug-core-workerd.js";
(globalThis as { __wasyncioContract?: string }).__wasyncioContract = "workerd";
