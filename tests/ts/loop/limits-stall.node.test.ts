// limits.sliceMs from the host's side: a plugin loop runs in a worker thread, busy without end
// (eight tasks of short synchronous steps, never waiting on I/O), and the same thread's host
// serves a TCP echo server (plain node:net, outside the loop). The main thread is the echo's
// client over loopback and measures each round trip while the plugin is busy: every reply waits
// for a turn the plugin loop gives its host, so the round trips show the slices.
//
// The bounds, and why they are not tighter: the contract is a turn at least every sliceMs of
// running, plus the iteration that crossed it (a batch is never split; here ~2.4 ms). On a quiet
// machine every round trip is below sliceMs + 5 ms. This runs on a 2-core CI machine shared with
// other jobs, where the OS can deschedule either thread for tens of ms at any moment; so the test
// asserts that the typical round trip (the median) is within sliceMs + 5 ms, that nine in ten are
// within 3 x (sliceMs + 5), and that none took 250 ms. A loop that did not slice would fail all
// three by far: the echo would not be served at all until the plugin stopped (one round trip of
// the whole 1.5 s run), as the last test shows with a plugin that never yields.
import { describe, it, expect } from "vitest";
import { Worker } from "node:worker_threads";
import { connect, type Socket } from "node:net";

const SLICE_MS = 5;
const RUN_MS = 1500;

/** A worker running tests/ts/fixtures/plugin-stall-worker.ts through tsx's loader. */
function pluginWorker(sliceMs: number): Worker {
  const fixture = new URL("../fixtures/plugin-stall-worker.ts", import.meta.url).href;
  const src = `import { register } from "tsx/esm/api"; register(); await import(${JSON.stringify(fixture)});`;
  return new Worker(src, { eval: true, workerData: { sliceMs } });
}

function next(w: Worker): Promise<any> {
  return new Promise((resolve, reject) => {
    w.once("message", resolve);
    w.once("error", reject);
  });
}

/** Round trips of one byte, back to back, for `ms`; returns each one's duration. */
async function echoRoundTrips(port: number, ms: number): Promise<number[]> {
  const sock: Socket = connect(port, "127.0.0.1");
  await new Promise<void>((r, j) => sock.once("connect", r).once("error", j));
  sock.setNoDelay(true);
  const rtts: number[] = [];
  const end = performance.now() + ms;
  while (performance.now() < end) {
    const t0 = performance.now();
    await new Promise<void>((r) => {
      sock.once("data", () => r());
      sock.write("x");
    });
    rtts.push(performance.now() - t0);
  }
  sock.destroy();
  return rtts;
}

const quantile = (xs: number[], q: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];

describe("limits.sliceMs: the host of a busy plugin loop", () => {
  it("serves a TCP echo client without stalls beyond the slice", async () => {
    const w = pluginWorker(SLICE_MS);
    try {
      const { port } = await next(w);
      const rtts = await echoRoundTrips(port, RUN_MS);
      w.postMessage("stop");
      const { steps, reports } = await next(w);
      // The plugin was busy all along: at 0.3 ms a step, steps ~ the run's length / 0.3 ms (less
      // what the host's turns and a loaded machine take).
      expect(steps).toBeGreaterThan(RUN_MS / 0.3 / 4);
      // No step is longer than sliceMs, but a thread descheduled in the middle of one makes it
      // look so, and it is reported as it should be: how often depends on the machine's load
      // (0 to 2% of the steps here), so `reports` is not asserted on.
      if (process.env.WASYNCIO_STALL_LOG) console.log({ n: rtts.length, p50: quantile(rtts, 0.5), p90: quantile(rtts, 0.9), max: Math.max(...rtts), steps, reports });
      expect(rtts.length).toBeGreaterThan(RUN_MS / (3 * (SLICE_MS + 5)));
      expect(quantile(rtts, 0.5)).toBeLessThanOrEqual(SLICE_MS + 5);
      expect(quantile(rtts, 0.9)).toBeLessThanOrEqual(3 * (SLICE_MS + 5));
      expect(Math.max(...rtts)).toBeLessThan(250);
    } finally {
      await w.terminate();
    }
  });

  it("a plugin stuck in a synchronous loop stalls its thread: the host terminates the worker", async () => {
    // What limits cannot do (docs/embedding.md): no slice interrupts a step that never returns.
    const src = `
      const { parentPort } = require("node:worker_threads");
      const { createServer } = require("node:net");
      const server = createServer((s) => s.pipe(s));
      server.listen(0, "127.0.0.1", () => {
        parentPort.postMessage({ port: server.address().port });
        setTimeout(() => { for (;;) {} }, 20);
      });`;
    const w = new Worker(src, { eval: true });
    const { port } = await next(w);
    await new Promise((r) => setTimeout(r, 60));
    const sock = connect(port, "127.0.0.1");
    let echoed = false;
    sock.on("data", () => (echoed = true));
    sock.on("error", () => {});
    sock.write("x");
    await new Promise((r) => setTimeout(r, 300));
    expect(echoed).toBe(false);
    await w.terminate(); // the one way out
    sock.destroy();
  });
});
