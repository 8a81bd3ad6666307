// entry/deno.ts: the package entry for the 'deno' export condition: the API with the Deno host
// (host/deno.ts). Deno also matches 'node', so this condition comes first in package.json's exports.
import { host } from "../../host/deno.js";
import "../../host/debug-core.js";
import { _setDefaultHost } from "../loop/default-host.js";
_setDefaultHost(host);
export * from "./api.js";
export { host };
