// wasyncio benchmarks: every workload family, every peer, side by side in one node process.
//
//   npx tsx bench/run.ts                 # everything (~2 min on 2 idle cores)
//   npx tsx bench/run.ts --quick         # 10x smaller workloads, one measured run: a smoke test
//   npx tsx bench/run.ts lock queue      # only the families whose id contains "lock" or "queue"
//   npx tsx bench/run.ts --peers=plain,wasyncio --no-python --runs=5
//   npx tsx bench/run.ts --src           # wasyncio from ts/ through tsx instead of the build
//
// Per family, each peer first gets a warm-up run (it also checks the result; up to two more
// while they total under 1 s), then the peers take turns for the measured runs, and the median
// is reported. A warm-up that takes longer than --single-ms (2 s) is itself the only
// measurement (JIT warm-up is noise at that length), marked "†"; after one, a full collection
// and one more warm-up of every other peer (see runTimed). A peer that throws, returns the wrong check value, finishes impossibly fast or
// exceeds --timeout reads "n/a (…)" and the run goes on. CPython runs the same workloads in a
// child process (bench/python/*.py) with the same parameters and the same rules.
// Results: a markdown table on stdout, progress on stderr, JSON in bench/results/latest.json.

import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

// Memory readings need a forced GC: re-exec with --expose-gc, keeping tsx's loader flags.
// wasyncio is measured as it ships (dist/, tsc's output, which `npm run build` makes first): tsx
// compiles with keepNames, which redefines every class's `name`, and V8 11 then constructs
// derived classes (Task extends Future) several times slower. --src measures ts/ through tsx.
// On Deno and Bun (`deno run -A bench/run.ts …`, `bun bench/run.ts …`, see README) the same
// program runs on their own entries (dist/ts/entry/deno.js, bun.js); Bun's forced GC is Bun.gc,
// Deno's needs --v8-flags=--expose-gc.
const RUNTIME: "node" | "deno" | "bun" = (globalThis as any).Deno ? "deno" : (globalThis as any).Bun ? "bun" : "node";
if (RUNTIME === "bun" && process.env.WASYNCIO_BENCH_CHILD) (globalThis as any).gc = () => (globalThis as any).Bun.gc(true);
if (typeof (globalThis as any).gc !== "function") {
  // The load average is read before the build, whose own CPU would otherwise read as other work.
  process.env.WASYNCIO_BENCH_LOAD0 = String(os.loadavg()[0]);
  if (!process.argv.includes("--src") && !process.argv.includes("--help")) {
    const b = spawnSync("npm", ["run", "--silent", "build"], { stdio: ["ignore", "ignore", "inherit"], cwd: path.join(path.dirname(fileURLToPath(import.meta.url)), "..") });
    if (b.status !== 0) process.exit(b.status ?? 1);
  }
  const r = spawnSync(
    process.execPath,
    RUNTIME === "deno" ? ["run", "-A", "--v8-flags=--expose-gc", ...process.argv.slice(1)] : RUNTIME === "bun" ? process.argv.slice(1) : ["--expose-gc", ...process.execArgv, ...process.argv.slice(1)],
    { stdio: "inherit", env: { ...process.env, WASYNCIO_BENCH_CHILD: "1" } },
  );
  process.exit(r.status ?? 1);
}

import { PEER_ORDER, PEER_TITLES, type Ctx, type Family, type MemoryFamily, type PeerId, type TimedFamily } from "./lib/types.ts";
import { gcBeforeRun, median } from "./lib/stats.ts";
import { spawnFamily } from "./workloads/spawn.ts";
import { sleepFamily } from "./workloads/sleep.ts";
import { cancelFamily } from "./workloads/cancel.ts";
import { queueFamily } from "./workloads/queue.ts";
import { lockFamily } from "./workloads/locks.ts";
import { churnFamily } from "./workloads/churn.ts";

const HERE = path.dirname(fileURLToPath(import.meta.url));

