// The `wasyncio` REPL (bin/wasyncio.mjs): top-level await on a live loop. Needs dist/ (npm test
// builds it first).
import { describe, it, expect } from "vitest";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";

function session() {
  const p = spawn(process.execPath, ["bin/wasyncio.mjs"], { stdio: ["pipe", "pipe", "pipe"] });
  let out = "";
  p.stdout.on("data", (d) => (out += d));
  p.stderr.on("data", (d) => (out += d));
  const until = (re: RegExp, ms = 5000) =>
    new Promise<string>((resolve, reject) => {
      const t0 = Date.now();
      const poll = () => {
        const m = out.match(re);
        if (m) return resolve(m[0]);
        if (Date.now() - t0 > ms) return reject(new Error(`REPL output did not match ${re}:\n${out}`));
        setTimeout(poll, 10);
      };
      poll();
    });
  const send = (line: string) => p.stdin.write(line + "\n");
  return { p, until, send, output: () => out };
}

describe("wasyncio REPL", () => {
  it("prints its banner, awaits at top level on a live loop, lists tasks, exits cleanly", async () => {
    expect(existsSync("dist/ts/entry/node.js"), "dist/ is built by `npm test` (or `npm run build`)").toBe(true);
    const s = session();
    await s.until(/Use "await" directly/);
    s.send("await sleep(10, 6 * 7)");
    await s.until(/\b42\b/);
    s.send("const t = createTask(function* () { yield* sleep(60000); }, { name: 'sleeper' })");
    s.send(".ps");
    await s.until(/sleeper \[(scheduled|waiting)\]/);
    s.send("t.cancel(); await sleep(1); 'cancelled=' + t.cancelled()");
    await s.until(/cancelled=true/);
    s.send("await timeout(5, function* () { yield* sleep(1000); }).then(() => 'no', (e) => e.name)");
    await s.until(/TimeoutError/);
    s.send(".exit");
    const code = await new Promise((r) => s.p.on("exit", r));
    expect(code).toBe(0);
  });

  it("Ctrl-C (SIGINT) cancels what the input awaits and the loop goes on, as asyncio's REPL does", async () => {
    const s = session();
    await s.until(/Use "await" directly/);
    s.send("const t = createTask(function* () { try { yield* sleep(60000); } catch (e) { globalThis.seen = e.message; throw e; } }, { name: 'long' })");
    s.send("const other = createTask(function* () { yield* sleep(60000); })");
    s.send("await t");
    await s.until(/>>> >>> >>> /);
    await new Promise((r) => setTimeout(r, 200)); // the await is pending
    s.p.kill("SIGINT");
    await s.until(/KeyboardInterrupt\n/); // as asyncio's REPL prints it, not the CancelledError
    s.send("'after: ' + [t.cancelled(), seen, other.done()].join()");
    await s.until(/after: true,interrupted \(Ctrl-C\),false/);
    expect(s.output()).not.toMatch(/CancelledError|ERR_SCRIPT_EXECUTION_INTERRUPTED|Uncaught/);
    s.p.kill("SIGINT"); // nothing awaited: asyncio's REPL prints KeyboardInterrupt and goes on
    await s.until(/KeyboardInterrupt\n[^]*KeyboardInterrupt\n/);
    s.send("await sleep(5, 'loop ' + 'alive')");
    await s.until(/loop alive/);
    s.send(".exit");
    const code = await new Promise((r) => s.p.on("exit", r));
    expect(code).toBe(0);
  });

  it("the banner's import line is valid JavaScript that imports the package", async () => {
    const s = session();
    const line = (await s.until(/>>> import .*\n/)).slice(4).trim();
    s.send(".exit");
    await new Promise((r) => s.p.on("exit", r));
    const r = spawnSync(process.execPath, ["--input-type=module"], { input: `${line}\nconsole.log(typeof wasyncio.run);`, encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("function\n");
  });

  it("on a terminal (a pty from script(1)), Ctrl-C during an await prints KeyboardInterrupt and cancels the awaited task", async () => {
    const probe = spawnSync("script", ["-qfc", "true", "/dev/null"]);
    if (probe.error || probe.status !== 0) return void expect.soft(probe.error, "script(1) is needed for a pty").toBeUndefined();
    const p = spawn("script", ["-qfc", `${process.execPath} bin/wasyncio.mjs`, "/dev/null"], { stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, TERM: "dumb", NODE_NO_READLINE: "" } });
    let out = "";
    p.stdout.on("data", (d) => (out += d));
    const until = (re: RegExp, ms = 8000) =>
      new Promise<void>((resolve, reject) => {
        const t0 = Date.now();
        const poll = () => (re.test(out) ? resolve() : Date.now() - t0 > ms ? reject(new Error(`no ${re} in:\n${out}`)) : setTimeout(poll, 10));
        poll();
      });
    await until(/Use "await" directly/);
    p.stdin.write("const t = createTask(function* () { yield* sleep(60000); }, { name: 'long' })\r");
    p.stdin.write("await t\r");
    await until(/await t/);
    await new Promise((r) => setTimeout(r, 300));
    p.stdin.write("\x03"); // Ctrl-C, as the terminal sends it
    await until(/KeyboardInterrupt/);
    p.stdin.write("'cancelled=' + t.cancelled()\r");
    await until(/cancelled=true/);
    expect(out).not.toMatch(/ERR_SCRIPT_EXECUTION_INTERRUPTED|Script execution was interrupted/);
    p.stdin.write(".exit\r");
    await new Promise((r) => p.on("exit", r));
  });
});
