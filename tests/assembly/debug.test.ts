// debug.test.ts: the debug build (CORE_CHECKS) traps on misuse, and host/load.ts turns the trap
// into an InternalError naming the core's source file and line; a loop whose core trapped is
// poisoned. The release build has no checks: the same calls return without a trap.
import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { CoreExports } from "../../gen/core-abi.js";
import { _openCore } from "../../ts/loop/core.js";
import { InternalError, EventLoop } from "../../ts/index.js";
import { builds } from "./core.js";

const src = (file: string) => readFileSync(fileURLToPath(new URL(`../../assembly/${file}`, import.meta.url)), "utf8").split("\n");

/** The 1-based line of the first line in `fn`'s body (in assembly/`file`) that contains `needle`. */
function lineOf(file: string, fn: string, needle: string): number {
  const lines = src(file);
  const start = lines.findIndex((l) => l.includes(`export function ${fn}(`));
  expect(start).toBeGreaterThanOrEqual(0);
  const at = lines.findIndex((l, i) => i > start && l.includes(needle));
  expect(at).toBeGreaterThan(start);
  return at + 1;
}

function trapOf(f: () => unknown): InternalError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InternalError);
    return e as InternalError;
  }
  throw new Error("expected a trap");
}

describe("debug build traps", () => {
  const misuse: [string, string, string, string, (c: CoreExports) => unknown][] = [
    ["taskStepWait() on a task that is not running", "task.ts", "taskStepWait", "E_TASK_NOT_RUNNING", (c) => c.taskStepWait(c.taskNew(0))],
    ["taskStepYield() on a task that is not running", "task.ts", "taskStepYield", "E_TASK_NOT_RUNNING", (c) => c.taskStepYield(c.taskNew(0))],
    ["taskStepBegin() on a running task", "task.ts", "taskStepBegin", "E_TASK_RUNNING", (c) => {
      const t = c.taskNew(1);
      c.taskStepBegin(t);
      c.taskStepBegin(t);
    }],
    ["taskSchedule() on a finished task", "task.ts", "taskSchedule", "E_BAD_TASK", (c) => {
      const t = c.taskNew(1);
      c.taskStepBegin(t);
      c.taskFinish(t);
      c.taskSchedule(t);
    }],
    ["taskFinish() on an id never handed out", "task.ts", "taskFinish", "E_BAD_TASK", (c) => c.taskFinish(7)],
    ["taskCancelling() on id 0", "task.ts", "taskCancelling", "E_BAD_TASK", (c) => c.taskCancelling(0)],
    ["timerCancel() on an id never handed out", "scheduler.ts", "timerCancel", "E_BAD_HANDLE", (c) => c.timerCancel(3)],
  ];
  const messages: Record<string, string> = Object.fromEntries(
    src("errors.ts").flatMap((l) => {
      const m = /export const (E_\w+) = "(.*)";/.exec(l);
      return m ? [[m[1], m[2]]] : [];
    }),
  );

  describe.each(builds.filter((b) => b.checked))("$name build", (build) => {
    it.each(misuse)("%s traps with an InternalError naming assembly/%s and the line", (_what, file, fn, code, f) => {
      const c = build.make();
      const e = trapOf(() => f(c));
      const line = lineOf(file, fn, code);
      expect(messages[code]).toBeTruthy();
      expect(e.message).toContain(messages[code]);
      expect(e.message).toMatch(new RegExp(`assembly/${file.replace(".", "\\.")}:${line}:\\d+`));
    });
  });

  it.each(builds.filter((b) => !b.checked))("the $name build runs the same misuse without trapping", (build) => {
    for (const [, , , , f] of misuse) expect(() => f(build.make())).not.toThrow();
  });

  it("a trap in the loop's own core calls rejects runForever() with the InternalError and poisons the loop", async () => {
    const loop = new EventLoop({ coreChecks: true });
    const real = loop._core;
    let trip = true;
    const wrapped = Object.create(real);
    // (export properties are read-only: shadow the inherited one with a new own property)
    Object.defineProperty(wrapped, "collect", {
      value: (end: number) => {
        if (trip) {
          trip = false;
          real.taskStepWait(real.taskNew(1)); // a genuine trap of the debug core
        }
        return real.collect(end);
      },
    });
    loop._core = wrapped;
    loop.callSoon(() => {});
    const err = await loop.runForever().then(() => undefined, (e) => e);
    expect(err).toBeInstanceOf(InternalError);
    expect(String((err as Error).message)).toMatch(/task step left while the task is not running at assembly\/task\.ts:\d+:\d+/);
    await expect(loop.runForever()).rejects.toThrow(/unusable after a core trap/);
    expect(() => loop.createFuture()).not.toThrow();
    expect(() => loop.createTask((function* () {})())).toThrow(InternalError);
  });

  // A core trap inside a callback is not a callback error: it escapes the loop and poisons it.
  it("a trap inside a callback rejects runForever() with the InternalError and poisons the loop", async () => {
    const loop = new EventLoop({ coreChecks: true });
    loop.setExceptionHandler(() => {});
    loop.callSoon(() => loop._core.taskStepWait(loop._core.taskNew(1)));
    loop.callSoon(() => loop.stop());
    const err = await loop.runForever().then(() => undefined, (e) => e);
    expect(err).toBeInstanceOf(InternalError);
  });

  it("every build reports its invariants hold after a mixed workload", () => {
    for (const b of builds) {
      const c = b.make();
      for (let i = 0; i < 300; i++) {
        c.callAt(i % 17);
        if (i % 5 === 0) c.timerCancel(i + 1);
        c.callSoon();
        c.taskNew(i & 1);
      }
      c.prepare();
      c.collect(8);
      expect(c.checkInvariants()).toBe(1);
    }
  });
});
