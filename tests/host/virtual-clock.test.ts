// virtual-clock.test.ts: a loop on VirtualClock (host/clock.ts). With autojump, an hour of sleeps
// and timeouts runs at once, and loop.time() reads exact, repeatable values; without it, only
// clock.advance(ms) moves time, and each advance runs exactly the timers it makes due.
import { describe, it, expect } from "vitest";
import { run, sleep, createTask, gather, timeout, waitFor, getRunningLoop, TimeoutError } from "../../ts/index.js";
import { VirtualClock } from "../../host/clock.js";

const HOUR = 3_600_000;
const turns = async (n = 5) => {
  for (let i = 0; i < n; i++) await new Promise((r) => setTimeout(r, 0));
};

describe("VirtualClock({ autojump: true })", () => {
  it("runs an hour of one-minute sleeps at once, with exact loop times", async () => {
    const clock = new VirtualClock({ autojump: true });
    const t0 = performance.now();
    const times = await run(function* () {
      const loop = getRunningLoop();
      const seen = [loop.time()];
      for (let i = 0; i < 60; i++) {
        yield* sleep(60_000);
        seen.push(loop.time());
      }
      return seen;
    }, { clock });
    expect(times).toEqual(Array.from({ length: 61 }, (_, i) => i * 60_000));
    expect(clock.now()).toBe(HOUR);
    expect(performance.now() - t0).toBeLessThan(2000); // virtual hour, real milliseconds
  });

  it("wakes concurrent sleepers in deadline order, ties first-come first-served", async () => {
    const clock = new VirtualClock({ autojump: true });
    const log: [string, number][] = [];
    await run(function* () {
      const loop = getRunningLoop();
      function* sleeper(name: string, ms: number) {
        yield* sleep(ms);
        log.push([name, loop.time()]);
      }
      yield* gather(sleeper("c", 30 * 60_000), sleeper("a", 10 * 60_000), sleeper("b", 20 * 60_000), sleeper("a2", 10 * 60_000), sleeper("end", HOUR));
    }, { clock });
    expect(log).toEqual([["a", 600_000], ["a2", 600_000], ["b", 1_200_000], ["c", 1_800_000], ["end", HOUR]]);
  });

  it("fires timeout() and waitFor() at their exact deadlines", async () => {
    const clock = new VirtualClock({ autojump: true, start: 1000 });
    const log: [string, number][] = [];
    await run(function* () {
      const loop = getRunningLoop();
      log.push(["start", loop.time()]);
      try {
        yield* timeout(45 * 60_000, function* () {
          yield* sleep(HOUR);
        });
      } catch (e) {
        expect(e).toBeInstanceOf(TimeoutError);
        log.push(["timeout", loop.time()]);
      }
      try {
        yield* waitFor(sleep(HOUR), 15 * 60_000);
      } catch (e) {
        expect(e).toBeInstanceOf(TimeoutError);
        log.push(["waitFor", loop.time()]);
      }
      // A timeout that does not expire leaves the result and the time alone.
      const v = yield* timeout(HOUR, function* () {
        yield* sleep(1);
        return "in time";
      });
      log.push([v, loop.time()]);
    }, { clock });
    expect(log).toEqual([["start", 1000], ["timeout", 1000 + 2_700_000], ["waitFor", 1000 + HOUR], ["in time", 1001 + HOUR]]);
  });

  it("gives the same trace on every run (determinism)", async () => {
    const trace = async () => {
      const clock = new VirtualClock({ autojump: true });
      const log: string[] = [];
      await run(function* () {
        const loop = getRunningLoop();
        const ts = [];
        for (let i = 0; i < 50; i++) {
          ts.push(createTask((function* () {
            for (let k = 0; k < 5; k++) {
              yield* sleep(((i * 7919 + k * 104729) % 600) * 1000);
              log.push(`${i}.${k}@${loop.time()}`);
            }
          })()));
        }
        yield* gather(...ts);
      }, { clock });
      return log;
    };
    const a = await trace();
    const b = await trace();
    expect(a).toHaveLength(250);
    expect(b).toEqual(a);
  });

  it("loop.callLater() callbacks run at their exact times", async () => {
    const clock = new VirtualClock({ autojump: true });
    const seen: number[] = [];
    await run(function* () {
      const loop = getRunningLoop();
      for (const d of [HOUR, 5, 0, 59_999.5, 60_000]) loop.callLater(d, () => seen.push(loop.time()));
      yield* sleep(HOUR + 1);
    }, { clock });
    expect(seen).toEqual([0, 5, 59_999.5, 60_000, HOUR]);
  });
});

describe("VirtualClock without autojump", () => {
  it("does not move by itself: timers wait for clock.advance(ms)", async () => {
    const clock = new VirtualClock();
    const log: [string, number][] = [];
    const p = run(function* () {
      const loop = getRunningLoop();
      log.push(["start", loop.time()]);
      yield* sleep(1000);
      log.push(["slept", loop.time()]);
      yield* sleep(HOUR);
      log.push(["hour", loop.time()]);
      return "done";
    }, { clock });
    await turns();
    expect(log).toEqual([["start", 0]]);
    clock.advance(999);
    await turns();
    expect(log).toEqual([["start", 0]]);
    clock.advance(1);
    await turns();
    expect(log).toEqual([["start", 0], ["slept", 1000]]);
    clock.advance(HOUR - 1);
    await turns();
    expect(log).toHaveLength(2);
    clock.advance(1);
    expect(await p).toBe("done");
    expect(log).toEqual([["start", 0], ["slept", 1000], ["hour", 1000 + HOUR]]);
  });

  it("one advance runs every timer it makes due, in order, and times out a waitFor", async () => {
    const clock = new VirtualClock();
    const seen: [string, number][] = [];
    const p = run(function* () {
      const loop = getRunningLoop();
      loop.callLater(30, () => seen.push(["t30", loop.time()]));
      loop.callLater(10, () => seen.push(["t10", loop.time()]));
      loop.callLater(20, () => seen.push(["t20", loop.time()]));
      try {
        yield* waitFor(sleep(100), 50);
      } catch (e) {
        if (!(e instanceof TimeoutError)) throw e;
        seen.push(["timeout", loop.time()]);
      }
    }, { clock });
    await turns();
    clock.advance(25);
    await turns();
    expect(seen).toEqual([["t10", 25], ["t20", 25]]);
    clock.advance(25);
    await p;
    expect(seen).toEqual([["t10", 25], ["t20", 25], ["t30", 50], ["timeout", 50]]);
  });

  it("rejects a negative or NaN advance", () => {
    const clock = new VirtualClock();
    expect(() => clock.advance(-1)).toThrow(RangeError);
    expect(() => clock.advance(NaN)).toThrow(RangeError);
    expect(clock.now()).toBe(0);
  });
});