// ---------------------------------------------------------------- options
const argv = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const a = argv.find((x) => x === `--${name}` || x.startsWith(`--${name}=`));
  if (a === undefined) return undefined;
  return a.includes("=") ? a.slice(a.indexOf("=") + 1) : "true";
};
if (opt("help")) {
  console.log(
    "usage: npx tsx bench/run.ts [--quick] [--runs=N] [--single-ms=MS] [--timeout=MS]\n" +
      "                            [--peers=plain,wasyncio,effect,effection,lib,python] [--no-python]\n" +
      "                            [--out=FILE.json] [--src] [--full-gc] [family-filter ...]\n" +
      "families: spawn sleep cancel queue-1x1 queue-10x10 lock semaphore churn",
  );
  process.exit(0);
}
const QUICK = opt("quick") !== undefined;
const RUNS = Number(opt("runs") ?? (QUICK ? 1 : 5));
const SINGLE_MS = Number(opt("single-ms") ?? 2000);
const BUDGET_MS = 3000; // measured runs per peer: at most RUNS, about this much time in total
const WARM_MS = 1000; // a peer's warm-up runs: one, and up to two more while they total less than this
const TIMEOUT_MS = Number(opt("timeout") ?? (QUICK ? 20_000 : 60_000));
const PEERS = opt("peers")?.split(",") as PeerId[] | undefined;
const NO_PYTHON = opt("no-python") !== undefined || (PEERS !== undefined && !PEERS.includes("python"));
const FILTERS = argv.filter((a) => !a.startsWith("--"));
/** a full collection before each measured run instead of a minor one (lib/stats.ts gcBeforeRun) */
const FULL_GC = opt("full-gc") !== undefined;
const OUT = opt("out") ?? path.join(HERE, "results", "latest.json");

const log = (...a: unknown[]) => console.error(...a);

// ---------------------------------------------------------------- wasyncio, loaded defensively
let wasyncio: any = null;
let wasyncioError = "";
// The node package entry (the API with the node host adapter installed), as `import "wasyncio"`
// resolves under Node: the built one, or with --src the TypeScript source.
for (const entry of process.argv.includes("--src") ? [`../ts/entry/${RUNTIME}.ts`] : [`../dist/ts/entry/${RUNTIME}.js`]) {
  try {
    wasyncio = await import(entry);
    wasyncioError = "";
    break;
  } catch (e) {
    const err = e as Error & { code?: string };
    if (err?.code === "ERR_MODULE_NOT_FOUND" && err.message.includes(entry.slice(3))) {
      wasyncioError ||= `${entry.slice(3)} not found`;
      continue;
    }
    wasyncioError = `${entry.slice(3)} failed to load: ${err?.message ?? e}`;
    break;
  }
}
const ctx: Ctx = {
  quick: QUICK,
  need(...names: string[]) {
    if (!wasyncio) throw new Error(wasyncioError);
    for (const n of names) if (wasyncio[n] === undefined) throw new Error(`wasyncio does not export ${n}`);
    return wasyncio;
  },
};

// A buggy peer must not take the whole run down: record stray errors instead of crashing.
const strays: string[] = [];
process.on("unhandledRejection", (e) => {
  strays.push(`unhandledRejection: ${(e as Error)?.stack ?? e}`);
  log(`  ! unhandled rejection: ${(e as Error)?.message ?? e}`);
});
process.on("uncaughtException", (e) => {
  strays.push(`uncaughtException: ${(e as Error)?.stack ?? e}`);
  log(`  ! uncaught exception: ${(e as Error)?.message ?? e}`);
});

// ---------------------------------------------------------------- families
const ALL: Family[] = [
  spawnFamily(ctx),
  sleepFamily(ctx),
  cancelFamily(ctx),
  queueFamily(ctx, 1, 1, "e"),
  queueFamily(ctx, 10, 10, "f"),
  lockFamily(ctx, "lock"),
  lockFamily(ctx, "semaphore"),
  churnFamily(ctx),
];
const families = FILTERS.length ? ALL.filter((f) => FILTERS.some((x) => f.id.includes(x))) : ALL;
if (!families.length) {
  log(`no family matches ${FILTERS.join(" ")}; ids: ${ALL.map((f) => f.id).join(" ")}`);
  process.exit(2);
}

// ---------------------------------------------------------------- measuring
interface PeerResult {
  label: string;
  times: number[]; // wall-clock ms
  cpu: number[]; // process CPU ms (user + system, all threads) of the same runs
  median: number | null;
  ratio: number | null; // median / baseline median
  cpuMedian: number | null;
  cpuRatio: number | null;
  single: boolean; // the warm-up was the only (long) run
  error: string | null;
}

function short(e: unknown): string {
  const s = (e as Error)?.message ?? String(e);
  return s.split("\n")[0].slice(0, 160);
}

