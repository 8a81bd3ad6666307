// run(main, { trace }): a timeline of a known program (a TaskGroup of 3 under a timeout, one
// child cancelled) as Chrome Trace Event JSON, checked against the format's rules (what each
// phase must carry, slices on one track nested or disjoint) and for the tracks and events that
// program must give. Node only: it also writes the trace to a file, as WASYNCIO_TRACE does.

import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { LimitError, Lock, Runner, TimeoutError, createTask, currentTask, run, sleep, taskGroup, timeout, type TraceEvent, type TraceFile } from "../../../ts/index.ts";

/** The Trace Event Format's rules for the phases wasyncio writes; returns the problems found. */
function validate(trace: TraceFile): string[] {
  const problems: string[] = [];
  if (!Array.isArray(trace.traceEvents)) return ["traceEvents is not an array"];
  if (trace.displayTimeUnit !== "ms" && trace.displayTimeUnit !== "ns") problems.push(`displayTimeUnit ${trace.displayTimeUnit}`);
  const byTid = new Map<number, TraceEvent[]>();
  for (const [i, e] of trace.traceEvents.entries()) {
    const at = `event ${i} (${JSON.stringify(e).slice(0, 80)})`;
    if (typeof e.name !== "string" || e.name === "") problems.push(`${at}: no name`);
    if (!["X", "i", "M"].includes(e.ph)) problems.push(`${at}: phase ${e.ph}`);
    if (!Number.isInteger(e.pid) || !Number.isInteger(e.tid)) problems.push(`${at}: pid/tid not integers`);
    if (typeof e.ts !== "number" || !(e.ts >= 0)) problems.push(`${at}: ts`);
    if (e.ph === "X") {
      if (typeof e.dur !== "number" || !(e.dur >= 0)) problems.push(`${at}: X without a duration`);
      if (!byTid.has(e.tid)) byTid.set(e.tid, []);
      byTid.get(e.tid)!.push(e);
    }
    if (e.ph === "i" && !["g", "p", "t"].includes(e.s ?? "")) problems.push(`${at}: instant without scope`);
    if (e.ph === "M") {
      if (!["process_name", "thread_name", "thread_sort_index"].includes(e.name)) problems.push(`${at}: metadata ${e.name}`);
      if (e.args === undefined) problems.push(`${at}: metadata without args`);
    }
  }
  // Complete events on one thread must nest: each starts after and ends before its enclosing one.
  for (const [tid, evs] of byTid) {
    const sorted = [...evs].sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
    const stack: TraceEvent[] = [];
    for (const e of sorted) {
      while (stack.length && stack[stack.length - 1].ts + stack[stack.length - 1].dur! <= e.ts) stack.pop();
      const top = stack[stack.length - 1];
      if (top && e.ts + e.dur! > top.ts + top.dur!) problems.push(`tid ${tid}: "${e.name}" at ${e.ts} overlaps "${top.name}" without nesting`);
      stack.push(e);
    }
  }
  return problems;
}

const threadNames = (t: TraceFile) => new Map(t.traceEvents.filter((e) => e.ph === "M" && e.name === "thread_name").map((e) => [e.tid, String(e.args!.name)]));

/** A TaskGroup of 3 children (one waits on a Lock, one is cancelled by the main task), the whole
 *  under a timeout that expires. */
function* program() {
  const lock = new Lock();
  yield* lock.acquire();
  try {
    yield* timeout(60, function* () {
      yield* taskGroup(function* (tg) {
        tg.createTask(
          (function* () {
            yield* sleep(10);
          })(),
          { name: "sleeper" },
        );
        tg.createTask(
          (function* () {
            yield* lock.acquire();
          })(),
          { name: "locker" },
        );
        const victim = tg.createTask(
          (function* () {
            yield* sleep(1000);
          })(),
          { name: "victim" },
        );
        yield* sleep(5);
        victim.cancel("not needed");
      });
    });
  } catch (e) {
    if (!(e instanceof TimeoutError)) throw e;
  }
  return currentTask()!.getName();
}

