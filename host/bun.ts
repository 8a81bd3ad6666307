// bun.ts: the Bun host: the Node host's adapter and facets (host/node*.ts) through Bun's Node
// compatibility, under Bun's name. Bun's native APIs were measured against that compatibility
// for what the Node host uses (bench/hosts/native.mjs, Bun 1.4.5, median of 5, 2 cores), and a
// native facet would be written only where native wins by more than 20%. None does:
//   turns:     setImmediate 0.60 µs a turn; a MessageChannel post 0.55 µs (0.93); setTimeout(0) 1.1 ms
//   TCP echo:  20k round trips of 64 B, node:net 303 ms, Bun.connect/Bun.listen 274 ms (0.90)
//   spawn:     200 × `true`, node:child_process 124 ms, Bun.spawn 132 ms (1.06)
// A second run with other work on the machine (load 2-3): Bun.connect 0.91, Bun.spawn 0.97.
// Timers are the runtime's one setTimeout either way. So the clock is performance.now(),
// wake-ups one setTimeout, turns setImmediate; net (TCP, TLS, Unix, UDP), process, signals,
// workers and AsyncLocalStorage are Node's facets, each checked on Bun by the contract suite's
// facet probe (tests/host/facets.contract.ts).
import { NodeHost } from "./node.js";
import type { Host } from "./host.js";

export class BunHost extends NodeHost {
  readonly name: string = "bun";
}

export const host: Host = new BunHost();
export default host;