async function timeOnce(fn: () => Promise<unknown>): Promise<{ ms: number; cpu: number; value: unknown }> {
  gcBeforeRun(FULL_GC);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timeout after ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
  });
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  try {
    const value = await Promise.race([fn(), timeout]);
    const ms = performance.now() - t0;
    // A synchronous stretch can outlast the timer without letting it fire.
    if (ms > TIMEOUT_MS) throw new Error(`took ${ms.toFixed(0)} ms, over the ${TIMEOUT_MS} ms timeout`);
    const c = process.cpuUsage(c0);
    return { ms, cpu: (c.user + c.system) / 1000, value };
  } finally {
    clearTimeout(timer);
  }
}

function validate(f: TimedFamily, ms: number, value: unknown): string | null {
  if (value !== f.expected) return `wrong result ${JSON.stringify(value)}, expected ${JSON.stringify(f.expected)}`;
  if (f.minMs !== undefined && ms < f.minMs) return `finished in ${ms.toFixed(1)} ms < ${f.minMs} ms: work not done`;
  return null;
}

function runsAfterWarmup(warmMs: number): number {
  if (warmMs >= SINGLE_MS) return 0;
  return Math.min(RUNS, Math.max(1, Math.floor(BUDGET_MS / Math.max(warmMs, 1))));
}

async function runTimed(f: TimedFamily): Promise<Record<string, PeerResult>> {
  const peers = f.peers.filter((p) => !PEERS || PEERS.includes(p.id));
  const res: Record<string, PeerResult> = {};
  const want: Record<string, number> = {};
  for (const p of peers) {
    const r: PeerResult = { label: p.label, times: [], cpu: [], median: null, ratio: null, cpuMedian: null, cpuRatio: null, single: false, error: null };
    res[p.id] = r;
    try {
      let { ms, cpu, value } = await timeOnce(() => p.run());
      r.error = validate(f, ms, value);
      // Up to two more warm-ups while they stay short: V8 optimizes a peer's rarer paths (the
      // cancellation of (c)) only after a few runs, and a single warm-up left wasyncio's first
      // two measured runs of (c) at 82-111 ms and most later ones at 47-66 (2026-12-06).
      for (let extra = 0, spent = ms; extra < 2 && !r.error && ms < SINGLE_MS && spent < WARM_MS; extra++) {
        ({ ms, cpu, value } = await timeOnce(() => p.run()));
        spent += ms;
        r.error = validate(f, ms, value);
      }
      want[p.id] = r.error ? 0 : runsAfterWarmup(ms);
      if (!r.error && want[p.id] === 0) {
        r.times.push(ms);
        r.cpu.push(cpu);
        r.single = true;
      }
      log(`  [${f.id}] ${p.id.padEnd(9)} warm-up ${ms.toFixed(1)} ms${r.error ? `  ERROR ${r.error}` : ""}`);
    } catch (e) {
      r.error = `error: ${short(e)}`;
      want[p.id] = 0;
      log(`  [${f.id}] ${p.id.padEnd(9)} ERROR ${short(e)}`);
    }
  }
  // A peer measured by one long run (Effection's 100k spawns take 10-20 s) leaves an old
  // generation full of garbage that every later run paid to collect (spawn, 2026-12-06: plain
  // 92-125 ms and wasyncio 106-158 ms with Effection in the process, 46-63 and 54-78 without).
  // So: one full collection after such a run, then one more warm-up of each other peer, as the
  // first runs after a full collection are slow for every peer (its code deoptimized, the young
  // generation shrunk: 160-195 ms for both in the run right after it).
  if (peers.some((p) => res[p.id].single)) {
    gcBeforeRun(true);
    for (const p of peers) if (!res[p.id].error && want[p.id] > 0) await timeOnce(() => p.run());
  }
  // Measured runs, peers taking turns so that they share the heap and thermal conditions.
  for (let round = 0; round < RUNS; round++) {
    for (const p of peers) {
      const r = res[p.id];
      if (r.error || round >= want[p.id]) continue;
      try {
        const { ms, cpu, value } = await timeOnce(() => p.run());
        const err = validate(f, ms, value);
        if (err) r.error = err;
        else {
          r.times.push(ms);
          r.cpu.push(cpu);
        }
        log(`  [${f.id}] ${p.id.padEnd(9)} run ${round + 1}: ${ms.toFixed(1)} ms${err ? `  ERROR ${err}` : ""}`);
      } catch (e) {
        r.error = `error: ${short(e)}`;
        log(`  [${f.id}] ${p.id.padEnd(9)} ERROR ${short(e)}`);
      }
    }
  }
  if (f.python && !NO_PYTHON) res.python = runPython(f);
  for (const r of Object.values(res)) {
    if (r.error || !r.times.length) continue;
    r.median = median(r.times);
    if (r.cpu.length) r.cpuMedian = median(r.cpu);
  }
  const base = res.plain?.median;
  const cpuBase = res.plain?.cpuMedian;
  for (const r of Object.values(res)) {
    if (r.median !== null && base) r.ratio = r.median / base;
    if (r.cpuMedian !== null && cpuBase) r.cpuRatio = r.cpuMedian / cpuBase;
  }
  return res;
}

