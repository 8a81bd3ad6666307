// bun.ts: the Bun host (provisional: the Node host's adapter and facets under Bun's name,
// until bench/hosts measures Bun's native APIs against its Node compatibility).
import { NodeHost } from "./node.js";
import type { Host } from "./host.js";

export class BunHost extends NodeHost {
  readonly name: string = "bun";
}

export const host: Host = new BunHost();
export default host;
