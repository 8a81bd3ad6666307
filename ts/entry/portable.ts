// entry/portable.ts: the package entry `wasyncio/portable`: the API with the portable host and
// the core translated to JavaScript, for engines without WebAssembly (StarlingMonkey-based WASI
// JavaScript engines, strict-CSP pages). Same behaviour as core.wasm, at a lower speed.
import { instantiate } from "../../gen/core-portable.js";
import { usePortableCore } from "../../host/load.js";
import { host } from "../../host/browser.js";
import { _setDefaultHost } from "../_host.js";
usePortableCore(instantiate);
_setDefaultHost(host);
export * from "../index.js";
export { host };
