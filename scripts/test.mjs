// `npm test`: builds the core, runs the Node suite and the browser suite (real headless
// Chromium), and ends with one plain "N passed, N failed" line over both.
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";

const extra = process.argv.slice(2);
const step = (cmd, args) => spawnSync(cmd, args, { stdio: "inherit", env: process.env }).status ?? 1;

// The whole build: core.wasm, then the TypeScript package (dist/), which the REPL and the
// package-entry tests use.
if (step("node", ["scripts/build-core.mjs"]) !== 0 || step("npx", ["tsc", "-p", "tsconfig.build.json"]) !== 0) {
  console.log("0 passed, 1 failed");
  process.exit(1);
}
const reports = [];
const suites = [["node", "vitest.config.ts"]];
if (!process.env.WASYNCIO_SKIP_BROWSER) suites.push(["browser", "vitest.browser.config.ts"]);
for (const [name, config] of suites) {
  const out = `.vitest-${name}.json`;
  rmSync(out, { force: true });
  reports.push(out);
  step("npx", ["vitest", "run", "--config", config, "--reporter=default", "--reporter=json", `--outputFile.json=${out}`, ...extra]);
}
process.exit(step("node", ["scripts/summary.mjs", ...reports]));
