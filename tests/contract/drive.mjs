// drive.mjs: runs the contract bundles (scripts/contract.mjs) inside Deno or Bun, one file after
// the other in one process (each bundle has its own copy of the library, so no file sees another's
// module state), and reports each file's results to the runner as one line on stdout:
// `@@contract {"file": ..., "results": [...]}`. The manifest's path is in CONTRACT_MANIFEST.
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const manifest = JSON.parse(readFileSync(process.env.CONTRACT_MANIFEST, "utf8"));
globalThis.__contractConfig = manifest.config;

/** The reason a test is skipped on this host, from the manifest's skip list (tests/contract/skips.mjs). */
function skipper(file) {
  const mine = manifest.skips.filter((s) => s.file === file);
  return (name) => mine.find((s) => name === s.test || name.startsWith(`${s.test} > `))?.reason;
}

for (const { file, bundle } of manifest.files) {
  let results;
  try {
    const m = await import(pathToFileURL(bundle).href);
    results = await m.run({ skip: skipper(file), timeoutFactor: manifest.timeoutFactor ?? 1 });
  } catch (e) {
    results = [{ name: "(the file did not load)", state: "failed", ms: 0, error: e instanceof Error ? (e.stack ?? String(e)) : String(e) }];
  }
  process.stdout.write(`@@contract ${JSON.stringify({ file, results })}\n`);
}
process.exit(0);
