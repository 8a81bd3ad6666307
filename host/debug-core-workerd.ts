// debug-core-workerd.ts: `wasyncio/debug-core` under the 'workerd' condition: makes the checked
// core (core.debug.wasm) available as host/debug-core.ts does elsewhere, but as a Wasm module
// import, since workerd compiles no Wasm from bytes (ts/entry/workerd.ts).
// @ts-ignore: Wasm module imports (no TypeScript type); the bundler makes them WebAssembly.Modules
import core from "../build/core.wasm";
// @ts-ignore: as above
import debug from "../build/core.debug.wasm";
import { provideCoreModules } from "./load.js";

provideCoreModules(core as WebAssembly.Module, debug as WebAssembly.Module);
