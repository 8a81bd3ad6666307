// abort-signal.test.ts: run(main, { signal }) and Runner's signal (ts/runners.ts): an AbortSignal
// of the page (or of any caller) cancels the main task, as the first SIGINT does on Node.
// Host-neutral: runs on Node and in Chromium.

import { describe, expect, it } from "vitest";
import { CancelledError, createTask, run, Runner, sleep } from "../../ts/index.ts";

function abortLater(ac: AbortController, ms: number, reason?: unknown): void {
  setTimeout(() => (reason === undefined ? ac.abort() : ac.abort(reason)), ms);
}

describe("run(main, { signal })", () => {
  it("an abort cancels main with the reason as the cancel message; run rejects with CancelledError", async () => {
    const ac = new AbortController();
    const seen: string[] = [];
    abortLater(ac, 20, "page closed");
    const t0 = performance.now();
    let err: any;
    try {
      await run(
        function* () {
          try {
            yield* sleep(10_000);
          } catch (e) {
            seen.push(`${(e as Error).name}: ${(e as Error).message}`);
            throw e;
          }
        },
        { signal: ac.signal },
      );
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CancelledError);
    expect(err.message).toBe("page closed");
    expect(err.cause).toBe("page closed");
    expect(seen).toEqual(["CancelledError: page closed"]);
    expect(performance.now() - t0).toBeLessThan(5000);
  });

  it("main may handle the cancellation: run returns what main returns", async () => {
    const ac = new AbortController();
    abortLater(ac, 10);
    const out = await run(
      function* () {
        try {
          yield* sleep(10_000);
          return "slept";
        } catch (e) {
          if (!(e instanceof CancelledError)) throw e;
          yield* sleep(1); // cleanup still runs on the loop
          return `cleaned up after: ${e.message}`;
        }
      },
      { signal: ac.signal },
    );
    // The default reason is a DOMException "AbortError"; its message is the cancel message.
    expect(out).toBe(`cleaned up after: ${ac.signal.reason.message}`);
  });

  it("an Error reason: its message is the cancel message and it is the CancelledError's cause", async () => {
    const ac = new AbortController();
    const reason = new RangeError("user left");
    abortLater(ac, 5, reason);
    const err: any = await run(function* () { yield* sleep(10_000); }, { signal: ac.signal }).catch((e) => e);
    expect(err).toBeInstanceOf(CancelledError);
    expect(err.message).toBe("user left");
    expect(err.cause).toBe(reason);
  });

  it("a signal already aborted: main never starts", async () => {
    let started = false;
    const err = await run(
      function* () {
        started = true;
        yield* sleep(1);
      },
      { signal: AbortSignal.abort("too late") },
    ).catch((e) => e);
    expect(err).toBeInstanceOf(CancelledError);
    expect(started).toBe(false);
  });

  it("the other tasks are cancelled at close as after any main; an abort after main is done changes nothing", async () => {
    const ac = new AbortController();
    const log: string[] = [];
    abortLater(ac, 10, "stop");
    await expect(
      run(
        function* () {
          createTask(function* () {
            try {
              yield* sleep(10_000);
            } finally {
              log.push("child finally");
            }
          });
          yield* sleep(10_000);
        },
        { signal: ac.signal },
      ),
    ).rejects.toBeInstanceOf(CancelledError);
    expect(log).toEqual(["child finally"]);

    const ac2 = new AbortController();
    expect(await run(function* () { return 7; }, { signal: ac2.signal })).toBe(7);
    ac2.abort(); // its listener was removed with the run: nothing happens
  });

  it("async-function mains are cancelled too (their task.signal aborts)", async () => {
    const ac = new AbortController();
    abortLater(ac, 10, "bye");
    const err = await run(
      async (signal: AbortSignal) => {
        await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
        throw signal.reason;
      },
      { signal: ac.signal },
    ).catch((e) => e);
    expect(err).toBeInstanceOf(CancelledError);
  });

  it("Runner: the constructor's signal applies to each run; run(main, { signal }) overrides it", async () => {
    const outer = new AbortController();
    const runner = new Runner({ signal: outer.signal });
    try {
      expect(await runner.run(function* () { yield* sleep(1); return 1; })).toBe(1);
      const inner = new AbortController();
      abortLater(inner, 10, "inner");
      const e1: any = await runner.run(function* () { yield* sleep(10_000); }, { signal: inner.signal }).catch((e) => e);
      expect([e1 instanceof CancelledError, e1.message]).toEqual([true, "inner"]);
      abortLater(outer, 10, "outer");
      const e2: any = await runner.run(function* () { yield* sleep(10_000); }).catch((e) => e);
      expect([e2 instanceof CancelledError, e2.message]).toEqual([true, "outer"]);
      // The runner's loop is still usable after an aborted run (as after a SIGINT).
      expect(await runner.run(function* () { return 2; }, { signal: new AbortController().signal })).toBe(2);
    } finally {
      await runner.close();
    }
  });

  it("a signal that is not an AbortSignal is a TypeError; so is an unknown key of Runner.run's options", async () => {
    await expect(run(function* () {}, { signal: {} as any })).rejects.toBeInstanceOf(TypeError);
    const runner = new Runner();
    try {
      await expect(runner.run(function* () {}, { nosuchOption: 1 } as any)).rejects.toThrow(/unknown option "nosuchOption"/);
    } finally {
      await runner.close();
    }
  });
});
