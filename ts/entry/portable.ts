// entry/portable.ts: the package entry `wasyncio/portable`: the API with the browser host and
// the core translated to JavaScript, for engines without WebAssembly (StarlingMonkey-based WASI
// JavaScript engines, strict-CSP pages). Same behaviour as core.wasm, at a lower speed. Loops
// made through this entry default to that core; `newEventLoop({ core: "release" })` still
// picks core.wasm where the engine has WebAssembly.
import { instantiate } from "../../gen/core-portable.js";
import { providePortableCore } from "../../host/load.js";
import { host } from "../../host/browser.js";
import { _setDefaultHost } from "../loop/default-host.js";
import { _setDefaultCore } from "../loop/core.js";
providePortableCore(instantiate);
_setDefaultHost(host);
_setDefaultCore("portable");
export * from "./api.js";
export { host };