describe("run(main, { trace })", () => {
  it("gives Chrome Trace Event JSON with a track per task under its parent, steps, waits, cancels and iterations", async () => {
    let trace: TraceFile | null = null;
    const name = await run(program, { trace: (t) => (trace = t) });
    expect(trace).not.toBeNull();
    const t = trace!;
    expect(validate(t)).toEqual([]);
    const names = threadNames(t);
    const main = name;
    expect([...names.values()]).toEqual(expect.arrayContaining(["loop iterations", main, `${main} › sleeper`, `${main} › locker`, `${main} › victim`]));
    // tracks sorted: each child right after its parent
    const sortIndex = new Map(t.traceEvents.filter((e) => e.name === "thread_sort_index").map((e) => [names.get(e.tid), e.args!.sort_index as number]));
    expect(sortIndex.get(main)).toBeLessThan(sortIndex.get(`${main} › sleeper`)!);
    const tidOf = (n: string) => [...names].find(([, v]) => v === n)![0];
    const on = (n: string) => t.traceEvents.filter((e) => e.tid === tidOf(n) && e.ph !== "M");
    // the victim: cancelled by main, with the message; ends cancelled
    const cancel = on(`${main} › victim`).find((e) => e.name === "cancel requested");
    expect(cancel?.args).toEqual({ by: main, message: "not needed" });
    expect(on(`${main} › victim`).some((e) => e.name === "cancelled")).toBe(true);
    expect(on(`${main} › victim`).find((e) => e.cat === "task")?.args).toEqual({ outcome: "cancelled" });
    // what the tasks waited on
    expect(on(`${main} › sleeper`).map((e) => e.name)).toEqual(expect.arrayContaining(["wait: scheduled", "step", "wait: <sleep pending>"]));
    expect(on(`${main} › locker`).some((e) => e.name.startsWith("wait: <Lock"))).toBe(true);
    // the timeout cancelled main from a timer callback; the locker, never granted the lock, was cancelled by the group
    expect(on(main).find((e) => e.name === "cancel requested")?.args).toEqual({ by: "a callback" });
    expect(on(`${main} › locker`).find((e) => e.cat === "task")?.args).toEqual({ outcome: "cancelled" });
    expect(on(`${main} › sleeper`).find((e) => e.cat === "task")?.args).toEqual({ outcome: "result" });
    // iterations on the loop's track, with their ready counts
    const its = t.traceEvents.filter((e) => e.name === "iteration");
    expect(its.length).toBeGreaterThan(3);
    expect(its.every((e) => e.tid === 0 && (e.args!.ready as number) >= 1)).toBe(true);
  });

  it("writes a file for a path (and from WASYNCIO_TRACE), which parses as the same format", async () => {
    const dir = mkdtempSync(join(tmpdir(), "wasyncio-trace-"));
    const file = join(dir, "run.trace.json");
    await run(program, { trace: file });
    expect(validate(JSON.parse(readFileSync(file, "utf8")))).toEqual([]);
    const viaEnv = join(dir, "env.trace.json");
    const entry = new URL("../../../ts/entry/node.ts", import.meta.url).pathname;
    const r = spawnSync(process.execPath, ["--import", "tsx", "-e", `import("${entry}").then(({ run, sleep, createTask }) => run(function* () { yield* createTask(sleep(1)); }))`], {
      env: { ...process.env, WASYNCIO_TRACE: viaEnv },
      encoding: "utf8",
    });
    expect(r.stderr).toBe("");
    const t = JSON.parse(readFileSync(viaEnv, "utf8")) as TraceFile;
    expect(validate(t)).toEqual([]);
    expect([...threadNames(t).values()].some((n) => / › Task-\d+$/.test(n))).toBe(true);
  });

  it("a task refused by a limit has no track", async () => {
    let trace: TraceFile | null = null;
    let refused = false;
    await run(
      function* () {
        const ok = createTask(sleep(1), { name: "admitted" });
        try {
          createTask(sleep(1), { name: "refused" });
        } catch (e) {
          refused = e instanceof LimitError;
        }
        yield* ok;
      },
      { limits: { tasks: 2 }, trace: (t) => (trace = t) },
    );
    expect(refused).toBe(true);
    const names = [...threadNames(trace!).values()];
    expect(names.some((n) => n.endsWith("admitted"))).toBe(true);
    expect(names.some((n) => n.endsWith("refused"))).toBe(false);
    expect(validate(trace!)).toEqual([]);
  });

  it("a task that raised ends with its exception as its outcome", async () => {
    let trace: TraceFile | null = null;
    await run(
      function* () {
        const t = createTask(
          (function* () {
            yield* sleep(1);
            throw new RangeError("out of range");
          })(),
          { name: "failer" },
        );
        try {
          yield* t;
        } catch {
          // retrieved
        }
      },
      { trace: (tr) => (trace = tr) },
    );
    expect(validate(trace!)).toEqual([]);
    const tid = [...threadNames(trace!)].find(([, v]) => v.endsWith("failer"))![0];
    expect(trace!.traceEvents.find((e) => e.tid === tid && e.cat === "task")?.args).toEqual({ outcome: "exception: RangeError: out of range" });
  });

  it("a trace of pending tasks closes their slices at the end; a bad trace option is a TypeError and leaves no loop", async () => {
    let trace: TraceFile | null = null;
    const runner = new Runner({ trace: (t) => (trace = t) });
    await runner.run(function* () {
      createTask(sleep(10_000), { name: "forever" });
      yield* sleep(1);
    });
    await runner.close();
    expect(validate(trace!)).toEqual([]);
    const names = threadNames(trace!);
    const tid = [...names].find(([, v]) => v.endsWith("forever"))![0];
    expect(trace!.traceEvents.find((e) => e.tid === tid && e.cat === "task")?.args).toEqual({ outcome: "cancelled" });
    await expect(run(function* () {}, { trace: 42 as any })).rejects.toThrow(TypeError);
  });
});
