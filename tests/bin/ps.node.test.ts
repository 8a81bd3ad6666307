// `npx wasyncio ps PID` / `pstree PID` (bin/ps.mjs) against a real Node process whose run was
// started with { inspect: true } (and one with WASYNCIO_INSPECT=1, and one without). Needs dist/
// (npm test builds it first).
import { describe, it, expect } from "vitest";
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const PROGRAM = `
import { run, sleep, createTask, Lock, taskGroup } from "./dist/ts/entry/node.js";
const opts = process.env.INSPECT_OPT === "1" ? { inspect: true } : {};
await run(function* () {
  const lock = new Lock();
  yield* lock.acquire();
  yield* taskGroup(function* (tg) {
    tg.createTask(function* () { yield* sleep(60_000); }(), { name: "sleeper" });
    tg.createTask(function* () { yield* lock.acquire(); }(), { name: "waiter" });
    yield* sleep(0);
    console.log("ready");
    yield* sleep(60_000);
  });
}, opts);
`;

function start(env: Record<string, string>) {
  const p = spawn(process.execPath, ["--input-type=module", "-e", PROGRAM], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  p.stdout.on("data", (d) => (out += d));
  p.stderr.on("data", (d) => (out += d));
  const ready = new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no "ready" from the program:\n${out}`)), 10_000);
    p.stdout.on("data", () => {
      if (out.includes("ready")) {
        clearTimeout(t);
        resolve();
      }
    });
  });
  return { p, ready };
}

// As users run it: `npx wasyncio ps PID` is bin/wasyncio.mjs with those arguments.
const ps = (...args: string[]) => spawnSync(process.execPath, ["bin/wasyncio.mjs", ...args], { encoding: "utf8", timeout: 10_000 });

describe("wasyncio ps / pstree", () => {
  it("show the live tasks of a process run with { inspect: true }, with what each awaits", async () => {
    expect(existsSync("dist/host/node-inspect.js"), "dist/ is built by `npm test`").toBe(true);
    const { p, ready } = start({ INSPECT_OPT: "1" });
    try {
      await ready;
      const table = ps("ps", String(p.pid));
      expect(table.status, table.stderr).toBe(0);
      const lines = table.stdout.split("\n");
      expect(lines[1]).toMatch(/^task name\s+state\s+awaiting\s+parent$/);
      expect(table.stdout).toMatch(/sleeper\s+waiting\s+<sleep pending>\s+Task-\d+/);
      expect(table.stdout).toMatch(/waiter\s+waiting\s+<Lock .*locked.*>\s+Task-\d+/);
      const tree = ps("pstree", String(p.pid));
      expect(tree.status, tree.stderr).toBe(0);
      expect(tree.stdout).toMatch(/Task-\d+ \[waiting\] awaiting <sleep pending>\n\s+└ sleeper \[waiting\] awaiting <sleep pending>\n\s+└ waiter \[waiting\] awaiting <Lock/);
    } finally {
      p.kill();
    }
  });

  it("WASYNCIO_INSPECT=1 opens the channel too; without either, ps says how to open it", async () => {
    const a = start({ WASYNCIO_INSPECT: "1" });
    const b = start({});
    try {
      await Promise.all([a.ready, b.ready]);
      expect(ps("ps", String(a.p.pid)).stdout).toMatch(/sleeper/);
      const none = ps("ps", String(b.p.pid));
      expect(none.status).toBe(1);
      expect(none.stderr).toMatch(/has no wasyncio inspect channel: start its run with run\(main, \{ inspect: true \}\) or WASYNCIO_INSPECT=1/);
      expect(ps("ps", "notapid").status).toBe(2);
    } finally {
      a.p.kill();
      b.p.kill();
    }
  });
});
