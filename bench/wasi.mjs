// wasi.mjs: wasyncio on WASI preview2, measured (bench/README "WASI"). After `npm run build`:
//   node bench/wasi.mjs [--rounds=3]
// - component sizes (core.wasm, core.component.wasm, the example and benchmark guests);
// - guest start-up: `jco run` of a guest that does nothing, process start to exit; on Wasmtime
//   (wasmtime-py) compile, instantiate and the call of `run`, each timed in Python;
// - bench/README's (a) spawn + join and (b) sleeps of 0-100 ms inside the guest (timed on the
//   guest's monotonic clock) on jco and on Wasmtime, against the same code on Node with core.wasm
//   (`wasyncio`) and with the portable core (`wasyncio/portable`, what the guest runs). With 50k
//   tasks, not 100k: at 100k the guest's engine runs out of memory (SpiderMonkey: "out of memory",
//   then a trap; measured on jco), and --n=100000 shows it;
// - ns per call of the core through jco's transpiled bindings of core.component.wasm and through
//   wasmtime-py, against the direct call of core.wasm's export.
// Medians of --rounds runs. The machine is shared: read the ratios, not the last digit.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { buildCoreComponent, buildGuest } from "../scripts/build-component.mjs";
import { workloads } from "./wasi-workloads.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const rounds = Number(process.argv.find((a) => a.startsWith("--rounds="))?.slice(9) ?? 3);
const N = Number(process.argv.find((a) => a.startsWith("--n="))?.slice(4) ?? 50_000);
const PY = process.env.PYTHON ?? "python3";
const pyEnv = { ...process.env, PYTHONPATH: join(root, ".wasi", "py") };
const jco = join(root, "node_modules", "@bytecodealliance", "jco", "dist", "jco.js");
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));

if (!existsSync(join(root, ".wasi", "py", "wasmtime"))) {
  spawnSync(PY, ["-m", "pip", "install", "--quiet", "--target", join(root, ".wasi", "py"), "wasmtime==49.0.0"], { stdio: "inherit" });
}
await buildCoreComponent();
const benchGuest = join(root, "build", "bench-guest.component.wasm");
await buildGuest(join(root, "bench", "wasi-guest.mjs"), benchGuest);

// ---- sizes -------------------------------------------------------------------------------------
console.log("## sizes");
for (const f of ["core.wasm", "core.component.wasm", "guest.component.wasm", "bench-guest.component.wasm", "contract.component.wasm"]) {
  const p = join(root, "build", f);
  if (existsSync(p)) console.log(`${f}: ${statSync(p).size} bytes`);
}

// ---- start-up and the workloads in the guest --------------------------------------------------
const PY_RUN = `
import json, os, sys, time
t0 = time.perf_counter()
import wasmtime
from wasmtime import component as cm
engine = wasmtime.Engine(); store = wasmtime.Store(engine)
linker = cm.Linker(engine); linker.add_wasip2()
wasi = wasmtime.WasiConfig(); wasi.env = [(k, os.environ[k]) for k in ("WASI_BENCH", "WASI_N")]; wasi.stdout_file = sys.argv[2]
store.set_wasi(wasi)
t1 = time.perf_counter(); comp = cm.Component.from_file(engine, sys.argv[1])
t2 = time.perf_counter(); inst = linker.instantiate(store, comp)
t3 = time.perf_counter()
run = inst.get_func(store, inst.get_export_index(store, "run", inst.get_export_index(store, "wasi:cli/run@0.2.10")))
run(store)
t4 = time.perf_counter()
print(json.dumps({"compile": (t2 - t1) * 1e3, "instantiate": (t3 - t2) * 1e3, "run": (t4 - t3) * 1e3}))
`;
const outFile = join(root, "build", "bench-guest.out");

function onJco(which) {
  const t = performance.now();
  const r = spawnSync(process.execPath, [jco, "run", benchGuest], { env: { ...process.env, WASI_BENCH: which, WASI_N: String(N) }, encoding: "utf8" });
  const wall = performance.now() - t;
  if (r.status !== 0) throw new Error(`jco run: ${r.stderr}`);
  return { wall, ...JSON.parse(r.stdout.trim().split("\n").at(-1)) };
}

