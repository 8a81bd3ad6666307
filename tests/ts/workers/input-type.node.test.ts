// toThread from a program started as `node --input-type=module -e …`: Node hands the process's
// options to worker threads, and the pool's worker source is a script, so the flag is left out.
// Needs dist/ (npm test builds it first).
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { expect, it } from "vitest";

it("toThread works in a program run with --input-type=module", () => {
  const entry = pathToFileURL(resolve("dist/ts/entry/node.js")).href;
  const work = pathToFileURL(resolve("tests/ts/fixtures/work.mjs")).href;
  const program = `import { run, toThread } from ${JSON.stringify(entry)};
console.log(await run(function* () { return yield* toThread(new URL(${JSON.stringify(work)}), "add", 2, 3); }));`;
  for (const flags of [["--input-type=module"], ["--input-type", "module"]]) {
    const r = spawnSync(process.execPath, [...flags, "-e", program], { encoding: "utf8", timeout: 20_000 });
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("5\n");
  }
});
