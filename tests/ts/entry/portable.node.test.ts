// `wasyncio/portable`: the same core translated to JavaScript runs where WebAssembly does not
// exist. Proven on Node with --jitless (which removes WebAssembly), on the built package.
import { describe, it, expect } from "vitest";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

describe("wasyncio/portable", () => {
  it("runs tasks, queues, timeouts and gather with no WebAssembly in the engine", () => {
    const entry = resolve("dist/ts/entry/portable.js");
    expect(existsSync(entry), "dist/ is built by `npm test` (or `npm run build`)").toBe(true);
    const dir = mkdtempSync(join(tmpdir(), "wasyncio-portable-"));
    const script = join(dir, "main.mjs");
    writeFileSync(script, `
      import { run, sleep, createTask, gather, Queue, timeout, TimeoutError } from ${JSON.stringify(entry)};
      const r = await run(function* () {
        const q = new Queue(2);
        const prod = createTask(function* () { for (let i = 0; i < 5; i++) yield* q.put(i); });
        const got = [];
        for (let i = 0; i < 5; i++) got.push(yield* q.get());
        yield* prod;
        let to = "none";
        try { yield* timeout(5, function* () { yield* sleep(100); }); } catch (e) { to = e instanceof TimeoutError ? "TimeoutError" : String(e); }
        return { wasm: typeof WebAssembly, got, gathered: yield* gather(sleep(2, "a"), sleep(1, "b")), to };
      });
      console.log(JSON.stringify(r));
    `);
    const out = execFileSync(process.execPath, ["--jitless", script], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    expect(JSON.parse(out.trim().split("\n").pop()!)).toEqual({ wasm: "undefined", got: [0, 1, 2, 3, 4], gathered: ["a", "b"], to: "TimeoutError" });
  });
});

describe("wasyncio/portable under memory growth", () => {
  it("keeps running correct batches after the translated core grows its memory", () => {
    const entry = resolve("dist/ts/entry/portable.js");
    const dir = mkdtempSync(join(tmpdir(), "wasyncio-portable-"));
    const script = join(dir, "grow.mjs");
    // 200k ready entries and 50k timers force the core's tables and batch buffer to grow many
    // times; every task must run exactly once and the sum must be exact.
    writeFileSync(script, `
      import { run, createTask, sleep } from ${JSON.stringify(entry)};
      const r = await run(function* () {
        const ts = [];
        for (let i = 0; i < 200000; i++) ts.push(createTask((function* (i) { return i; })(i)));
        const ss = [];
        for (let i = 0; i < 50000; i++) ss.push(createTask(sleep(i % 7, 1)));
        let sum = 0, slept = 0;
        for (const t of ts) sum += yield* t;
        for (const s of ss) slept += yield* s;
        return [sum, slept];
      });
      console.log(JSON.stringify(r));
    `);
    const out = execFileSync(process.execPath, ["--jitless", script], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    expect(JSON.parse(out.trim().split("\n").pop()!)).toEqual([199999 * 100000, 50000]);
  });
});

describe("wasyncio/portable (the wasm2js core, browser host) on Node", () => {
  it("lets the process exit after a run that took macrotask turns (its MessagePort is held only while a loop runs)", () => {
    const entry = resolve("dist/ts/entry/portable.js");
    const dir = mkdtempSync(join(tmpdir(), "wasyncio-portable-"));
    const script = join(dir, "exit.mjs");
    // 50 ms of bare yields: the loop takes a host turn (MessageChannel) every 8 ms time slice.
    writeFileSync(script, `
      import { run, getRunningLoop } from ${JSON.stringify(entry)};
      const r = await run(function* () {
        const t0 = performance.now();
        let n = 0;
        while (performance.now() - t0 < 50) { yield; n++; }
        return getRunningLoop()._host.name + " " + (n > 0);
      });
      console.log(r);
    `);
    const out = execFileSync(process.execPath, [script], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], timeout: 10_000 });
    expect(out.trim()).toBe("browser true");
  });
});
