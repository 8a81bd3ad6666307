// runtimes.mjs: where the other hosts' binaries are. Each comes from its npm package (devDependencies
// `deno`, `bun`, `workerd`; their install scripts, listed in package.json's allowScripts, put the
// platform's binary in place), so `npm ci` is all a machine needs. The real binaries are used, not
// the packages' Node wrappers in node_modules/.bin, which would put a Node process in front of
// every run.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(join(root, "package.json"));

function pkgDir(name) {
  try {
    return dirname(require.resolve(`${name}/package.json`));
  } catch {
    return null;
  }
}

const candidates = {
  deno: () => [join(pkgDir("deno") ?? "", "deno"), join(pkgDir("@deno/linux-x64-glibc") ?? "", "deno")],
  bun: () => [join(pkgDir("bun") ?? "", "bin", "bun.exe"), join(pkgDir("@oven/bun-linux-x64") ?? "", "bin", "bun")],
  workerd: () => [join(pkgDir("workerd") ?? "", "bin", "workerd"), join(pkgDir("@cloudflare/workerd-linux-64") ?? "", "bin", "workerd")],
};

/** The path of `name`'s binary (deno, bun, workerd), or an Error naming the npm package to install. */
export function runtime(name) {
  if (name === "node") return process.execPath;
  for (const p of candidates[name]?.() ?? []) if (p && existsSync(p)) return p;
  throw new Error(`${name}: its binary is missing: it comes from the npm package '${name}' (a devDependency; run \`npm ci\`, and keep '${name}' in package.json's allowScripts so its install script can place the binary)`);
}