let pythonVersion = "";
function runPython(f: TimedFamily): PeerResult {
  const r: PeerResult = { label: `asyncio (bench/python/${f.python}.py)`, times: [], cpu: [], median: null, ratio: null, cpuMedian: null, cpuRatio: null, single: false, error: null };
  const script = path.join(HERE, "python", `${f.python}.py`);
  const args = JSON.stringify({ ...f.params, runs: RUNS, single_ms: SINGLE_MS, budget_ms: BUDGET_MS });
  const p = spawnSync("python3", [script, args], {
    env: { ...process.env, PYENV_VERSION: process.env.PYENV_VERSION ?? "3.13.0" },
    encoding: "utf8",
    timeout: TIMEOUT_MS * (RUNS + 1),
  });
  try {
    if (p.error) throw p.error;
    const out = JSON.parse(p.stdout.trim().split("\n").pop() || "{}");
    if (out.error) throw new Error(out.error);
    if (!Array.isArray(out.times)) throw new Error(`no timings (exit ${p.status}): ${p.stderr.slice(0, 200)}`);
    pythonVersion = out.python;
    const err = validate(f, Math.min(...out.times), out.check);
    if (err) r.error = err;
    r.times = out.times;
    r.cpu = Array.isArray(out.cpu) ? out.cpu : [];
    r.single = out.single === true;
    log(`  [${f.id}] python    ${out.times.map((t: number) => t.toFixed(1)).join(", ")} ms${err ? `  ERROR ${err}` : ""}`);
  } catch (e) {
    r.error = `error: ${short(e)}`;
    log(`  [${f.id}] python    ERROR ${short(e)}`);
  }
  return r;
}

interface MemResult {
  label: string;
  error: string | null;
  totalMs: number | null;
  checkpoints: { tasks: number; ms: number; heapUsedMB: number; rssMB: number }[];
  heapGrowthMB: number | null; // last reading minus the first one after warm-up
  rssGrowthMB: number | null;
  flat: boolean | null;
}

async function runMemory(f: MemoryFamily): Promise<Record<string, MemResult>> {
  const res: Record<string, MemResult> = {};
  for (const p of f.peers.filter((p) => !PEERS || PEERS.includes(p.id))) {
    const r: MemResult = { label: p.label, error: null, totalMs: null, checkpoints: [], heapGrowthMB: null, rssGrowthMB: null, flat: null };
    res[p.id] = r;
    try {
      log(`  [${f.id}] ${p.id.padEnd(9)} running ${f.params.n / 1e6}M tasks…`);
      const { ms, value } = await timeOnce(() => p.run());
      const v = value as { sum: number; checkpoints: MemResult["checkpoints"] };
      if (v.sum !== f.expected) throw new Error(`wrong result ${v.sum}, expected ${f.expected}`);
      r.totalMs = ms;
      r.checkpoints = v.checkpoints;
      // Readings from the first checkpoint after work started (1/10 of the run) to the last.
      const cps = v.checkpoints.filter((c) => c.tasks > 0);
      const first = cps[0];
      const last = cps[cps.length - 1];
      r.heapGrowthMB = last.heapUsedMB - first.heapUsedMB;
      r.rssGrowthMB = last.rssMB - first.rssMB;
      r.flat = r.heapGrowthMB <= Math.max(1, first.heapUsedMB * 0.05);
      log(`  [${f.id}] ${p.id.padEnd(9)} ${ms.toFixed(0)} ms, heap ${first.heapUsedMB.toFixed(1)} → ${last.heapUsedMB.toFixed(1)} MB, rss ${first.rssMB.toFixed(1)} → ${last.rssMB.toFixed(1)} MB`);
    } catch (e) {
      r.error = `error: ${short(e)}`;
      log(`  [${f.id}] ${p.id.padEnd(9)} ERROR ${short(e)}`);
    }
  }
  return res;
}

