// types.node.test.ts: the published types (dist/**/*.d.ts, as npm ships them) compile in a
// user's strict project with skipLibCheck off, for the package root, every host entry, portable
// and debug-core; gather() is typed as a tuple; `@internal` members are not published
// (tsconfig.build.json's stripInternal). tests/examples/types/user.ts is the program; its
// `@ts-expect-error` lines are the negative checks. Needs dist/ (npm test builds it first).
import { it, expect } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

function dts(dir: string, out: string[] = []): string[] {
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) dts(p, out);
    else if (f.endsWith(".d.ts")) out.push(p);
  }
  return out;
}

it("a user's strict program compiles against dist/*.d.ts (gather tuples, every entry point, no internals)", () => {
  expect(existsSync("dist/ts/index.d.ts"), "dist/ is built by `npm test` (or `npm run build`)").toBe(true);
  const r = spawnSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tests/examples/types/tsconfig.json"], { encoding: "utf8" });
  expect(r.stdout + r.stderr).toBe("");
  expect(r.status).toBe(0);
});

it("no @internal declaration is published", () => {
  const files = dts("dist");
  expect(files.length).toBeGreaterThan(20);
  const leaks = files.filter((f) => readFileSync(f, "utf8").includes("@internal"));
  expect(leaks).toEqual([]);
});
