// trace-demo.node.test.ts: examples/trace-demo.mjs (the run behind the README's trace picture),
// run as a user runs it, writes a trace whose tracks are the program's tasks, in tree order.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";

it("examples/trace-demo.mjs writes a trace of its workers, producer and watcher", () => {
  const file = join(mkdtempSync(join(tmpdir(), "wasyncio-demo-")), "demo.trace.json");
  const r = spawnSync(process.execPath, ["examples/trace-demo.mjs", file], { encoding: "utf8", timeout: 20_000 });
  expect(r.status, r.stderr).toBe(0);
  expect(r.stdout).toMatch(/job 12 timed out/);
  const trace = JSON.parse(readFileSync(file, "utf8"));
  const names = trace.traceEvents.filter((e: any) => e.ph === "M" && e.name === "thread_name").map((e: any) => e.args.name);
  expect(names).toEqual(["loop iterations", "Task-1", "Task-1 › watcher", "Task-1 › producer", "Task-1 › worker-1", "Task-1 › worker-2", "Task-1 › worker-3"]);
  const waits = trace.traceEvents.filter((e: any) => e.cat === "wait").map((e: any) => e.name);
  expect(waits).toEqual(expect.arrayContaining(["wait: <TaskGroup children pending>", "wait: <sleep pending>"]));
  expect(waits.some((w: string) => w.startsWith("wait: <Lock"))).toBe(true);
  expect(waits.some((w: string) => w.startsWith("wait: <Queue"))).toBe(true);
});
