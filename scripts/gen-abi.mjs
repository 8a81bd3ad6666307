// gen-abi.mjs: writes gen/core-abi.ts, the core's ABI for TypeScript, from the AssemblyScript
// sources, so that the façade, the hosts and the tests declare none of it by hand:
//
//   interface CoreExports  every function export of core.wasm (what assembly/index.ts defines and
//                          re-exports, `export { a as b } from` and `export * from` followed to
//                          the definition), typed from its AssemblyScript signature, with its doc
//                          comment; plus `memory`
//   export const NAME      every constant of assembly/abi.ts and assembly/sync-abi.ts, with its
//                          doc comment and its literal as written
//   NAMES lists            for each group headed `// enum NAME (wit/FILE)` or `// flags NAME
//                          (wit/FILE)` (abi.ts says the rules): the cases' names in value order
//                          (BARRIER_STATES[B_DRAINING] === "draining"), and WIT_MIRRORS, which
//                          tests/wit/abi.test.ts compares with wit/
//   CORE_FUNCTIONS         the export names, as a frozen list
//
// Then it checks the list against the real exports of build/core.wasm and build/core.debug.wasm
// (WebAssembly.Module.exports: the same function names, only `memory` besides, and each
// function's arity) and throws, failing the build, if they differ.
//
// It reads the sources with regular expressions, not a compiler: it understands the forms the
// core uses and fails on anything else in an ABI file (a line it does not recognise, a constant
// that is not an integer literal, a type it cannot map), so it cannot pass by skipping
// something. Rejected: asc's own `--bindings` output. It types the JS wrappers it generates around
// every export (`taskFinish(id) >>> 0`, `timerCancel(id) != 0`), while the façade calls the raw
// exports (no wrapper call on the hot path: u32 results come back signed, bools as 0/1), and it
// has no constants.
//
// Usage: node scripts/gen-abi.mjs      (after asc; scripts/build-core.mjs runs it)

