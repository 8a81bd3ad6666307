// procs.ts: spawn-and-wait of 200 `true` processes (issue #4), one after another and all at
// once, side by side in one run: plain child_process (the limit), wasyncio's
// createSubprocessExec + wait(), and CPython 3.13 asyncio's create_subprocess_exec + wait()
// (bench/python/procs.py, same counts). Prints a markdown table with ratios to child_process.
//   npx tsx bench/procs.ts [--n=200] [--runs=5]
import { spawn, execFileSync } from "node:child_process";
import { run, createSubprocessExec, gather, DEVNULL } from "../ts/entry/node.ts";

const arg = (k: string, d: number) => Number(process.argv.find((a) => a.startsWith(`--${k}=`))?.split("=")[1] ?? d);
const N = arg("n", 200);
const RUNS = arg("runs", 5);

function plainOne(): Promise<number> {
  return new Promise((resolve, reject) => {
    const p = spawn("true", [], { stdio: "ignore" });
    p.on("error", reject);
    p.on("exit", (code) => resolve(code ?? -1));
  });
}

const peers: Record<string, { seq: () => Promise<number>; par: () => Promise<number> }> = {
  "child_process": {
    async seq() {
      let ok = 0;
      for (let i = 0; i < N; i++) if ((await plainOne()) === 0) ok++;
      return ok;
    },
    async par() {
      return (await Promise.all(Array.from({ length: N }, plainOne))).filter((c) => c === 0).length;
    },
  },
  wasyncio: {
    seq: () =>
      run(function* () {
        let ok = 0;
        for (let i = 0; i < N; i++) {
          const p = yield* createSubprocessExec("true", [], { stdin: DEVNULL, stdout: DEVNULL, stderr: DEVNULL });
          if ((yield* p.wait()) === 0) ok++;
        }
        return ok;
      }),
    par: () =>
      run(function* () {
        const codes = yield* gather(
          ...Array.from({ length: N }, () =>
            (function* () {
              const p = yield* createSubprocessExec("true", [], { stdin: DEVNULL, stdout: DEVNULL, stderr: DEVNULL });
              return yield* p.wait();
            })(),
          ),
        );
        return codes.filter((c) => c === 0).length;
      }),
  },
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const results: Record<string, { seq: number; par: number }> = {};
for (const [name, p] of Object.entries(peers)) {
  await p.seq();
  await p.par(); // warm-up
  const seq: number[] = [];
  const par: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    let t0 = performance.now();
    if ((await p.seq()) !== N) throw new Error(`${name}: a process failed (sequential)`);
    seq.push(performance.now() - t0);
    t0 = performance.now();
    if ((await p.par()) !== N) throw new Error(`${name}: a process failed (concurrent)`);
    par.push(performance.now() - t0);
  }
  results[name] = { seq: median(seq), par: median(par) };
}
const py = JSON.parse(
  execFileSync("python3", ["bench/python/procs.py", String(N), String(RUNS)], { env: { ...process.env, PYENV_VERSION: "3.13.0" }, encoding: "utf8" }),
);
results["CPython 3.13 asyncio"] = py;
const base = results["child_process"];
console.log(`| ${N} \`true\` processes | ${Object.keys(results).join(" | ")} |`);
console.log(`|---|${Object.keys(results).map(() => "---:").join("|")}|`);
for (const k of ["seq", "par"] as const) {
  const label = k === "seq" ? "spawn + wait, one after another" : "spawn + wait, all at once";
  console.log(`| ${label} | ${Object.values(results).map((r) => `${r[k].toFixed(0)} ms (${(r[k] / base[k]).toFixed(2)}×)`).join(" | ")} |`);
}
