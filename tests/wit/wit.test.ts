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
    const checked = new Set<string>();
    // The exports whose body asserts (debug build) must say so in WIT.
    for (const f of readdirSync(fileURLToPath(new URL("../../assembly/", import.meta.url))).filter((f) => f.endsWith(".ts"))) {
      const src = readFileSync(fileURLToPath(new URL(`../../assembly/${f}`, import.meta.url)), "utf8");
      for (const m of src.matchAll(/export function (\w+)\([^)]*\)[^{]*\{([\s\S]*?)\n\}/g)) {
        if (/\bassert\(/.test(m[2])) checked.add(kebab(m[1]));
      }
    }
    for (const f of wit.funcs) {
      expect(f.docs, `${f.iface}.${f.name} has no /// doc`).not.toBe("");
      if (checked.has(f.name)) expect(f.docs, `${f.iface}.${f.name} asserts: say "This function traps if"`).toMatch(/This function traps/);
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