import { readFileSync, writeFileSync, mkdirSync, existsSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
/** The files whose constants are the ABI's, in output order. */
const CONSTANT_FILES = ["assembly/abi.ts", "assembly/sync-abi.ts"];
const ENTRY = "assembly/index.ts";
const BUILDS = ["build/core.wasm", "build/core.debug.wasm"];

/** AssemblyScript scalar types -> the Wasm value type they cross the boundary as. */
const WASM_TYPE = {
  bool: "i32", i8: "i32", u8: "i32", i16: "i32", u16: "i32", i32: "i32", u32: "i32", isize: "i32", usize: "i32",
  f32: "f32", f64: "f64",
};
/** Integer ranges, to check a constant's literal against its declared type. */
const RANGE = {
  u8: [0, 0xff], i8: [-0x80, 0x7f], u16: [0, 0xffff], i16: [-0x8000, 0x7fff],
  u32: [0, 0xffffffff], i32: [-0x80000000, 0x7fffffff],
};

class AbiError extends Error {}
const fail = (msg) => {
  throw new AbiError(`gen-abi: ${msg}`);
};

/** The text lines of a doc comment (`/** … *\/`), without the comment markers. */
function docLines(comment) {
  return comment
    .replace(/^\/\*\*/, "")
    .replace(/\*\/$/, "")
    .split("\n")
    // " * text" and the aligned " *  text" of a continued first line both lose their prefix.
    .map((l, i) => (i === 0 ? l.trimStart() : l.replace(/^\s*\*(?: {1,2}|$)/, "")).trimEnd())
    .filter((l, i, a) => !(l === "" && (i === 0 || i === a.length - 1)));
}

/** A doc comment at `indent` from text lines. */
function jsdoc(lines, indent = "") {
  if (lines.length === 0) return "";
  if (lines.length === 1) return `${indent}/** ${lines[0]} */\n`;
  return `${indent}/**\n${lines.map((l) => `${indent} *${l ? ` ${l}` : ""}`).join("\n")}\n${indent} */\n`;
}

// ---- functions: what index.ts exports --------------------------------------------------------

const modules = new Map();

/** A source module's own exported functions, named re-exports and star re-exports, in order. */
function readModule(file) {
  let m = modules.get(file);
  if (m) return m;
  const path = join(ROOT, file);
  if (!existsSync(path)) fail(`${file} not found`);
  const src = readFileSync(path, "utf8");
  m = { file, funcs: new Map(), items: [], others: [] };
  const fnRe = /(?:^(\/\*\*(?:(?!\*\/)[\s\S])*\*\/)[ \t]*\n)?^(?:@inline[ \t]+)?export[ \t]+function[ \t]+(\w+)[ \t]*(<[^>]*>)?\(([^)]*)\)[ \t]*(?::[ \t]*([\w<>]+))?/gm;
  for (const x of src.matchAll(fnRe)) {
    const [, doc, name, generic, params, ret] = x;
    const f = { name, file, doc: doc ? docLines(doc) : [], generic: !!generic, paramText: params, ret: ret ?? "" };
    m.funcs.set(name, f);
    m.items.push({ at: x.index + (doc?.length ?? 0), kind: "fn", name });
  }
  for (const x of src.matchAll(/^export[ \t]*\{([^}]*)\}[ \t]*from[ \t]*"([^"]+)"[ \t]*;/gm)) {
    const from = resolveFile(file, x[2]);
    for (const spec of x[1].split(",").map((s) => s.trim()).filter(Boolean)) {
      const y = /^(\w+)(?:\s+as\s+(\w+))?$/.exec(spec);
      if (!y) fail(`${file}: cannot read the re-export \`${spec}\``);
      m.items.push({ at: x.index, kind: "re", name: y[2] ?? y[1], source: y[1], from });
    }
  }
  for (const x of src.matchAll(/^export[ \t]*\*[ \t]*from[ \t]*"([^"]+)"[ \t]*;/gm)) {
    m.items.push({ at: x.index, kind: "star", from: resolveFile(file, x[1]) });
  }
  for (const x of src.matchAll(/^(?:@\w+[ \t]+)?export[ \t]+(const|let|var|class|enum|namespace|abstract|declare|default)\b[^\n]*/gm)) {
    m.others.push(x[0]);
  }
  for (const x of src.matchAll(/^export[ \t]*\{[^}]*\}[ \t]*;/gm)) m.others.push(x[0]);
  m.items.sort((a, b) => a.at - b.at);
  modules.set(file, m);
  return m;
}

function resolveFile(from, spec) {
  if (!spec.startsWith("./")) fail(`${from}: re-export from "${spec}": only ./relative modules of assembly/ are understood`);
  return join(dirname(from), `${spec.slice(2)}.ts`);
}

/** Every export of module `file` as [exported name, function definition], in order. Each one
 *  becomes an export of core.wasm, so the module may export functions only. */
function exportsOf(file, seen = new Set()) {
  if (seen.has(file)) fail(`${file}: re-export cycle`);
  seen = new Set(seen).add(file);
  const m = readModule(file);
  if (m.others.length) {
    fail(`${file} exports something other than functions into core.wasm (a Wasm global or worse): ${m.others.join("; ")}`);
  }
  const out = [];
  for (const it of m.items) {
    if (it.kind === "fn") out.push([it.name, m.funcs.get(it.name)]);
    else if (it.kind === "re") out.push([it.name, definition(it.from, it.source, seen)]);
    else out.push(...exportsOf(it.from, seen));
  }
  return out;
}

/** The definition of the function module `file` exports as `name`. */
function definition(file, name, seen) {
  const m = readModule(file);
  if (m.funcs.has(name)) return m.funcs.get(name);
  for (const it of m.items) {
    if (it.kind === "re" && it.name === name) return definition(it.from, it.source, seen);
  }
  for (const it of m.items) {
    if (it.kind !== "star") continue;
    const hit = exportsOf(it.from, seen).find(([n]) => n === name);
    if (hit) return hit[1];
  }
  fail(`${file} does not export a function \`${name}\``);
}

