// The loop's host wake-up (Host.armWakeup): armed when the loop idles with a timer pending, kept
// across wakes from outside (host I/O, a promise), armed again only for an earlier deadline.
// A wake-up that comes before the timer it was armed for (that timer was cancelled since) costs
// one empty iteration: the later timer still runs at its time, never before.
import { describe, it, expect } from "vitest";
import { run, createTask, getRunningLoop, sleep, wrapPromise, type Host } from "../../../ts/index.js";
import { defaultHost } from "../../../ts/loop/default-host.js";

/** The host this suite runs on (Node, Chromium, Deno, Bun, workerd), counting the wake-ups the
 *  loop arms. */
function countingHost(): { host: Host; arms: () => number } {
  let n = 0;
  const base = defaultHost();
  const h: Host = Object.create(base);
  h.armWakeup = (atMs, wake) => {
    n++;
    base.armWakeup(atMs, wake);
  };
  return { host: h, arms: () => n };
}

const hostTick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe("the host wake-up", () => {
  it("50 wakes from outside with a far timer pending arm it once, not once per wake", async () => {
    const { host, arms } = countingHost();
    let during = -1;
    await run(
      function* () {
        const far = createTask(sleep(60_000));
        yield* sleep(0); // the sleeper's timer is in
        const before = arms();
        for (let i = 0; i < 50; i++) yield* wrapPromise(hostTick()); // idle, then woken by the host
        during = arms() - before;
        far.cancel();
      },
      { host },
    );
    expect(during).toBeGreaterThanOrEqual(0);
    expect(during).toBeLessThanOrEqual(1);
  });

  it("armed for a timer cancelled since, it fires early: the later timer runs at its time, not before", async () => {
    const { host, arms } = countingHost();
    const r = await run(
      function* () {
        const loop = getRunningLoop();
        const t0 = loop.time();
        const early = loop.callLater(15, () => undefined);
        yield* wrapPromise(hostTick()); // idles: the wake-up is armed for `early`
        const armedForEarly = arms();
        early.cancel();
        let ranAt = -1;
        const later = new Promise<void>((resolve) =>
          loop.callLater(60, () => {
            ranAt = loop.time();
            resolve();
          }),
        );
        yield* wrapPromise(later);
        return { armedForEarly, arms: arms(), late: ranAt - t0 };
      },
      { host },
    );
    expect(r.armedForEarly).toBeGreaterThanOrEqual(1);
    // The wake-up armed for `early` came first; the iteration it started armed one for `later`.
    expect(r.arms).toBe(r.armedForEarly + 1);
    expect(r.late).toBeGreaterThanOrEqual(60);
  });
});
