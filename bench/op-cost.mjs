// bench/op-cost.mjs: what one call of an Op-building API costs, over the bare body it wraps
// (ns per call, median of 5 rounds of 200k calls, in one task), with CPython 3.13 asyncio's
// `async with asyncio.timeout(...)` and `asyncio.wait_for` beside (bench/python/op_cost.py).
//   npm run build && node bench/op-cost.mjs
import { spawnSync } from "node:child_process";
import { run, timeout, waitFor, taskGroup } from "../dist/ts/entry/node.js";

const N = 200_000;
function* body() {
  return 1;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

function* measure() {
  const rows = { "timeout(null, body)": [], "timeout(10 s, body)": [], "waitFor(body(), 10 s)": [], "taskGroup(body)": [] };
  for (let r = 0; r < 5; r++) {
    let t0 = performance.now();
    for (let i = 0; i < N; i++) yield* body();
    const bare = (performance.now() - t0) / N;
    t0 = performance.now();
    for (let i = 0; i < N; i++) yield* timeout(null, body);
    rows["timeout(null, body)"].push((performance.now() - t0) / N - bare);
    t0 = performance.now();
    for (let i = 0; i < N; i++) yield* timeout(10_000, body);
    rows["timeout(10 s, body)"].push((performance.now() - t0) / N - bare);
    t0 = performance.now();
    for (let i = 0; i < N; i++) yield* waitFor(body(), 10_000);
    rows["waitFor(body(), 10 s)"].push((performance.now() - t0) / N - bare);
    t0 = performance.now();
    for (let i = 0; i < N; i++) yield* taskGroup(body);
    rows["taskGroup(body)"].push((performance.now() - t0) / N - bare);
  }
  return Object.fromEntries(Object.entries(rows).map(([k, v]) => [k, median(v) * 1e6]));
}

const ours = await run(measure());
const py = spawnSync("python3", [new URL("./python/op_cost.py", import.meta.url).pathname, String(N)], { env: { ...process.env, PYENV_VERSION: "3.13.0" }, encoding: "utf8" });
const theirs = py.status === 0 ? JSON.parse(py.stdout) : {};
console.log("| call | wasyncio (ns) | CPython 3.13 asyncio (ns) |\n|---|---:|---:|");
for (const [k, v] of Object.entries(ours)) console.log(`| ${k} | ${v.toFixed(0)} | ${theirs[k] === undefined ? "—" : theirs[k].toFixed(0)} |`);
if (py.status !== 0) console.log(`(CPython: ${py.stderr.trim().split("\n").pop()})`);