/** A function's parameters as [{ name, type }] and its result type, checked. */
function signature(f) {
  const where = `${f.file}: ${f.name}`;
  if (f.generic) fail(`${where} is generic; an export must have one concrete signature`);
  if (!f.ret) fail(`${where} has no declared result type`);
  const params = f.paramText
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => {
      const y = /^(\w+)\s*:\s*(\w+)$/.exec(p);
      if (!y) fail(`${where}: cannot read the parameter \`${p}\` (optional and default parameters are not part of the ABI)`);
      if (!(y[2] in WASM_TYPE)) fail(`${where}: parameter ${y[1]}: type ${y[2]} does not cross the boundary as a JS number`);
      return { name: y[1], type: y[2] };
    });
  if (f.ret !== "void" && !(f.ret in WASM_TYPE)) fail(`${where}: result type ${f.ret} does not cross the boundary as a JS number`);
  return { params, ret: f.ret };
}

// ---- constants: abi.ts, sync-abi.ts --------------------------------------------------------------

/** The constants of one ABI file, with their docs, section comments and mirrored WIT groups. */
function readConstants(file) {
  const lines = readFileSync(join(ROOT, file), "utf8").split("\n");
  const out = { file, blocks: [], groups: [] };
  let i = 0;
  // The file's header: its first comment block, up to the first blank line.
  while (i < lines.length && lines[i].startsWith("//")) i++;
  let doc = null;
  let group = null;
  let section = [];
  let gap = false;
  const constRe = /^export const ([A-Z][A-Z0-9_]*)\s*:\s*(\w+)\s*=\s*([^;]+);\s*(?:\/\/\s*(.*))?$/;
  for (; i < lines.length; i++) {
    const line = lines[i];
    const at = `${file}:${i + 1}`;
    if (line.trim() === "") {
      if (doc) fail(`${at}: a doc comment followed by a blank line documents nothing`);
      group = null;
      section = [];
      gap = true;
      continue;
    }
    if (line.startsWith("/**")) {
      let text = line;
      while (!text.includes("*/")) {
        if (++i >= lines.length) fail(`${at}: unterminated doc comment`);
        text += `\n${lines[i]}`;
      }
      if (!text.trimEnd().endsWith("*/")) fail(`${at}: code after a doc comment on its line`);
      doc = docLines(text);
      continue;
    }
    if (line.startsWith("//")) {
      const tag = /^\/\/ (enum|flags) ([a-z][a-z0-9-]*) \((wit\/[\w.-]+\.wit)\)(.*)$/.exec(line);
      if (tag) {
        group = { kind: tag[1], wit: tag[2], witFile: tag[3], constants: [] };
        out.groups.push(group);
      }
      section.push(line);
      continue;
    }
    const c = constRe.exec(line);
    if (!c) fail(`${at}: not an ABI constant (\`export const NAME: type = integer;\`), a comment or a blank line: ${line.trim()}`);
    const [, name, type, literal, trailing] = c;
    if (!(type in RANGE)) fail(`${at}: ${name}: type ${type} is not an integer type (trap messages go to errors.ts)`);
    if (!/^-?(0x[0-9a-fA-F]+|\d+)$/.test(literal.trim())) fail(`${at}: ${name} = ${literal}: only integer literals are understood`);
    const value = Number(literal.trim().replace(/^-(.*)$/, (_, v) => String(-Number(v))));
    const [lo, hi] = RANGE[type];
    if (!(value >= lo && value <= hi)) fail(`${at}: ${name} = ${literal} is out of range for ${type}`);
    const lines_ = [...(doc ?? []), ...(trailing ? [trailing] : [])];
    if (lines_.length === 0) fail(`${at}: ${name} has no doc comment`);
    out.blocks.push({ gap, section, name, type, literal: literal.trim(), value, doc: lines_ });
    section = [];
    gap = false;
    doc = null;
    if (group) group.constants.push({ name, value });
  }
  for (const g of out.groups) checkGroup(file, g);
  return out;
}

/** An enum group is valued 0, 1, 2… in order, a flags group 1, 2, 4…; the case names are the
 *  constants' names without their common prefix, in kebab-case. */
