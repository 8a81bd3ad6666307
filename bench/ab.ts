// ab.ts: two builds of wasyncio side by side in one node process, on the same workloads as
// bench/run.ts: the way to tell whether a change made anything slower or faster, since this
// shared machine moves absolute times by ±25% between processes.
//
//   npm run build && cp -r dist /tmp/new-dist
//   git stash / checkout the other version, npm run build && cp -r dist /tmp/old-dist
//   npx tsx bench/ab.ts /tmp/old-dist /tmp/new-dist [--rounds=5] [--runs=3] [family ...]
//
// Each build runs in a process of its own: two builds in one process share the workloads' code,
// whose call sites then see two classes of every object, and the second build read up to 1.6x
// slower than the first when both were the same build (measured). So for each family the two
// take turns A B A B … for --rounds (default 5), each turn a fresh process that does one warm-up
// and --runs (default 3) measured runs; the median of each build's runs and the median of the
// per-round ratios B/A are printed. Families: spawn sleep cancel queue-1x1 queue-10x10 lock
// semaphore. Every run's result is checked as bench/run.ts checks it.

import { spawnSync } from "node:child_process";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Ctx, TimedFamily } from "./lib/types.ts";
import { gcBeforeRun, median } from "./lib/stats.ts";
import { spawnFamily } from "./workloads/spawn.ts";
import { sleepFamily } from "./workloads/sleep.ts";
import { cancelFamily } from "./workloads/cancel.ts";
import { queueFamily } from "./workloads/queue.ts";
import { lockFamily } from "./workloads/locks.ts";

const argv = process.argv.slice(2);
const words = argv.filter((a) => !a.startsWith("--"));
const child = argv.includes("--child");
const dirs = words.slice(0, child ? 1 : 2);
const filters = words.slice(child ? 1 : 2);
const num = (name: string, dflt: number) => Number(argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? dflt);
const runs = num("runs", 3);
/** a full collection before each measured run instead of a minor one (lib/stats.ts gcBeforeRun) */
const fullGc = argv.includes("--full-gc");
const rounds = num("rounds", 5);
if ((child ? dirs.length !== 1 : dirs.length !== 2) || !(runs >= 1) || !(rounds >= 1)) {
  console.error("usage: npx tsx bench/ab.ts DIST_A DIST_B [--rounds=N] [--runs=N] [family ...]");
  process.exit(2);
}

async function load(dir: string): Promise<Ctx> {
  const api = await import(pathToFileURL(path.resolve(dir, "ts/entry/node.js")).href);
  return {
    quick: false,
    need(...names: string[]) {
      for (const n of names) if (api[n] === undefined) throw new Error(`${dir} does not export ${n}`);
      return api;
    },
  };
}

const builders: [string, (c: Ctx) => TimedFamily][] = [
  ["spawn", (c) => spawnFamily(c) as TimedFamily],
  ["sleep", (c) => sleepFamily(c) as TimedFamily],
  ["cancel", (c) => cancelFamily(c) as TimedFamily],
  ["queue-1x1", (c) => queueFamily(c, 1, 1, "e") as TimedFamily],
  ["queue-10x10", (c) => queueFamily(c, 10, 10, "f") as TimedFamily],
  ["lock", (c) => lockFamily(c, "lock") as TimedFamily],
  ["semaphore", (c) => lockFamily(c, "semaphore") as TimedFamily],
];

async function once(f: TimedFamily, run: () => Promise<unknown>): Promise<number> {
  gcBeforeRun(fullGc);
  const t0 = performance.now();
  const v = await run();
  const ms = performance.now() - t0;
  if (v !== f.expected) throw new Error(`${f.id}: wrong result ${JSON.stringify(v)}, expected ${JSON.stringify(f.expected)}`);
  return ms;
}

if (child) {
  // One build, one family: a warm-up, then the measured runs, as JSON on stdout.
  const f = builders.find(([id]) => id === filters[0])![1](await load(dirs[0]));
  const p = f.peers.find((x) => x.id === "wasyncio")!;
  await once(f, () => p.run());
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) ms.push(await once(f, () => p.run()));
  console.log(JSON.stringify(ms));
  process.exit(0);
}

function turn(dir: string, id: string): number[] {
  const r = spawnSync(process.execPath, ["--expose-gc", ...process.execArgv, process.argv[1], "--child", dir, id, `--runs=${runs}`, ...(fullGc ? ["--full-gc"] : [])], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${dir} ${id}: ${r.stderr.trim().split("\n").slice(-3).join(" ")}`);
  return JSON.parse(r.stdout.trim().split("\n").pop()!);
}

console.log(`A = ${dirs[0]}\nB = ${dirs[1]}\n${rounds} rounds of a fresh process each, ${runs} runs per process; medians in ms\n`);
console.log("| workload | A | B | B/A (median of rounds) |\n|---|---:|---:|---:|");
for (const [id] of builders) {
  if (filters.length && !filters.some((x) => id.includes(x))) continue;
  const a: number[] = [];
  const b: number[] = [];
  const r: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const ta = turn(dirs[0], id);
    const tb = turn(dirs[1], id);
    a.push(...ta);
    b.push(...tb);
    r.push(median(tb) / median(ta));
  }
  console.log(`| ${id} | ${median(a).toFixed(1)} | ${median(b).toFixed(1)} | ${median(r).toFixed(3)} |`);
}
