// The package's export conditions pick the host adapter, never by sniffing globals (API.md).
// Checked on the built package through Node's own resolution of "wasyncio" (self-reference).
import { describe, it, expect } from "vitest";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
// @ts-expect-error: a plain .mjs script without types
import { runtime } from "../../../scripts/runtimes.mjs";

function hostUnder(conditions: string[]): string {
  const code = `import("wasyncio").then(async (w) => console.log(await w.run(function* () { return w.getRunningLoop()._host.name; })))`;
  return execFileSync(process.execPath, [...conditions.map((c) => `--conditions=${c}`), "--input-type=module", "-e", code], { encoding: "utf8" }).trim();
}

describe("package exports", () => {
  it("node picks the Node host; browser the browser one (workerd's: tests/ts/entry/workerd.node.test.ts)", () => {
    expect(existsSync("dist/ts/entry/node.js"), "dist/ is built by `npm test` (or `npm run build`)").toBe(true);
    expect(hostUnder([])).toBe("node");
    expect(hostUnder(["browser"])).toBe("browser");
  });

  it("deno and bun pick their own entries (conditions listed before node), on their real runtimes", () => {
    // A project of the user's: node_modules/wasyncio is this package.
    const dir = mkdtempSync(join(tmpdir(), "wasyncio-pkg-"));
    try {
      mkdirSync(join(dir, "node_modules"));
      symlinkSync(process.cwd(), join(dir, "node_modules", "wasyncio"), "dir");
      writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module", dependencies: { wasyncio: "*" } }));
      writeFileSync(join(dir, "main.mjs"), `import { run, getRunningLoop, sleep } from "wasyncio";
        console.log(await run(function* () { yield* sleep(1); return getRunningLoop()._host.name; }));`);
      const on = (bin: string, args: string[]) => execFileSync(bin, [...args, "main.mjs"], { cwd: dir, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } }).trim();
      expect(on(runtime("deno"), ["run", "-A"])).toBe("deno");
      expect(on(runtime("bun"), [])).toBe("bun");
      expect(on(process.execPath, [])).toBe("node");
      expect(hostUnder(["deno"])).toBe("deno"); // Node resolving under the deno condition: the same entry
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the host adapters are importable on their own and can be passed to run()", () => {
    const code = `const w = await import("wasyncio"); const { host } = await import("wasyncio/host/browser");
      console.log(await w.run(function* () { return w.getRunningLoop()._host.name; }, { host }));`;
    expect(execFileSync(process.execPath, ["--input-type=module", "-e", code], { encoding: "utf8" }).trim()).toBe("browser");
  });

  it("the checked core is in the Node entry, and elsewhere only after wasyncio/debug-core", () => {
    const probe = (pre: string, conditions: string[]) =>
      execFileSync(process.execPath, [...conditions.map((c) => `--conditions=${c}`), "--input-type=module", "-e",
        `${pre} const w = await import("wasyncio");
         try { const l = w.newEventLoop({ coreChecks: true }); console.log("checked", typeof l._core.checkInvariants); l.close(); }
         catch (e) { console.log(e.name + ": " + e.message); }`], { encoding: "utf8" }).trim();
    expect(probe("", [])).toBe("checked function");
    expect(probe("", ["browser"])).toBe('RuntimeError: The checked core (coreChecks, WASYNCIO_CORE_DEBUG) is not in this bundle: import "wasyncio/debug-core" first');
    expect(probe(`await import("wasyncio/debug-core");`, ["browser"])).toBe("checked function");
  });
});
