// Prints the plain closing line CI reads ("N passed, N failed[, N skipped]") from vitest's JSON
// report(s) and the contract runner's (.contract-<host>.json, the same shape: scripts/contract.mjs).
// Exit code: 1 if any test failed or a report is missing or empty, else 0.
import { existsSync, readFileSync } from "node:fs";

let passed = 0, failed = 0, skipped = 0, missing = 0;
for (const f of process.argv.slice(2)) {
  if (!existsSync(f)) {
    console.error(`summary: no report at ${f}`);
    missing++;
    continue;
  }
  const r = JSON.parse(readFileSync(f, "utf8"));
  let [p, x, k] = [r.numPassedTests ?? 0, r.numFailedTests ?? 0, (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0)];
  // A file that failed outside its tests counts as a failure: one that failed to load (no test
  // ran), or whose beforeAll/afterAll hook threw (vitest then reports its tests as skipped, and
  // numFailedTests stays 0: a workerd that could not bind its port once read as "0 failed").
  for (const s of r.testResults ?? []) if (s.status === "failed" && !(s.assertionResults ?? []).some((a) => a.status === "failed")) x++;
  // One line per suite first (.vitest-node.json -> "node", .contract-deno.json -> "deno").
  console.log(`  ${f.replace(/^.*?\.(?:vitest|contract)-([^.]+)\.json$/, "$1")}: ${p} passed, ${x} failed${k ? `, ${k} skipped` : ""}`);
  passed += p;
  failed += x;
  skipped += k;
}
if (passed + failed === 0) missing++;
console.log(`${passed} passed, ${failed + missing} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed + missing > 0 ? 1 : 0);
