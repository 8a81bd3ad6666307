// `npm test`: builds the core, runs the Node suite, the browser suite (real headless Chromium),
// the contract suite on Deno, Bun and workerd, and the WASI suite, and ends with one plain "N passed, N failed"
// line over all of them.
import { spawnSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";

const extra = process.argv.slice(2);
const step = (cmd, args) => spawnSync(cmd, args, { stdio: "inherit", env: process.env }).status ?? 1;

// The whole build: core.wasm, then the TypeScript package (dist/), which the REPL and the
// package-entry tests use.
console.log("npm test: building the core (core.wasm, gen/)...");
if (step("node", ["scripts/build-core.mjs"]) !== 0 || (console.log("npm test: compiling the package (dist/)..."), step("node", ["scripts/compile.mjs"])) !== 0) {
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
  console.log(`npm test: the ${name} suite (${config})...`);
  step("npx", ["vitest", "run", "--config", config, "--reporter=default", "--reporter=json", `--outputFile.json=${out}`, ...extra]);
}
// The reference (`npm run docs`, TypeDoc into docs/site/): counted as one test in the closing line.
if (extra.length === 0) {
  console.log("npm test: building the reference (npm run docs)...");
  const ok = step("npx", ["typedoc", "--logLevel", "Warn"]) === 0;
  writeFileSync(".vitest-docs.json", JSON.stringify({ numPassedTests: ok ? 1 : 0, numFailedTests: ok ? 0 : 1 }));
  reports.push(".vitest-docs.json");
}
// The contract suite on Deno, Bun and workerd (scripts/contract.mjs): each host writes a report of
// the same shape, which the closing line adds up with the others. WASYNCIO_SKIP_CONTRACT=1 skips it,
// and so do vitest arguments (`npm test -- <filter>` selects Node and browser tests).
if (!process.env.WASYNCIO_SKIP_CONTRACT && extra.length === 0) {
  for (const h of ["deno", "bun", "workerd"]) rmSync(`.contract-${h}.json`, { force: true });
  console.log("npm test: the contract suite on Deno, Bun and workerd...");
  step("node", ["scripts/contract.mjs"]);
  reports.push(".contract-deno.json", ".contract-bun.json", ".contract-workerd.json");
}
// The WASI suite (scripts/test-wasi.mjs): the components built, the guest on jco and Wasmtime, the
// core component driven from Python. WASYNCIO_SKIP_WASI=1 skips it, as do vitest arguments.
if (!process.env.WASYNCIO_SKIP_WASI && extra.length === 0) {
  rmSync(".contract-wasi.json", { force: true });
  spawnSync("node", ["scripts/test-wasi.mjs"], { stdio: "inherit", env: { ...process.env, WASYNCIO_WASI_BUILT: "1" } });
  reports.push(".contract-wasi.json");
}
process.exit(step("node", ["scripts/summary.mjs", ...reports]));