// ---------------------------------------------------------------- run
const started = new Date();
const loadStart = Number(process.env.WASYNCIO_BENCH_LOAD0 ?? os.loadavg()[0]);
const t0 = performance.now();
log(`wasyncio bench${QUICK ? " (quick)" : ""}: ${families.map((f) => f.id).join(", ")}`);
if (loadStart > 0.7) log(`  ! 1-min load average is ${loadStart.toFixed(2)} on ${os.cpus().length} cores: other work is running, timings will be noisy`);
if (!wasyncio) log(`  ! ${wasyncioError}`);
const timed: { family: TimedFamily; results: Record<string, PeerResult> }[] = [];
const memory: { family: MemoryFamily; results: Record<string, MemResult> }[] = [];
for (const f of families) {
  if (f.kind === "timed") timed.push({ family: f, results: await runTimed(f) });
  else memory.push({ family: f, results: await runMemory(f) });
}
const elapsedS = (performance.now() - t0) / 1000;

// ---------------------------------------------------------------- report
const fmtMs = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));
const fmtX = (x: number) => `${x >= 10 ? x.toFixed(1) : x.toFixed(2)}×`;
const clip = (s: string) => (s.length > 90 ? s.slice(0, 87) + "…" : s).replace(/\|/g, "/");
const cell = (r: PeerResult | undefined) => {
  if (!r) return "—";
  if (r.error) return `n/a (${clip(r.error)})`;
  if (r.median === null) return "n/a";
  return `${fmtMs(r.median)} ms${r.single ? "†" : ""}${r.ratio !== null ? ` (${fmtX(r.ratio)})` : ""}`;
};
const cpus = os.cpus();
const machine = `${cpus.length} × ${cpus[0]?.model?.trim() ?? "?"}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GB, ${RUNTIME === "node" ? `Node ${process.version}` : RUNTIME === "deno" ? `Deno ${(globalThis as any).Deno.version.deno}` : `Bun ${(globalThis as any).Bun.version}`}${pythonVersion ? `, CPython ${pythonVersion}` : ""}, ${os.platform()} ${os.release()}`;

