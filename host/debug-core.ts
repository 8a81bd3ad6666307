// debug-core.ts: makes the checked core (core.debug.wasm: the core's assertions on, a trap an
// InternalError naming the core's file and line) available to `newEventLoop({ coreChecks: true })`
// and WASYNCIO_CORE_DEBUG. The Node entry imports it; a browser or edge bundle that wants it
// imports "wasyncio/debug-core" once, and one that does not is ~44 KB lighter.
import { debug } from "../gen/core-debug-wasm.js";
import { provideDebugCore } from "./load.js";

provideDebugCore(debug);
