// The package's export conditions pick the host adapter, never by sniffing globals (API.md).
// Checked on the built package through Node's own resolution of "wasyncio" (self-reference).
import { describe, it, expect } from "vitest";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

function hostUnder(conditions: string[]): string {
  const code = `import("wasyncio").then(async (w) => console.log(await w.run(function* () { return w.getRunningLoop()._host.name; })))`;
  return execFileSync(process.execPath, [...conditions.map((c) => `--conditions=${c}`), "--input-type=module", "-e", code], { encoding: "utf8" }).trim();
}

describe("package exports", () => {
  it("node picks the Node host; browser (and workerd's bundlers) the portable one", () => {
    expect(existsSync("dist/ts/entry/node.js"), "dist/ is built by `npm test` (or `npm run build`)").toBe(true);
    expect(hostUnder([])).toBe("node");
    expect(hostUnder(["browser"])).toBe("browser");
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
