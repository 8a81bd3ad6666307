// run() turns the first SIGINT into cancelling the main task, which then raises
// KeyboardInterrupt, as asyncio.run does (runners.py); the task's cleanup runs first.
import { describe, it, expect } from "vitest";
import { spawn } from "node:child_process";

function runChild(body: string, signals = 1): Promise<{ out: string; code: number | null }> {
  const code = `import * as w from "wasyncio";\n${body}`;
  const p = spawn(process.execPath, ["--input-type=module", "-e", code], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  p.stdout.on("data", (d) => {
    out += d;
    const sent = (p as any).sent ?? 0;
    if (sent < signals && out.split("ready\n").length - 1 > sent) {
      (p as any).sent = sent + 1;
      p.kill("SIGINT");
    }
  });
  p.stderr.on("data", (d) => (out += d));
  return new Promise((resolve) => p.on("exit", (c) => resolve({ out, code: c })));
}

describe("run() and SIGINT", () => {
  it("the first SIGINT cancels the main task; run() raises KeyboardInterrupt after its cleanup", async () => {
    const { out, code } = await runChild(`
      try {
        await w.run(function* () {
          console.log("ready");
          try { yield* w.sleep(60000); } finally { console.log("cleanup"); }
        });
      } catch (e) { console.log("raised " + e.name); process.exit(3); }`);
    expect(out).toBe("ready\ncleanup\nraised KeyboardInterrupt\n");
    expect(code).toBe(3);
  });

  it("a main task that handles the cancellation returns normally", async () => {
    const { out, code } = await runChild(`
      const v = await w.run(function* () {
        console.log("ready");
        try { yield* w.sleep(60000); } catch (e) { if (!(e instanceof w.CancelledError)) throw e; w.currentTask().uncancel(); return "handled"; }
      });
      console.log(v);`);
    expect(out).toBe("ready\nhandled\n");
    expect(code).toBe(0);
  });

  // As in CPython 3.13 (checked with the same program): the second SIGINT raises KeyboardInterrupt
  // out of the run, the shutdown then cancels the main task again, and a third SIGINT stops that.
  it("a main task that ignores cancellation: the 2nd SIGINT ends the run, the 3rd the shutdown", async () => {
    const { out, code } = await runChild(`
      try {
        await w.run(function* () {
          console.log("ready");
          for (;;) {
            try { yield* w.sleep(60000); } catch (e) { console.log("ignored " + e.name); console.log("ready"); }
          }
        });
      } catch (e) { console.log("raised " + e.name); process.exit(3); }`, 3);
    expect(out).toBe("ready\nignored CancelledError\nready\nignored CancelledError\nready\nraised KeyboardInterrupt\n");
    expect(code).toBe(3);
  });
});
