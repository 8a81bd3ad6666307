// abi.test.ts: one source for the core's ABI. gen/core-abi.ts is generated from assembly/
// (scripts/gen-abi.mjs); here every other statement of the ABI is held to it:
// - wit/: each enum and flags type mirrors a group of constants, case by case in value order,
//   and the negative statuses that sync.wit lists in prose carry the values of the ST_ constants;
// - core.wasm exports exactly CoreExports' functions;
// - no source file outside gen/ (and the AssemblyScript files the constants come from) defines an
//   ABI constant by name with a literal of its own, or writes out an export's signature by hand:
//   they import gen/core-abi.ts instead.
import { describe, it, expect } from "vitest";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import * as abi from "../../gen/core-abi.js";
import { CORE_FUNCTIONS, WIT_MIRRORS } from "../../gen/core-abi.js";
import { coreBytes } from "../../host/load.js";
import { parseWit, camel, kebab } from "./wit-parse.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const witDir = join(root, "wit");
const witFiles = readdirSync(witDir)
  .filter((f) => f.endsWith(".wit"))
  .sort()
  .map((f) => ({ name: f, text: readFileSync(join(witDir, f), "utf8") }));
const wit = parseWit(witFiles);
const constants = (Object.entries(abi) as [string, unknown][]).filter((e): e is [string, number] => typeof e[1] === "number");

describe("gen/core-abi.ts and wit/", () => {
  it.each(WIT_MIRRORS.map((m) => [`${m.kind} ${m.name}`, m] as const))("%s has the cases of its constants, in value order", (_, m) => {
    expect(wit.declaredIn.get(m.name), `${m.name} is not declared in wit/`).toBe(m.file.replace(/^wit\//, ""));
    expect((m.kind === "enum" ? wit.enums : wit.flags).get(m.name), `${m.name} is not a WIT ${m.kind}`).toEqual([...m.cases]);
    const values = m.constants.map((c) => (abi as Record<string, unknown>)[c]);
    expect(values).toEqual(m.cases.map((_c, i) => (m.kind === "enum" ? i : 2 ** i)));
  });

  it("mirrors every WIT enum and flags type in constants", () => {
    const mirrored = WIT_MIRRORS.map((m) => m.name).sort();
    expect([...wit.enums.keys(), ...wit.flags.keys()].sort()).toEqual(mirrored);
  });

  it("gives every negative status the value sync.wit states for it", () => {
    // sync.wit: "-1 is not-locked (lock, condition), over-release (…) … ; -2 is shutdown (…) …"
    const text = witFiles.find((f) => f.name === "sync.wit")!.text.replace(/\s*\/\/\/\s*/g, " ");
    const clauses = new Map([...text.matchAll(/(-\d+) is ([^;.]+)/g)].map((m) => [Number(m[1]), m[2]]));
    const statuses = constants.filter(([k]) => k.startsWith("ST_"));
    expect(statuses.length).toBeGreaterThan(0);
    for (const [name, value] of statuses) {
      const word = name.slice(3).toLowerCase().replace(/_/g, "-");
      expect(clauses.get(value) ?? "", `${name} = ${value}: sync.wit's "${value} is …" should name ${word}`).toMatch(new RegExp(`(^|[ ,(])${word}\\b`));
    }
    // …and names nothing that is not a status of that value.
    const named = [...clauses.entries()].flatMap(([v, c]) => [...c.matchAll(/(?:^|, | or )([a-z-]+) \(/g)].map((m) => `${v} ${m[1]}`));
    expect(named.sort()).toEqual(statuses.map(([k, v]) => `${v} ${k.slice(3).toLowerCase().replace(/_/g, "-")}`).sort());
  });

  it("names every WIT function in CoreExports, and nothing else", () => {
    expect([...CORE_FUNCTIONS].sort()).toEqual(wit.funcs.map((f) => camel(f.name)).sort());
    for (const f of CORE_FUNCTIONS) expect(kebab(f)).toBe(wit.funcs.find((w) => camel(w.name) === f)?.name);
  });

  it.each(["release", "debug"] as const)("matches the %s build's exports", (kind) => {
    const exported = WebAssembly.Module.exports(new WebAssembly.Module(coreBytes(kind) as BufferSource));
    expect(exported.filter((e) => e.kind === "function").map((e) => e.name).sort()).toEqual([...CORE_FUNCTIONS].sort());
    expect(exported.filter((e) => e.kind !== "function").map((e) => e.name)).toEqual(["memory"]);
  });
});

// ---- no copies --------------------------------------------------------------------------------

/** Where the constants are defined (gen/ is made from these), and this file's own examples. */
const SOURCES = new Set(["assembly/abi.ts", "assembly/sync-abi.ts", "tests/wit/abi.test.ts"]);
const SKIP_DIRS = new Set(["node_modules", "dist", "build", "gen", "__screenshots__", "results", ".git"]);

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(root, dir))) {
    const rel = `${dir}/${name}`;
    if (statSync(join(root, rel)).isDirectory()) {
      if (!SKIP_DIRS.has(name)) out.push(...sourceFiles(rel));
    } else if (/\.(ts|mts|cts|js|mjs|cjs)$/.test(name) && !SOURCES.has(rel)) out.push(rel);
  }
  return out;
}

