// contract.mjs: the contract suite's host-neutral checks inside a WASI guest, for
// scripts/test-wasi.mjs. The files of the families the WASI issue names (tasks, the loop,
// TaskGroup, timeouts, primitives, queues) are bundled as the contract runner bundles them for
// Deno, Bun and workerd (scripts/contract.mjs: tests/contract/vitest.ts for "vitest", the host's
// setup first), each as an IIFE with its own copy of the library, into one guest component
// (componentize-js), whose `run` runs the files one after the other and prints each file's
// results as a `@@contract {...}` line. Its wasi:* imports are the component's: the guest's entry
// imports them and hands them to the bundles. It runs on jco and on Wasmtime; each test counts
// in the WASI suite's total, and a per-host line says how many passed on each.
import * as esbuild from "esbuild";
import { join, dirname, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { viteLikeTestTransforms } from "../../scripts/vite-like.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

export const FILES = [
  "tests/ts/tasks/task.test.ts",
  "tests/ts/tasks/taskgroups.test.ts",
  "tests/ts/tasks/timeouts.test.ts",
  "tests/ts/tasks/cancellation.test.ts",
  "tests/ts/tasks/combinators.test.ts",
  "tests/ts/loop/loop.test.ts",
  "tests/ts/loop/scheduling.test.ts",
  "tests/ts/sync/locks.test.ts",
  "tests/ts/sync/locks.conformance.test.ts",
  "tests/ts/queues/queues.test.ts",
  "tests/ts/queues/queues.conformance.test.ts",
];

/** Tests that cannot pass in a WASI guest for a reason of the host's, with that reason. */
export const SKIPS = [
  { file: "tests/ts/loop/loop.test.ts", test: "core checks build", reason: "the checked core is core.debug.wasm, and StarlingMonkey has no WebAssembly: a WASI guest runs the portable core only" },
  { file: "tests/ts/loop/loop.test.ts", test: "core instances of closed loops", reason: "the tests check the pool of core.wasm instances; the portable core (the only one without WebAssembly) is not pooled" },
  { file: "tests/ts/loop/loop.test.ts", test: "callSoonThreadsafe (#11) > from a host timer, a promise and a MessageChannel message, wakes the idle loop in order", reason: "StarlingMonkey has no MessageChannel" },
];

const WASI_MODULES = [
  "wasi:io/poll@0.2.10",
  "wasi:io/streams@0.2.10",
  "wasi:clocks/monotonic-clock@0.2.10",
  "wasi:sockets/instance-network@0.2.10",
  "wasi:sockets/tcp@0.2.10",
  "wasi:sockets/tcp-create-socket@0.2.10",
  "wasi:cli/environment@0.2.10",
  "wasi:cli/stdin@0.2.10",
  "wasi:cli/stdout@0.2.10",
];

const wasiFromGlobal = {
  name: "wasi-imports-from-the-guest-entry",
  setup(build) {
    build.onResolve({ filter: /^wasi:/ }, (a) => ({ path: a.path, namespace: "wasi-import" }));
    build.onLoad({ filter: /.*/, namespace: "wasi-import" }, (a) => ({ contents: `module.exports = globalThis.__wasiImports[${JSON.stringify(a.path)}];`, loader: "js" }));
  },
};

/** The guest's source: the wasi imports, then one IIFE per test file, then `run`. */
export async function contractGuestSource() {
  const parts = [];
  WASI_MODULES.forEach((m, i) => parts.push(`import * as __w${i} from ${JSON.stringify(m)};`));
  parts.push(`globalThis.__wasiImports = { ${WASI_MODULES.map((m, i) => `${JSON.stringify(m)}: __w${i}`).join(", ")} };`);
  for (const [i, file] of FILES.entries()) {
    const abs = (p) => JSON.stringify(join(root, p));
    const entry =
      `import ${abs("tests/wasi/setup-wasi.ts")};\n` +
      `import { runCollected } from ${abs("tests/contract/vitest.ts")};\n` +
      `export async function run(opts) { await import(${abs(file)}); return runCollected(opts); }\n`;
    const r = await esbuild.build({
      stdin: { contents: entry, resolveDir: root, sourcefile: `contract-${i}.ts`, loader: "ts" },
      bundle: true, write: false, format: "iife", globalName: `__contract${i}`, platform: "neutral", target: "es2022",
      mainFields: ["module", "main"], alias: { vitest: join(root, "tests/contract/vitest.ts") }, plugins: [wasiFromGlobal, viteLikeTestTransforms],
      define: { "process.env.NODE_ENV": '"test"' }, logLevel: "silent",
    });
    parts.push(r.outputFiles[0].text);
  }
  parts.push(`const FILES = ${JSON.stringify(FILES)};`);
  parts.push(`const SKIPS = ${JSON.stringify(SKIPS)};`);
  parts.push(`const BUNDLES = [${FILES.map((_, i) => `() => __contract${i}`).join(", ")}];`);
  parts.push(`
export const run = {
  async run() {
    for (let i = 0; i < FILES.length; i++) {
      const file = FILES[i];
      const mine = SKIPS.filter((s) => s.file === file);
      const skip = (name) => mine.find((s) => name === s.test || name.startsWith(s.test + " > "))?.reason;
      let results;
      try {
        results = await BUNDLES[i]().run({ skip });
      } catch (e) {
        results = [{ name: "(the file did not load)", state: "failed", ms: 0, error: String(e && e.stack || e) }];
      }
      console.log("@@contract " + JSON.stringify({ file, results }));
    }
  },
};`);
  return parts.join("\n");
}

/** Builds the contract guest, runs it on jco and on Wasmtime, and records each test of each
 *  runtime as a result of the WASI suite, with a per-host line. */
export async function runContractGuest({ record, skip, check, exec, jcoBin, pyEnv, PY }) {
  const { buildGuestFromSource } = await import(join(root, "scripts", "build-component.mjs"));
  const out = join(root, "build", "contract.component.wasm");
  let built = false;
  await record("the contract guest componentizes (host-neutral test files for tasks, loop, TaskGroup, timeouts, primitives, queues)", async () => {
    const t = performance.now();
    const r = await buildGuestFromSource(await contractGuestSource(), out);
    console.log(`    contract.component.wasm: ${r.bytes} bytes, ${FILES.length} files, ${Math.round(performance.now() - t)} ms`);
    built = true;
  });
  if (!built) return;
  const runtimes = [
    ["jco", () => exec(process.execPath, [jcoBin, "run", out], { timeoutMs: 600_000 })],
    ["Wasmtime", () => exec(PY, [join(root, "tests", "wasi", "run_guest.py"), out], { env: pyEnv, timeoutMs: 600_000 })],
  ];
  for (const [name, runIt] of runtimes) {
    const r = await runIt();
    const files = r.stdout.split("\n").filter((l) => l.startsWith("@@contract ")).map((l) => JSON.parse(l.slice(11)));
    let passed = 0, failed = 0, skipped = 0;
    for (const { file, results } of files) {
      for (const t of results) {
        const title = `[wasi guest on ${name}] ${relative("tests", file)} > ${t.name}`;
        if (t.state === "skipped") {
          skipped++;
          skip(title, t.reason ?? "skipped");
          continue;
        }
        t.state === "passed" ? passed++ : failed++;
        await record(title, () => check(t.state === "passed", t.error ?? "failed"));
      }
    }
    await record(`[wasi guest on ${name}] every contract file ran to its end`, () => {
      check(r.code === 0, `${name} exited ${r.code}:\n${r.stderr.slice(-2000)}`);
      check(files.length === FILES.length, `${files.length} of ${FILES.length} files reported:\n${r.stderr.slice(-2000)}`);
    });
    console.log(`  wasi (${name}): ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""} (contract checks in the guest, ${Math.round(r.ms)} ms)`);
  }
}
