// setup-deno.ts: the contract suite's setup on Deno: the tests' loops run on Deno's own host adapter
// (host/deno.ts, what `import "wasyncio"` picks under the "deno" condition), with the checked core
// available, as tests/setup.node.ts does on Node.
import { host } from "../../host/deno.js";
import { _setDefaultHost } from "../../ts/loop/default-host.js";
import "../../host/debug-core.js";
(globalThis as { __wasyncioContract?: string }).__wasyncioContract = "deno";
_setDefaultHost(host);