function onWasmtime(which) {
  const r = spawnSync(PY, ["-c", PY_RUN, benchGuest, outFile], { env: { ...pyEnv, WASI_BENCH: which, WASI_N: String(N) }, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`wasmtime: ${r.stderr}`);
  const times = JSON.parse(r.stdout.trim());
  return { ...times, ...JSON.parse(readFileSync(outFile, "utf8").trim().split("\n").at(-1)) };
}

console.log("\n## guest start-up (a guest whose run does nothing)");
const jcoStart = [];
const wtStart = [];
for (let i = 0; i < rounds; i++) {
  jcoStart.push(onJco("none").wall);
  wtStart.push(onWasmtime("none"));
}
console.log(`jco run: ${fmt(median(jcoStart))} ms, process start to exit`);
console.log(`Wasmtime (wasmtime-py): compile ${fmt(median(wtStart.map((x) => x.compile)))} ms, instantiate ${fmt(median(wtStart.map((x) => x.instantiate)))} ms, run ${fmt(median(wtStart.map((x) => x.run)))} ms`);

console.log(`\n## (a) spawn + join ${N / 1000}k, (b) ${N / 1000}k sleeps of 0-100 ms: ms, median of ${rounds}`);
const node = workloads(await import("wasyncio"), N);
const portable = workloads(await import("wasyncio/portable"), N);
const rows = [];
for (const which of ["spawn", "sleep"]) {
  const cols = { "Node, core.wasm": [], "Node, portable core": [], "guest on jco": [], "guest on Wasmtime": [] };
  for (let i = 0; i < rounds; i++) {
    cols["Node, core.wasm"].push((await node.timed(which, () => performance.now())).ms);
    cols["Node, portable core"].push((await portable.timed(which, () => performance.now())).ms);
    cols["guest on jco"].push(onJco(which).ms);
    cols["guest on Wasmtime"].push(onWasmtime(which).ms);
  }
  const base = median(cols["Node, core.wasm"]);
  rows.push([which, ...Object.values(cols).map((c) => `${fmt(median(c))} (${(median(c) / base).toFixed(2)}×)`)]);
  if (rows.length === 1) console.log(`| workload | ${Object.keys(cols).join(" | ")} |`);
}
for (const r of rows) console.log(`| ${r.join(" | ")} |`);

// ---- per-call cost ------------------------------------------------------------------------------
console.log("\n## ns per call: scheduler.call-at + timer-cancel + prepare (3 calls), 100k rounds");
const CALLS = 100_000;
const { transpile } = await import("@bytecodealliance/jco");
const tdir = join(root, "build", "core-component-js");
mkdirSync(tdir, { recursive: true });
const { files } = await transpile(readFileSync(join(root, "build", "core.component.wasm")), { name: "core", noTypescript: true });
for (const [name, bytes] of Object.entries(files)) {
  mkdirSync(dirname(join(tdir, name)), { recursive: true });
  writeFileSync(join(tdir, name), bytes);
}
const bindings = await import(pathToFileURL(join(tdir, "core.js")).href);
const { instantiateCore } = await import(pathToFileURL(join(root, "dist", "host", "load.js")).href);
const direct = instantiateCore("release", (m) => new Error(m), false);

function perCall(callAt, timerCancel, prepare) {
  const samples = [];
  for (let r = 0; r < rounds; r++) {
    const t = performance.now();
    for (let i = 0; i < CALLS; i++) {
      const h = callAt(i);
      timerCancel(h);
      prepare();
    }
    samples.push(((performance.now() - t) * 1e6) / (CALLS * 3));
  }
  return median(samples);
}
const s = bindings.scheduler;
const viaJco = perCall(s.callAt, s.timerCancel, s.prepare);
const viaDirect = perCall(direct.callAt, direct.timerCancel, direct.prepare);
const py = spawnSync(
  PY,
  [
    "-c",
    `
import sys, time, wasmtime
from wasmtime import component as cm
e = wasmtime.Engine(); st = wasmtime.Store(e)
inst = cm.Linker(e).instantiate(st, cm.Component.from_file(e, sys.argv[1]))
i = inst.get_export_index(st, "wasyncio:core/scheduler@0.1.0")
f = lambda n: inst.get_func(st, inst.get_export_index(st, n, i))
call_at, cancel, prepare = f("call-at"), f("timer-cancel"), f("prepare")
N = 20000
t = time.perf_counter()
for k in range(N):
    h = call_at(st, float(k)); cancel(st, h); prepare(st)
print((time.perf_counter() - t) * 1e9 / (N * 3))
`,
    join(root, "build", "core.component.wasm"),
  ],
  { env: pyEnv, encoding: "utf8" },
);
console.log(`direct core.wasm export (Node): ${viaDirect.toFixed(1)} ns`);
console.log(`jco transpiled bindings of core.component.wasm (Node): ${viaJco.toFixed(1)} ns (${(viaJco / viaDirect).toFixed(1)}×)`);
console.log(`wasmtime-py (Python, 20k rounds): ${Number(py.stdout.trim()).toFixed(0)} ns`);
