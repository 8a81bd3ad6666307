// entry/wasi.ts: the package entry `wasyncio/wasi` (export condition "wasi" too): the API with
// the WASI preview2 host (host/wasi.ts), for JavaScript componentized with componentize-js.
// Its engine (StarlingMonkey) has no WebAssembly, so loops made here use the core translated
// to JavaScript (the `wasyncio/portable` build of the same sources). Bundle it into the guest
// (scripts/build-component.mjs does, with esbuild): the `wasi:*` imports stay imports of the
// component.
import { instantiate } from "../../gen/core-portable.js";
import { providePortableCore } from "../../host/load.js";
import { host } from "../../host/wasi.js";
import { _setDefaultHost } from "../loop/default-host.js";
import { _setDefaultCore } from "../loop/core.js";
providePortableCore(instantiate);
_setDefaultHost(host);
_setDefaultCore("portable");
export * from "./api.js";
export { host };
