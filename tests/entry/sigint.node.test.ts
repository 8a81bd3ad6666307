// run() turns the first SIGINT into cancelling the main task, which then raises
// KeyboardInterrupt, as asyncio.run does (runners.py); the task's cleanup runs first.
import { describe, it, expect } from "vitest";
import { spawn } from "node:child_process";

function runChild(body: string): Promise<{ out: string; code: number | null }> {
  const code = `import * as w from "wasyncio";\n${body}`;
  const p = spawn(process.execPath, ["--input-type=module", "-e", code], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  p.stdout.on("data", (d) => {
    out += d;
    if (out.includes("ready\n") && !(p as any).sent) {
      (p as any).sent = true;
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
});
