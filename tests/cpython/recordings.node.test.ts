// The recorded CPython traces (tests/cpython/expected/<area>/<name>.txt) must be current: every
// program tests/cpython/<area>/<name>.py is re-run with CPython 3.13 and its output compared with
// its recording. Each program also has a name unique across the areas, a recording, and a wasyncio
// twin in tests/ (`conformance("<name>", ...)`, or `expected("<name>")` for the io tests), and
// each recording has its program. Without CPython 3.13 (`PYENV_VERSION=3.13.0 python3`) this
// fails, naming what is missing: CI has it, and a silent skip would let the recordings rot.
// Node only: it spawns Python (the browser suite leaves *.node.test.ts out). Re-record with
// tests/cpython/record.sh.

import { execFile, spawnSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const HERE = fileURLToPath(new URL("./", import.meta.url));
const TESTS = fileURLToPath(new URL("../", import.meta.url));

const dirs = (d: string) => readdirSync(d).filter((f) => !/^[_.]/.test(f) && statSync(d + f).isDirectory());
const areas = dirs(HERE).filter((d) => d !== "expected");
/** "<area>/<name>" of every program and of every recording. */
const programs = areas.flatMap((a) => readdirSync(`${HERE}${a}`).filter((f) => f.endsWith(".py") && !f.startsWith("_")).map((f) => `${a}/${f.slice(0, -3)}`)).sort();
const recorded = dirs(`${HERE}expected/`).flatMap((a) => readdirSync(`${HERE}expected/${a}`).filter((f) => f.endsWith(".txt")).map((f) => `${a}/${f.slice(0, -4)}`)).sort();
const env = { ...process.env, PYENV_VERSION: "3.13.0", PYTHONDONTWRITEBYTECODE: "1", PYTHONPATH: HERE };
const run = promisify(execFile);

function python313(): string | null {
  const r = spawnSync("python3", ["-c", "import sys; print('%d.%d' % sys.version_info[:2])"], { env, encoding: "utf8" });
  if (r.error) return `python3 cannot be run (${r.error.message})`;
  if (r.status !== 0 || r.stdout.trim() !== "3.13") {
    return `PYENV_VERSION=3.13.0 python3 is not CPython 3.13 (status ${r.status}, stdout ${JSON.stringify(r.stdout.trim())}, stderr ${JSON.stringify(r.stderr.trim())})`;
  }
  return null;
}

function testSources(dir: string, out: string[] = []): string[] {
  for (const f of readdirSync(dir)) {
    const p = dir + f;
    if (statSync(p).isDirectory()) testSources(`${p}/`, out);
    else if (f.endsWith(".test.ts")) out.push(readFileSync(p, "utf8"));
  }
  return out;
}

const lines = (text: string) => {
  const ls = text.split("\n");
  if (ls[ls.length - 1] === "") ls.pop();
  return ls;
};

describe("CPython recordings", () => {
  it("every program in tests/cpython/<area>/ has a unique name, a recording and a wasyncio twin; every recording a program", () => {
    expect(programs.length).toBeGreaterThan(0);
    const sources = testSources(TESTS).join("\n");
    const problems: string[] = [];
    const seen = new Map<string, string>();
    for (const p of programs) {
      const name = p.slice(p.indexOf("/") + 1);
      if (seen.has(name)) problems.push(`${p}: the name is taken by ${seen.get(name)} (recordings are looked up by name)`);
      seen.set(name, p);
      if (!recorded.includes(p)) problems.push(`${p}: no tests/cpython/expected/${p}.txt (run tests/cpython/record.sh ${p})`);
      if (!sources.includes(`conformance("${name}"`) && !sources.includes(`expected("${name}")`)) {
        problems.push(`${p}: no conformance("${name}", ...) or expected("${name}") in a test file of tests/`);
      }
    }
    for (const r of recorded) if (!programs.includes(r)) problems.push(`expected/${r}.txt: no program tests/cpython/${r}.py`);
    expect(problems).toEqual([]);
  });

  it("CPython 3.13 is available as `PYENV_VERSION=3.13.0 python3`", () => {
    const problem = python313();
    if (problem !== null) {
      throw new Error(`${problem}. The CPython recordings cannot be checked; install CPython 3.13.0 under pyenv.`);
    }
  });

  it("each recording equals what CPython 3.13 prints today", async () => {
    const problem = python313();
    if (problem !== null) throw new Error(`${problem}: cannot re-run tests/cpython/<area>/*.py.`);
    const stale: string[] = [];
    // a few at a time (each is an interpreter start; the loop programs run on virtual time)
    const queue = [...programs];
    const worker = async () => {
      for (let p = queue.shift(); p !== undefined; p = queue.shift()) {
        const { stdout } = await run("python3", [`${p}.py`], { cwd: HERE, env, timeout: 90_000 });
        if (!recorded.includes(p)) {
          stale.push(`${p}: no recording`);
          continue;
        }
        const got = lines(stdout);
        const want = lines(readFileSync(`${HERE}expected/${p}.txt`, "utf8"));
        const k = want.findIndex((l, i) => l !== got[i]);
        if (k >= 0 || got.length !== want.length) {
          const at = k >= 0 ? k : want.length;
          stale.push(`${p}: line ${at + 1}: recorded ${JSON.stringify(want[at])}, printed ${JSON.stringify(got[at])}`);
        }
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    expect(stale.sort(), "stale recordings: run tests/cpython/record.sh").toEqual([]);
  }, 180_000);
});
