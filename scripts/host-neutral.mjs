// host-neutral.mjs: which test files are host-neutral, for every suite that runs them on a host
// other than Node (the browser suite, vitest.browser.config.ts; the contract runner for Deno, Bun
// and workerd, scripts/contract.mjs). A test file is host-neutral when it imports no Node
// built-in module (node:*, fs, child_process, ...), directly or through a test helper it imports
// within tests/, imports no Node adapter (host/node*), and is not named *.node.test.ts; the rest
// run on Node only. The list is computed, so no test is forgotten on either side.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Every file under `dir` whose name ends with `suffix`, as paths relative to the repository. */
export function walk(dir, suffix = ".test.ts", out = []) {
  for (const name of readdirSync(join(root, dir)).sort()) {
    const p = join(dir, name);
    if (statSync(join(root, p)).isDirectory()) walk(p, suffix, out);
    else if (p.endsWith(suffix)) out.push(p);
  }
  return out;
}

const nodeOnly = /from\s+["'](node:[^"']+|fs|path|os|child_process|worker_threads|net|tls|dgram|url)["']|\bimport\(["']node:/;
const relImport = /(?:from|import)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g;

/** True when the file, or a test helper it imports (transitively, within tests/), needs Node. */
export function needsNode(file, seen = new Set()) {
  if (seen.has(file)) return false;
  seen.add(file);
  const src = readFileSync(join(root, file), "utf8");
  if (nodeOnly.test(src)) return true;
  for (const m of src.matchAll(relImport)) {
    let dep = join(dirname(file), m[1]);
    if (/^host\/node/.test(dep)) return true; // the Node adapter and its facets
    if (!dep.startsWith("tests")) continue; // the rest of the library is host-neutral by design
    if (dep.endsWith(".js")) dep = dep.slice(0, -3) + ".ts";
    if (!existsSync(join(root, dep)) && existsSync(join(root, dep + ".ts"))) dep += ".ts";
    if (existsSync(join(root, dep)) && needsNode(dep, seen)) return true;
  }
  return false;
}

/** The host-neutral test files, relative to the repository root (tests/...). */
export function hostNeutralTests() {
  return walk("tests").filter((f) => !f.endsWith(".node.test.ts") && !needsNode(f));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const f of hostNeutralTests()) console.log(relative(".", join(root, f)));
}
