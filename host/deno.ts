// deno.ts: the Deno host (provisional: the Node host's adapter and facets under Deno's name,
// until bench/hosts measures Deno's native APIs against its Node compatibility).
import { NodeHost } from "./node.js";
import type { Host } from "./host.js";

export class DenoHost extends NodeHost {
  readonly name: string = "deno";
}

export const host: Host = new DenoHost();
export default host;
