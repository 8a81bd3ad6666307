// setup-bun.ts: the contract suite's setup on Bun: the tests' loops run on Bun's own host adapter
// (host/bun.ts, what `import "wasyncio"` picks under the "bun" condition), with the checked core
// available, as tests/setup.node.ts does on Node.
import { host } from "../../host/bun.js";
import { _setDefaultHost } from "../../ts/loop/default-host.js";
import "../../host/debug-core.js";
(globalThis as { __wasyncioContract?: string }).__wasyncioContract = "bun";
_setDefaultHost(host);