function checkGroup(file, g) {
  const where = `${file}: ${g.kind} ${g.wit}`;
  if (g.constants.length < 2) fail(`${where} has fewer than two constants`);
  g.constants.forEach((c, i) => {
    const want = g.kind === "enum" ? i : 2 ** i;
    if (c.value !== want) fail(`${where}: ${c.name} is ${c.value}, but case ${i} of a WIT ${g.kind} is ${want}`);
  });
  const names = g.constants.map((c) => c.name);
  let prefix = names[0].slice(0, names[0].indexOf("_") + 1);
  if (!prefix || !names.every((n) => n.startsWith(prefix))) fail(`${where}: its constants do not share a NAME_ prefix`);
  g.cases = names.map((n) => n.slice(prefix.length).toLowerCase().replace(/_/g, "-"));
  g.list = `${g.wit.toUpperCase().replace(/-/g, "_")}S`;
}

// ---- the check against core.wasm ----------------------------------------------------------------

function checkBuild(file, funcs) {
  const path = join(ROOT, file);
  if (!existsSync(path)) fail(`${file} not found: build the core first (asc)`);
  const mod = new WebAssembly.Module(readFileSync(path));
  const exported = WebAssembly.Module.exports(mod);
  const others = exported.filter((e) => e.kind !== "function").map((e) => `${e.kind} ${e.name}`);
  if (others.join() !== "memory memory") fail(`${file} exports ${others.join(", ") || "no memory"}; expected only \`memory\` besides functions`);
  const wasm = new Set(exported.filter((e) => e.kind === "function").map((e) => e.name));
  const parsed = new Set(funcs.map((f) => f.exported));
  const missingInWasm = [...parsed].filter((n) => !wasm.has(n));
  const missingInSource = [...wasm].filter((n) => !parsed.has(n));
  if (missingInWasm.length || missingInSource.length) {
    fail(
      `${file} and ${ENTRY} disagree: ` +
        (missingInWasm.length ? `not exported by core.wasm: ${missingInWasm.join(", ")}; ` : "") +
        (missingInSource.length ? `exported by core.wasm but not found from ${ENTRY}: ${missingInSource.join(", ")}` : ""),
    );
  }
  // Arity, read from the instance (JS functions of exports have the Wasm parameter count).
  const imports = {};
  for (const imp of WebAssembly.Module.imports(mod)) {
    if (imp.kind !== "function") fail(`${file} imports ${imp.kind} ${imp.module}.${imp.name}`);
    (imports[imp.module] ??= {})[imp.name] = () => {
      throw new Error("trap");
    };
  }
  const inst = new WebAssembly.Instance(mod, imports);
  for (const f of funcs) {
    const n = inst.exports[f.exported].length;
    if (n !== f.params.length) fail(`${file}: ${f.exported} takes ${n} parameters, ${f.file} declares ${f.params.length}`);
  }
}

// ---- output -------------------------------------------------------------------------------------

