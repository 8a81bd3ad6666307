// vite-like.mjs: the esbuild plugin that does to a test file what vite does and a bundle would
// not, for every runner that bundles the host-neutral tests outside vitest (scripts/contract.mjs
// for Deno, Bun and workerd; tests/wasi/contract.mjs for a WASI guest).
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Segment-wise match of a relative glob ("./expected/*\/*.txt": `*` within one segment). */
function globFiles(dir, pattern) {
  const segs = pattern.replace(/^\.\//, "").split("/");
  const re = (s) => new RegExp(`^${s.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*")}$`);
  let found = [""];
  for (const seg of segs) {
    if (seg === "**") throw new Error("import.meta.glob: ** is not supported by the contract runner");
    const next = [];
    for (const base of found) {
      const d = join(dir, base);
      if (!existsSync(d) || !statSync(d).isDirectory()) continue;
      for (const n of readdirSync(d).sort()) if (re(seg).test(n)) next.push(base ? `${base}/${n}` : n);
    }
    found = next;
  }
  return found.filter((f) => statSync(join(dir, f)).isFile()).map((f) => `./${f}`);
}

/** What vite does to a test file that a bundle would not: import.meta.glob(pattern, { query:
 *  "?raw", import: "default", eager: true }) is inlined, and in the test files (tests/), whose
 *  import.meta.url vite keeps as the file's own, it stays that file's URL rather than the
 *  bundle's (workerd has no file URL for a module at all). */
export const viteLikeTestTransforms = {
  name: "vite-like-test-transforms",
  setup(build) {
    build.onLoad({ filter: /\.[cm]?ts$/ }, (a) => {
      let src = readFileSync(a.path, "utf8");
      const isTest = relative(root, a.path).startsWith("tests/");
      if (!src.includes("import.meta.glob(") && !(isTest && src.includes("import.meta.url"))) return undefined;
      if (isTest) src = src.replaceAll("import.meta.url", JSON.stringify(pathToFileURL(a.path).href));
      const contents = src.replace(/import\.meta\.glob\(\s*(["'])([^"']+)\1\s*(?:,\s*(\{[^)]*\}))?\s*\)/g, (_m, _q, pattern, opts = "") => {
        if (!/eager:\s*true/.test(opts) || !/query:\s*["']\?raw["']/.test(opts) || !/import:\s*["']default["']/.test(opts))
          throw new Error(`${a.path}: the contract runner inlines only import.meta.glob(…, { query: "?raw", import: "default", eager: true })`);
        const entries = globFiles(dirname(a.path), pattern).map((f) => `${JSON.stringify(f)}: ${JSON.stringify(readFileSync(join(dirname(a.path), f), "utf8"))}`);
        return `({${entries.join(",\n")}})`;
      });
      return { contents, loader: "ts" };
    });
  },
};

