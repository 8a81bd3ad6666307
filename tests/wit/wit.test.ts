// wit.test.ts: wit/ states core.wasm's interface exactly. Every function of every interface in
// every wit/*.wit file is an export of core.wasm (release and debug builds) under its camelCase
// name, with the core-wasm signature its WIT types lower to; core.wasm exports nothing else but
// `memory`. A new export without WIT, or WIT without an export, fails here.
import { describe, it, expect } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { coreBytes } from "../../host/load.js";
import { exportedFunctions } from "./wasm-sig.js";
import { parseWit, coreType, camel, kebab } from "./wit-parse.js";

const witDir = fileURLToPath(new URL("../../wit/", import.meta.url));
const files = readdirSync(witDir)
  .filter((f) => f.endsWith(".wit"))
  .sort()
  .map((f) => ({ name: f, text: readFileSync(join(witDir, f), "utf8") }));
const wit = parseWit(files);

describe("wit/", () => {
  it("is one package", () => {
    expect(files.length).toBeGreaterThan(0);
    expect([...wit.packages]).toEqual(["wasyncio:core@0.1.0"]);
  });

  it("names every function once, in kebab-case that round-trips through camelCase", () => {
    const names = wit.funcs.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(kebab(camel(n))).toBe(n);
  });

  it("exports every interface that has functions from a world", () => {
    const exported = new Set([...wit.worldExports.values()].flat());
    for (const f of wit.funcs) expect(exported, `interface ${f.iface}`).toContain(f.iface);
    for (const e of exported) expect(wit.interfaces, `world export ${e}`).toContain(e);
  });

  it("documents every function, and says when a checked function traps", () => {
    // The exports that can trap in the debug build: their body asserts, or calls (transitively) a
    // function of assembly/ that does. Exports renamed with `as` are followed to their source.
    const dir = fileURLToPath(new URL("../../assembly/", import.meta.url));
    const bodies = new Map<string, string>();
    const renames = new Map<string, string>();
    for (const f of readdirSync(dir).filter((f) => f.endsWith(".ts"))) {
      const src = readFileSync(join(dir, f), "utf8").replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/[^\n]*/g, "");
      for (const m of src.matchAll(/^(?:@inline )?(?:export )?function (\w+)\([^)]*\)[^{]*\{([\s\S]*?)\n\}/gm)) bodies.set(m[1], m[2]);
      for (const m of src.matchAll(/\b(\w+) as (\w+)\b/g)) renames.set(m[2], m[1]);
    }
    const calls = (body: string, fn: string) => new RegExp(`(?<![.\\w])${fn}\\(`).test(body);
    const traps = new Set([...bodies].filter(([, b]) => calls(b, "assert") || calls(b, "unreachable")).map(([n]) => n));
    for (let grew = true; grew; ) {
      grew = false;
      for (const [n, b] of bodies) {
        if (!traps.has(n) && [...traps].some((t) => calls(b, t))) {
          traps.add(n);
          grew = true;
        }
      }
    }
    for (const f of wit.funcs) {
      expect(f.docs, `${f.iface}.${f.name} has no /// doc`).not.toBe("");
      const src = camel(f.name);
      const traps_ = traps.has(renames.get(src) ?? src);
      expect(/This function traps/.test(f.docs), `${f.iface}.${f.name}: "This function traps if" clause ${traps_ ? "missing" : "but it never traps"}`).toBe(traps_);
    }
  });

  describe.each(["release", "debug"] as const)("core.wasm (%s build)", (kind) => {
    const bytes = coreBytes(kind);
    const sigs = exportedFunctions(bytes);
    const mod = new WebAssembly.Module(bytes as BufferSource);

    it("exports exactly the WIT functions, plus memory", () => {
      const exported = WebAssembly.Module.exports(mod);
      expect(exported.filter((e) => e.kind !== "function").map((e) => `${e.kind} ${e.name}`)).toEqual(["memory memory"]);
      const fromWasm = exported.filter((e) => e.kind === "function").map((e) => kebab(e.name)).sort();
      const fromWit = wit.funcs.map((f) => f.name).sort();
      const missingInWit = fromWasm.filter((n) => !fromWit.includes(n));
      const missingInWasm = fromWit.filter((n) => !fromWasm.includes(n));
      expect({ missingInWit, missingInWasm }).toEqual({ missingInWit: [], missingInWasm: [] });
    });

    it("gives every export the signature its WIT types lower to", () => {
      for (const f of wit.funcs) {
        const sig = sigs.get(camel(f.name));
        if (sig === undefined) continue; // reported by the test above
        const want = { params: f.params.map((p) => coreType(wit, p.type)), results: f.result === null ? [] : [coreType(wit, f.result)] };
        expect(sig, `${f.iface}.${f.name}`).toEqual(want);
      }
    });

    it("has the WIT arity in JS too (fn.length)", () => {
      const imports: WebAssembly.Imports = WebAssembly.Module.imports(mod).length ? { env: { abort() {} } } : {};
      const inst = new WebAssembly.Instance(mod, imports);
      for (const f of wit.funcs) {
        const fn = inst.exports[camel(f.name)] as ((...a: unknown[]) => unknown) | undefined;
        if (fn === undefined) continue;
        expect(fn.length, `${f.iface}.${f.name}`).toBe(f.params.length);
      }
    });
  });
});
