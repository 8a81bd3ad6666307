// entry/workerd.ts: the package entry for the 'workerd' export condition (Cloudflare Workers, the
// workerd runtime): the API with the workerd host. workerd compiles no Wasm from bytes at request
// time (nor at startup under `disallow_eval_during_startup`), so the core comes in as a Wasm
// module import, which wrangler and esbuild-based bundlers turn into a module binding (esbuild:
// `loader: { ".wasm": "copy" }`, then list the copied file as a `wasm` module in the workerd
// config), and is handed to the loader before any loop is made. The path resolves to
// build/core.wasm in the sources and to dist/build/core.wasm in the package (the build copies it).
// @ts-ignore: a Wasm module import (no TypeScript type); the bundler makes it a WebAssembly.Module
import core from "../../build/core.wasm";
import { provideCoreModules } from "../../host/load.js";
import { host } from "../../host/workerd.js";
import { _setDefaultHost } from "../loop/default-host.js";
provideCoreModules(core as WebAssembly.Module);
_setDefaultHost(host);
export * from "./api.js";
export { host };
