// entry/node.ts: the package entry for the 'node' export condition: the API with the node host.
import { host } from "../../host/node.js";
import "../../host/debug-core.js";
import { _setDefaultHost } from "../loop/default-host.js";
_setDefaultHost(host);
export * from "./api.js";
export { host };
