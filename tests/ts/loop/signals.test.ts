// signals.test.ts: loop.addSignalHandler / removeSignalHandler (ts/loop/signals.ts) against
// CPython 3.13's checks, with real signals sent to this test process (SIGUSR2: Node reserves
// SIGUSR1 for its inspector).

import { describe, expect, it } from "vitest";
import { run, sleep, getRunningLoop, newEventLoop, RuntimeError, installedSignalHandlers } from "../../../ts/index.js";
import { runRecording } from "../io-helpers.js";
import { expected } from "../../cpython/trace.js";

describe("signals", () => {
  it("addSignalHandler checks and replacement match CPython 3.13 (tests/cpython/io/signal_checks.py)", async () => {
    const want = expected("signal_checks");
    const out: string[] = [];
    await run(function* () {
      const loop = getRunningLoop();
      const kind = (e: unknown) => (e instanceof RangeError ? "ValueError" : e instanceof TypeError ? "TypeError" : e instanceof RuntimeError ? "RuntimeError" : String(e));
      const cases: [string, unknown[]][] = [
        ["coroutine function", ["SIGUSR2", function* () {}]],
        ["bad type", [{}, console.log]],
        ["bad number", [12345, console.log]],
        ["SIGKILL", ["SIGKILL", console.log]],
        ["SIGSTOP", [19, console.log]],
      ];
      for (const [label, args] of cases) {
        try {
          (loop.addSignalHandler as any)(...args);
          out.push(`${label} accepted`);
        } catch (e) {
          out.push(`${label} ${kind(e)}`);
        }
      }
      const got: unknown[][] = [];
      loop.addSignalHandler("SIGUSR2", (...a: unknown[]) => void got.push(["first", ...a]), 1);
      loop.addSignalHandler(12, (...a: unknown[]) => void got.push(["second", ...a]), 2); // 12 is SIGUSR2 on Linux
      process.kill(process.pid, "SIGUSR2");
      yield* sleep(50);
      out.push(`handled [${got.map((g) => `('${g[0]}', ${g[1]})`).join(", ")}]`);
      const r1 = loop.removeSignalHandler("SIGUSR2");
      const r2 = loop.removeSignalHandler("SIGUSR2");
      out.push(`remove ${r1 ? "True" : "False"} ${r2 ? "True" : "False"}`);
    });
    expect(out).toEqual(want);
  });

  it("a signal handler runs as a ready callback inside the loop; its error goes to the exception handler", async () => {
    const [out, errors] = await runRecording(function* () {
      const loop = getRunningLoop();
      let inLoop = false;
      loop.addSignalHandler("SIGUSR2", () => {
        inLoop = loop.isRunning();
        throw new Error("handler failed");
      });
      process.kill(process.pid, "SIGUSR2");
      for (let i = 0; i < 20 && !inLoop; i++) yield* sleep(5);
      loop.removeSignalHandler("SIGUSR2");
      return inLoop;
    });
    expect(out).toBe(true);
    expect((errors[0].exception as Error).message).toBe("handler failed");
  });

  it("loop.close() removes the handlers; a closed loop refuses new ones", async () => {
    const loop = newEventLoop();
    loop.addSignalHandler("SIGUSR2", () => {});
    expect(installedSignalHandlers(loop)).toEqual(["SIGUSR2"]);
    const listeners = process.listenerCount("SIGUSR2");
    loop.close();
    expect(process.listenerCount("SIGUSR2")).toBe(listeners - 1);
    expect(() => loop.addSignalHandler("SIGUSR2", () => {})).toThrow(RuntimeError);
  });
});
