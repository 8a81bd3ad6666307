// Test setup for the browser host: the same test files run in real headless Chromium with the
// browser host (performance.now, setTimeout, MessageChannel), as `import "wasyncio"` picks
// under the "browser" condition.
import { host } from "../host/browser.js";
import { _setDefaultHost } from "../ts/loop/default-host.js";
import "../host/debug-core.js"; // the tests check the core with assertions on, too
_setDefaultHost(host);
