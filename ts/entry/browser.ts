// entry/browser.ts: the package entry for the 'browser' export condition: the API with the browser host.
import { host } from "../../host/browser.js";
import { _setDefaultHost } from "../loop/default-host.js";
_setDefaultHost(host);
export * from "./api.js";
export { host };
