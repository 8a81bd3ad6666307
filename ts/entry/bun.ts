// entry/bun.ts: the package entry for the 'bun' export condition: the API with the Bun host
// (host/bun.ts). Bun also matches 'node', so this condition comes first in package.json's exports.
import { host } from "../../host/bun.js";
import "../../host/debug-core.js";
import { _setDefaultHost } from "../loop/default-host.js";
_setDefaultHost(host);
export * from "./api.js";
export { host };
