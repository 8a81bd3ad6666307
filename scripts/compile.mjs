// compile.mjs: the package's JavaScript and declarations (dist/ts, dist/host, dist/gen) from the
// TypeScript, after removing what an earlier build left there. tsc only adds and overwrites, so a
// file whose source was moved or deleted stayed in dist/, was published, and failed the
// "nothing @internal is published" test on a developer's machine with an old dist/. dist/build
// (the core's .wasm files, written by build-core.mjs) is left as it is.
//
//   node scripts/compile.mjs        (npm run build runs build-core.mjs, then this)
import { readFileSync, rmSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const config = JSON.parse(readFileSync(join(root, "tsconfig.build.json"), "utf8"));
const outDir = config.compilerOptions.outDir;
for (const dir of config.include) rmSync(join(root, outDir, dir), { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const r = spawnSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json")], { stdio: "inherit" });
process.exit(r.status ?? 1);
