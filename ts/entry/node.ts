// entry/node.ts: the package entry for the 'node' export condition: the API with the node host.
import { host } from "../../host/node.js";
import "../../host/debug-core.js";
import { _setDefaultHost } from "../_host.js";
_setDefaultHost(host);
export * from "../index.js";
export { host };