const lines: string[] = [];
lines.push(`Measured ${started.toISOString().slice(0, 16).replace("T", " ")} UTC on ${machine}${QUICK ? " — QUICK smoke run (10× smaller), not for comparison" : ""}.`);
const loadEnd = os.loadavg()[0];
lines.push(`Median ms (ratio to the plain/hand-written baseline); † = one long run; a ${FULL_GC ? "full" : "minor"} collection before each run. Total ${elapsedS.toFixed(0)} s; 1-min load average ${loadStart.toFixed(2)} at the start, ${loadEnd.toFixed(2)} at the end${loadStart > 0.7 ? " (**other work was running: absolute times are inflated, ratios less so**)" : ""}.`);
lines.push("");
if (timed.length) {
  const cols = PEER_ORDER.filter((id) => timed.some((t) => t.results[id]));
  lines.push(`| workload | ${cols.map((c) => PEER_TITLES[c]).join(" | ")} |`);
  lines.push(`|---|${cols.map(() => "---:").join("|")}|`);
  for (const { family, results } of timed) lines.push(`| ${family.title} | ${cols.map((c) => cell(results[c])).join(" | ")} |`);
  lines.push("");
  lines.push("Process CPU time of the same runs (user + system, all threads, so GC helper threads count), median ms (ratio): less sensitive to other load on the machine than wall time, and without the idle waiting of the sleep workload.");
  lines.push("");
  lines.push(`| workload | ${cols.map((c) => PEER_TITLES[c]).join(" | ")} |`);
  lines.push(`|---|${cols.map(() => "---:").join("|")}|`);
  const cpuCell = (r: PeerResult | undefined) =>
    !r ? "—" : r.error || r.cpuMedian === null ? "n/a" : `${fmtMs(r.cpuMedian)}${r.cpuRatio !== null ? ` (${fmtX(r.cpuRatio)})` : ""}`;
  for (const { family, results } of timed) lines.push(`| ${family.title} | ${cols.map((c) => cpuCell(results[c])).join(" | ")} |`);
  lines.push("");
  // Targets (DESIGN.md, "Performance goals").
  lines.push("| workload | wasyncio ÷ baseline (goal ≤ 2×; spawn ≤ 1.4×) | Effect v4 ÷ wasyncio (goal ≥ 2×) | CPython ÷ wasyncio (goal ≥ 5×) |");
  lines.push("|---|---:|---:|---:|");
  for (const { family, results } of timed) {
    const w = results.wasyncio?.median ?? null;
    const rel = (x: number | null | undefined, goal: number, lowerIsBetter: boolean) => {
      if (x === null || x === undefined || w === null) return "n/a";
      const v = lowerIsBetter ? w / x : x / w;
      const ok = lowerIsBetter ? v <= goal : v >= goal;
      return `${fmtX(v)} ${ok ? "✓" : "✗"}`;
    };
    const baseGoal = family.id === "spawn" ? 1.4 : 2;
    lines.push(`| ${family.title} | ${rel(results.plain?.median, baseGoal, true)} | ${rel(results.effect?.median, 2, false)} | ${rel(results.python?.median, 5, false)} |`);
  }
  lines.push("");
}
for (const { family, results } of memory) {
  const ids = PEER_ORDER.filter((id) => results[id]);
  lines.push(`${family.title}: heapUsed / RSS in MB after a forced GC, every ${family.params.every / 1e6}M tasks.`);
  lines.push("");
  const memTitle = (id: PeerId) => (id === "plain" ? "plain promises" : PEER_TITLES[id]);
  lines.push(`| tasks done | ${ids.map((id) => `${memTitle(id)} heap / RSS`).join(" | ")} |`);
  lines.push(`|---:|${ids.map(() => "---:").join("|")}|`);
  const rows = new Set<number>();
  for (const id of ids) for (const c of results[id].checkpoints) rows.add(c.tasks);
  for (const n of [...rows].sort((a, b) => a - b)) {
    lines.push(`| ${n / 1e6}M | ${ids.map((id) => {
      const c = results[id].checkpoints.find((x) => x.tasks === n);
      return c ? `${c.heapUsedMB.toFixed(1)} / ${c.rssMB.toFixed(0)}` : "—";
    }).join(" | ")} |`);
  }
  lines.push(`| total time | ${ids.map((id) => (results[id].error ? `n/a (${clip(results[id].error!)})` : `${(results[id].totalMs! / 1000).toFixed(1)} s`)).join(" | ")} |`);
  lines.push(`| heap growth after the first ${family.params.every / 1e6}M | ${ids.map((id) => {
    const r = results[id];
    return r.heapGrowthMB === null ? "n/a" : `${r.heapGrowthMB >= 0 ? "+" : ""}${r.heapGrowthMB.toFixed(2)} MB ${r.flat ? "(flat ✓)" : "(grows ✗)"}`;
  }).join(" | ")} |`);
  lines.push("");
}
if (strays.length) {
  lines.push(`Stray errors during the run (${strays.length}): ${strays.slice(0, 3).map((s) => s.split("\n")[0]).join("; ")}`);
  lines.push("");
}
const md = lines.join("\n");
console.log(md);

mkdirSync(path.dirname(OUT), { recursive: true });
writeFileSync(
  OUT,
  JSON.stringify(
    {
      date: started.toISOString(),
      machine: { cpus: cpus.length, model: cpus[0]?.model, totalmemGB: os.totalmem() / 2 ** 30, node: process.version, runtime: RUNTIME, python: pythonVersion, platform: `${os.platform()} ${os.release()}` },
      options: { quick: QUICK, runs: RUNS, singleMs: SINGLE_MS, timeoutMs: TIMEOUT_MS, peers: PEERS ?? "all", filters: FILTERS },
      wasyncioLoadError: wasyncioError || null,
      elapsedS,
      loadavg1: { start: loadStart, end: loadEnd },
      timed: timed.map(({ family, results }) => ({ id: family.id, title: family.title, params: family.params, expected: family.expected, results })),
      memory: memory.map(({ family, results }) => ({ id: family.id, title: family.title, params: family.params, results })),
      strays,
      markdown: md,
    },
    null,
    2,
  ),
);
writeFileSync(OUT.replace(/\.json$/, ".md"), md + "\n");
log(`wrote ${path.relative(process.cwd(), OUT)} (${elapsedS.toFixed(0)} s)`);
// Leftover timers of a failed peer must not keep the process alive.
process.exit(0);
