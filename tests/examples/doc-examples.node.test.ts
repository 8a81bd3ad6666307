// doc-examples.node.test.ts: every `@example` of the TSDoc comments in ts/ and host/ (what the
// reference, `npm run docs`, shows) compiles as a user's program against the published types.
// Each example's code becomes a module in build/doc-examples/ (git-ignored); one without an
// import line gets `import { <every value export> } from "wasyncio"` first. tsc then checks them
// all in a strict project with the package's .d.ts (dist/, built by npm test). A second test
// asks the compiler for every name the package root exports and finds an @example on each.
import { it, expect } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const OUT = "build/doc-examples";

function sources(dir: string, out: string[] = []): string[] {
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) sources(p, out);
    else if (f.endsWith(".ts") && !f.endsWith(".d.ts")) out.push(p);
  }
  return out;
}

/** The code blocks of every @example: [file:line, code]. */
export function docExamples(): [string, string][] {
  const found: [string, string][] = [];
  for (const file of [...sources("ts"), ...sources("host")]) {
    const lines = readFileSync(file, "utf8").split("\n");
    for (let i = 0; i < lines.length; i++) {
      if (!/^\s*\*\s*@example\b/.test(lines[i])) continue;
      const code: string[] = [];
      let j = i + 1;
      if (/^\s*\*\s*```/.test(lines[j])) {
        // A fenced block.
        for (j++; j < lines.length && !/^\s*\*\s*```/.test(lines[j]); j++) code.push(lines[j].replace(/^\s*\* ?/, ""));
      } else {
        // TypeDoc shows an @example without a fence as code (its tag line is the title): up to the next tag.
        for (; j < lines.length && !/^\s*\*\s*@\w/.test(lines[j]) && !/\*\//.test(lines[j]); j++) code.push(lines[j].replace(/^\s*\* ?/, ""));
      }
      found.push([`${file}:${i + 1}`, code.join("\n").trim()]);
    }
  }
  return found;
}

it("every @example in ts/ and host/ has a code block that compiles against the published types", async () => {
  const examples = docExamples();
  expect(examples.length).toBeGreaterThan(10);
  expect(examples.filter(([, code]) => code === "").map(([at]) => at), "@example without code").toEqual([]);
  // Every value export of the package root (`host` is the node entry's own).
  const values = Object.keys(await import("../../ts/entry/node.js")).filter((k) => k !== "default" && k !== "host");
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const where = new Map<string, string>();
  examples.forEach(([at, code], n) => {
    const name = `example-${n}.ts`;
    where.set(name, at);
    const head = /^\s*import\b/m.test(code) ? "" : `import { ${values.join(", ")} } from "wasyncio";\n`;
    // A fragment (`yield*` at the top, as written inside a coroutine) is checked inside one.
    const fragment = !/^\s*import\b/m.test(code) && /\byield\b/.test(code) && !/\b(run|newEventLoop)\(|new Runner\(/.test(code);
    const body = fragment ? `function* fragment() {\n${code}\n}\nvoid fragment;` : code;
    writeFileSync(join(OUT, name), `// ${at}\n${head}${body}\nexport {};\n`);
  });
  writeFileSync(join(OUT, "tsconfig.json"), JSON.stringify({
    compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", lib: ["ES2022", "DOM", "ESNext.Disposable"], types: ["node"], strict: true, noEmit: true, skipLibCheck: true, noUnusedLocals: false },
    include: ["*.ts"],
  }));
  const r = spawnSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", join(OUT, "tsconfig.json")], { encoding: "utf8" });
  const report = (r.stdout + r.stderr).replace(/build\/doc-examples\/(example-\d+\.ts)/g, (_, f) => `${where.get(f)} (${f})`);
  expect(report).toBe("");
  expect(r.status).toBe(0);
}, 60000);

it("every name the package root exports has an @example", async () => {
  const ts = (await import("typescript")).default;
  const program = ts.createProgram(["ts/entry/api.ts"], { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, strict: true, noEmit: true });
  const checker = program.getTypeChecker();
  const mod = checker.getSymbolAtLocation(program.getSourceFile("ts/entry/api.ts")!)!;
  const exported = checker.getExportsOfModule(mod);
  expect(exported.length).toBeGreaterThan(100);
  const without = exported.filter((s) => {
    const target = s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s;
    return !(target.declarations ?? []).some((d) => ts.getJSDocTags(d).some((t) => t.tagName.text === "example"));
  });
  expect(without.map((s) => s.name)).toEqual([]);
});
