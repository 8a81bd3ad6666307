// boundary.node.test.ts: the host boundary (#9), read from the sources' import statements. The
// façade (ts/, but for the package entries in ts/entry/, which put a façade and a host together)
// imports only types from host/, and values only from the loader (host/load.ts); hosts import
// nothing from ts/ but types; no file under ts/ patches EventLoop's prototype.
import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

function walk(dir: string, out: string[] = []): string[] {
  for (const n of readdirSync(dir)) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (p.endsWith(".ts")) out.push(p);
  }
  return out;
}

/** Every import/export-from of `file`: its target (relative to the root) and whether it is type-only. */
function imports(file: string): { target: string; typeOnly: boolean }[] {
  const src = readFileSync(file, "utf8");
  const out: { target: string; typeOnly: boolean }[] = [];
  for (const m of src.matchAll(/^\s*(import|export)(\s+type)?\s+(?:[^"';]*?\sfrom\s+)?["'](\.{1,2}\/[^"']+)["']/gm)) {
    const named = src.slice(m.index!, src.indexOf(";", m.index!));
    // `import { type A, type B } from` is type-only too
    const braces = named.match(/\{([^}]*)\}/)?.[1];
    const allTypes = braces !== undefined && braces.split(",").every((s) => s.trim() === "" || /^type\s/.test(s.trim()));
    out.push({ target: relative(ROOT, resolve(dirname(file), m[3])), typeOnly: m[2] !== undefined || allTypes });
  }
  return out;
}

const rel = (f: string) => relative(ROOT, f);

describe("the host boundary", () => {
  it("the façade imports values from host/ only through the loader", () => {
    const bad: string[] = [];
    for (const f of walk(join(ROOT, "ts"))) {
      if (rel(f).startsWith("ts/entry/")) continue;
      for (const i of imports(f)) if (i.target.startsWith("host/") && !i.typeOnly && i.target !== "host/load.js") bad.push(`${rel(f)} -> ${i.target}`);
    }
    expect(bad).toEqual([]);
  });

  it("hosts import nothing from ts/ but types", () => {
    const bad: string[] = [];
    for (const f of walk(join(ROOT, "host"))) for (const i of imports(f)) if (i.target.startsWith("ts/") && !i.typeOnly) bad.push(`${rel(f)} -> ${i.target}`);
    expect(bad).toEqual([]);
  });

  it("no module patches EventLoop.prototype: every loop method is a member of ts/loop/loop.ts", () => {
    const bad = walk(join(ROOT, "ts")).filter((f) => /EventLoop\.prototype\.\w+\s*=|declare module ["'][^"']*loop/.test(readFileSync(f, "utf8")));
    expect(bad.map(rel)).toEqual([]);
  });

  it("the loop reads neither the global clock nor the process environment", () => {
    const src = readFileSync(join(ROOT, "ts/loop/loop.ts"), "utf8");
    expect(src).not.toMatch(/performance\.now\(|process\.env|globalThis\)?\.process|instanceof VirtualClock/);
  });
});
