// Test setup for the Node host: every test file imports the API from ts/index.ts; the host
// adapter is the Node one, as `import "wasyncio"` picks under the "node" condition.
import { host } from "../host/node.js";
import { _setDefaultHost } from "../ts/loop/default-host.js";
import "../host/debug-core.js"; // the tests check the core with assertions on, too
_setDefaultHost(host);