function render(funcs, constFiles) {
  let s = "";
  s += "// core-abi.ts: GENERATED by scripts/gen-abi.mjs from assembly/: what index.ts exports, and the\n";
  s += `// constants of ${CONSTANT_FILES.join(" and ")}. Do not edit: \`npm run build:core\`\n`;
  s += "// writes it, after checking it against build/core.wasm's exports. The façade, the hosts and the\n";
  s += "// tests take the core's ABI from here; wit/*.wit mirrors it (tests/wit checks both).\n\n";
  s += jsdoc([
    "The exports of core.wasm: one instance's `exports` (release, debug or portable build).",
    "Every function takes and returns JS numbers: AssemblyScript `bool` parameters take 0 or 1 and",
    "`bool` results are 0 or 1; `u32` results come back signed (`>>> 0` for the unsigned value);",
    "each member's comment gives its AssemblyScript signature.",
  ]);
  s += "export interface CoreExports {\n";
  s += "  /** The core's linear memory: batchPtr() and readyCountPtr() are addresses in it. */\n";
  s += "  memory: WebAssembly.Memory;\n";
  let lastFile = "";
  for (const f of funcs) {
    if (f.file !== lastFile) {
      s += `\n  // ${f.file}\n`;
      lastFile = f.file;
    }
    s += jsdoc(f.doc, "  ");
    const ps = f.params.map((p) => `${p.name}: number`).join(", ");
    const as = `(${f.params.map((p) => `${p.name}: ${p.type}`).join(", ")}): ${f.ret}`;
    const renamed = f.exported !== f.name ? ` (${f.name} in ${f.file})` : "";
    s += `  ${f.exported}(${ps}): ${f.ret === "void" ? "void" : "number"}; // ${as}${renamed}\n`;
  }
  s += "}\n\n";
  s += "/** The names of CoreExports' functions, in the order above. */\n";
  s += `export const CORE_FUNCTIONS: readonly (keyof Omit<CoreExports, "memory">)[] = Object.freeze([\n`;
  let line = " ";
  for (const f of funcs) {
    const item = ` ${JSON.stringify(f.exported)},`;
    if (line.length + item.length > 100) {
      s += `${line}\n`;
      line = " ";
    }
    line += item;
  }
  s += `${line}\n]);\n`;
  const mirrors = [];
  for (const cf of constFiles) {
    s += `\n// ---- ${cf.file} ${"-".repeat(Math.max(0, 93 - cf.file.length))}\n`;
    const byLast = new Map(cf.groups.map((g) => [g.constants.at(-1).name, g]));
    for (const b of cf.blocks) {
      if (b.gap && s.at(-2) !== "\n") s += "\n";
      if (b.section.length) s += `${b.section.join("\n")}\n`;
      s += jsdoc(b.doc);
      s += `export const ${b.name} = ${b.literal};\n`;
      const g = byLast.get(b.name);
      if (g) {
        const how = g.kind === "enum" ? `${g.list}[${g.constants[1].name}] is "${g.cases[1]}"` : `${g.list}[i] names bit 1 << i`;
        s += jsdoc([`The cases of WIT ${g.kind} \`${g.wit}\` (${g.witFile}) in value order: ${how}.`]);
        s += `export const ${g.list} = Object.freeze([${g.cases.map((c) => JSON.stringify(c)).join(", ")}] as const);\n`;
        mirrors.push(g);
      }
    }
  }
  s += "\n/** Every WIT enum and flags type these constants mirror: its cases in order, and the constants\n";
  s += " *  that value them (0, 1, 2… for an enum; 1, 2, 4… for flags). */\n";
  s += "export const WIT_MIRRORS: readonly { kind: \"enum\" | \"flags\"; name: string; file: string; cases: readonly string[]; constants: readonly string[] }[] = Object.freeze([\n";
  for (const g of mirrors) {
    s += `  { kind: "${g.kind}", name: "${g.wit}", file: "${g.witFile}", cases: ${g.list}, constants: [${g.constants.map((c) => `"${c.name}"`).join(", ")}] },\n`;
  }
  s += "]);\n";
  return s;
}

/** Reads assembly/, checks build/, writes gen/core-abi.ts; returns what it wrote. */
export function genAbi({ write = true } = {}) {
  modules.clear();
  const funcs = exportsOf(ENTRY).map(([exported, f]) => ({ ...f, exported, ...signature(f) }));
  const seen = new Map();
  for (const f of funcs) {
    if (seen.has(f.exported)) fail(`${f.exported} is exported twice (${seen.get(f.exported)} and ${f.file})`);
    seen.set(f.exported, f.file);
  }
  const constFiles = CONSTANT_FILES.map(readConstants);
  const names = new Map();
  for (const cf of constFiles) {
    for (const b of cf.blocks) {
      if (names.has(b.name)) fail(`${b.name} is defined in ${names.get(b.name)} and ${cf.file}`);
      names.set(b.name, cf.file);
    }
  }
  for (const b of BUILDS) checkBuild(b, funcs);
  const source = render(funcs, constFiles);
  if (write) {
    mkdirSync(join(ROOT, "gen"), { recursive: true });
    const out = join(ROOT, "gen", "core-abi.ts");
    if (!existsSync(out) || readFileSync(out, "utf8") !== source) writeFileSync(out, source);
  }
  return { source, functions: funcs.length, constants: names.size };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  try {
    const r = genAbi();
    console.log(`gen/core-abi.ts: ${r.functions} functions, ${r.constants} constants (${relative(process.cwd(), ROOT) || "."})`);
  } catch (e) {
    if (!(e instanceof AbiError)) throw e;
    console.error(e.message);
    process.exit(1);
  }
}
