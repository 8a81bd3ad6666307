// serve-workerd.ts: the real `workerd` binary (npm package, scripts/runtimes.mjs) serving a Node
// test's Worker on loopback ports, started and probed until it answers. workerd binds its ports
// itself, a moment after freePort() let them go, and a parallel test file may take one meanwhile
// ("Address already in use"): then it starts again on new ports, three attempts in all.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
// @ts-expect-error: a plain .mjs script without types
import { runtime } from "../../scripts/runtimes.mjs";

/** A loopback port nobody listens on now. */
export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const { port } = s.address() as { port: number };
  await new Promise((r) => s.close(r));
  return port;
}

export interface ServedWorkerd {
  child: ChildProcess;
  /** the ports it listens on, in the order asked for */
  ports: number[];
  /** what it wrote to stderr so far */
  stderr(): string;
}

/**
 * Starts `workerd serve` in `cwd` with `args(ports)` (after `prepare(ports)`, which may write a
 * config naming them) on `count` fresh ports, and waits until every URL of `probes(ports)`
 * answers (up to `probeTries` tries 100 ms apart). Throws with workerd's stderr when it exits or
 * never answers, other than for a port taken meanwhile.
 */
export async function serveWorkerd(opts: {
  cwd: string;
  count: number;
  args: (ports: number[]) => string[];
  probes: (ports: number[]) => string[];
  prepare?: (ports: number[]) => void;
  probeTries?: number;
}): Promise<ServedWorkerd> {
  for (let attempt = 1; ; attempt++) {
    const ports: number[] = [];
    for (let i = 0; i < opts.count; i++) ports.push(await freePort());
    opts.prepare?.(ports);
    let stderr = "";
    const child = spawn(runtime("workerd"), ["serve", ...opts.args(ports)], { cwd: opts.cwd, stdio: ["ignore", "ignore", "pipe"] });
    child.stderr!.on("data", (d) => (stderr += d));
    for (let i = 0; i <= (opts.probeTries ?? 100); i++) {
      try {
        for (const url of opts.probes(ports)) await fetch(url);
        return { child, ports, stderr: () => stderr };
      } catch {
        if (child.exitCode !== null) break;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    child.kill("SIGTERM");
    if (attempt >= 3 || !/Address already in use/.test(stderr)) throw new Error(`workerd did not start:\n${stderr}`);
  }
}