const lists = WIT_MIRRORS.map((m) => Object.entries(abi).find(([, v]) => v === m.cases)![0]);
/** Prefixes that two or more constants share (ST_, W_, Q_…): a new name in such a family is a
 *  copy too (the façade's ST_FAIL stands for several statuses). */
const families = [...new Set(constants.map(([k]) => k.slice(0, k.indexOf("_") + 1)))].filter(
  (p) => constants.filter(([k]) => k.startsWith(p)).length > 1,
);
const literal = String.raw`-?(?:0x[0-9a-fA-F]+|0b[01]+|\d+)\b`;
/** `const NAME = 16`, `let NAME: u8 = 16`, `NAME = -1,` in an enum, `const ST_OTHER = -1`,
 *  `const BARRIER_STATES = [`. */
const names = [...constants.map(([k]) => k), ...families.map((p) => `${p}[A-Z0-9_]+`)];
const definition = new RegExp(
  String.raw`(?:\b(?:const|let|var)\s+|^\s*)(${names.join("|")})\b\s*(?::[^=;]+)?=\s*${literal}` +
    String.raw`|\b(?:const|let|var)\s+(${lists.join("|")})\b\s*(?::[^=;]+)?=\s*(?:Object\.freeze\(\s*)?\[`,
);
/** An interface member or declared method with the name of an export: `lockNew(): number;`. */
const signature = new RegExp(String.raw`^\s*(?:readonly\s+)?(${CORE_FUNCTIONS.join("|")})\s*(?:\?\s*)?\([^)]*\)\s*:\s*[\w|\s]+;`);

function copies(dir: string, re: RegExp): string[] {
  const found: string[] = [];
  for (const file of sourceFiles(dir)) {
    readFileSync(join(root, file), "utf8")
      .split("\n")
      .forEach((line, i) => {
        if (re.test(line)) found.push(`${file}:${i + 1}: ${line.trim()}`);
      });
  }
  return found;
}

// ts/ and host/ still hold copies until the façade imports gen/core-abi.ts (see the report of the
// ABI restructure): these two checks fail on them until then.
describe.each(["assembly", "tests", "scripts", "bench", "examples", "ts", "host"])("%s/", (dir) => {
  it("defines no ABI constant of its own (it imports gen/core-abi.ts)", () => {
    expect(copies(dir, definition), `copies of ABI constants in ${dir}/`).toEqual([]);
  });

  it("writes out no export signature of core.wasm (CoreExports is in gen/core-abi.ts)", () => {
    expect(copies(dir, signature), `hand-written export signatures in ${dir}/`).toEqual([]);
  });
});

it("the checks above find a copy where there is one", () => {
  expect(definition.test("const TASK_BIT = 0x80000000;")).toBe(true);
  expect(definition.test("export const F_MUST_CANCEL: u8 = 16;")).toBe(true);
  expect(definition.test("  W_PENDING = 1,")).toBe(true);
  expect(definition.test('export const BARRIER_STATES = ["filling", "draining"] as const;')).toBe(true);
  expect(definition.test("export const ST_FAIL = -1;")).toBe(true);
  expect(definition.test("const TIME_SLICE_MS = 8;")).toBe(false);
  expect(definition.test("if (e & TASK_BIT) {")).toBe(false);
  expect(signature.test("  lockNew(): number;")).toBe(true);
  expect(signature.test("  qWaitEnd(q: number, node: number, side: number, aborted: number): void;")).toBe(true);
  expect(signature.test("    core.lockNew();")).toBe(false);
});

// ---- the core as a component (wit/component/core.wit, scripts/build-component.mjs) -------------

describe("wit/component/core.wit", () => {
  it("is what scripts/build-component.mjs makes of wit/ (npm run build:component)", async () => {
    const { componentWitSource } = await import("../../scripts/build-component.mjs");
    expect(readFileSync(join(root, "wit", "component", "core.wit"), "utf8")).toBe(componentWitSource());
  });

  it("has every function of CoreExports but the two memory addresses, and nothing else", async () => {
    const { componentFunctions } = await import("../../scripts/build-component.mjs");
    const fns = (componentFunctions() as [string, string][]).map(([, f]) => camel(f));
    expect(new Set(fns).size).toBe(fns.length);
    const pointers = CORE_FUNCTIONS.filter((f) => !fns.includes(f));
    expect([...pointers].sort()).toEqual(["batchPtr", "readyCountPtr"]);
    expect(fns.filter((f) => !(CORE_FUNCTIONS as readonly string[]).includes(f))).toEqual([]);
  });

  it("states no pointer or memory, and returns the batch as a list", () => {
    const text = readFileSync(join(root, "wit", "component", "core.wit"), "utf8").replace(/\/\/[^\n]*/g, "");
    expect(text).not.toMatch(/-ptr:|\bmemory:/);
    expect(text).toMatch(/collect: func\(end: millis\) -> list<entry>;/);
  });
});
