// deno.ts: the Deno host: the Node host's adapter and facets (host/node*.ts) through Deno's Node
// compatibility, under Deno's name. Deno's native APIs were measured against that compatibility
// for what the Node host uses (bench/hosts/native.mjs, Deno 2.9.6, median of 5, 2 cores), and a
// native facet would be written only where native wins by more than 20%. None does:
//   turns:     setImmediate 0.84 µs a turn; a MessageChannel post 1.46 µs; setTimeout(0) 2.1 ms
//   TCP echo:  20k round trips of 64 B, node:net 424 ms, Deno.connect/Deno.listen 368 ms (0.87)
//   spawn:     200 × `true`, node:child_process 167 ms, Deno.Command 140 ms (0.84)
// A second run with other work on the machine (load 2-3): Deno.connect 0.88, Deno.Command 1.14.
// Timers are the runtime's one setTimeout either way. So the clock is performance.now(),
// wake-ups one setTimeout, turns setImmediate; net (TCP, TLS, Unix, UDP), process, signals,
// workers and AsyncLocalStorage are Node's facets, each checked on Deno by the contract suite's
// facet probe (tests/host/facets.contract.ts).
import { NodeHost } from "./node.js";
import type { Host } from "./host.js";

export class DenoHost extends NodeHost {
  readonly name: string = "deno";

  /** A variable the program may not read (no --allow-env for it) counts as not set: the loop
   *  reads WASYNCIO_* at start, and a program run with --allow-net alone must still start. */
  env(name: string): string | undefined {
    try {
      return super.env(name);
    } catch {
      return undefined;
    }
  }
}

export const host: Host = new DenoHost();
export default host;
