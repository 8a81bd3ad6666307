// The recorded CPython traces (tests/cpython/expected/loop/*.txt) must be current: each program in
// tests/cpython/loop/ is re-run with CPython 3.13 and its output compared with its recording, and each
// has its wasyncio twin in this folder. Without CPython 3.13 (`PYENV_VERSION=3.13.0 python3`)
// this fails, naming what is missing: CI has it, and a silent skip would let recordings rot.
// Re-record with tests/cpython/record.sh.

import { execFile, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { expected } from "../cpython/trace.ts";

const CPYTHON_DIR = fileURLToPath(new URL("../cpython/", import.meta.url));
const PYTHON_DIR = `${CPYTHON_DIR}loop/`;
const EXPECTED_DIR = `${CPYTHON_DIR}expected/loop/`;

const HERE = fileURLToPath(new URL("./", import.meta.url));
const programs = readdirSync(PYTHON_DIR)
  .filter((f) => f.endsWith(".py") && !f.startsWith("_"))
  .map((f) => f.slice(0, -3))
  .sort();
const env = { ...process.env, PYENV_VERSION: "3.13.0", PYTHONDONTWRITEBYTECODE: "1", PYTHONPATH: CPYTHON_DIR };
const run = promisify(execFile);

function python313(): string | null {
  const r = spawnSync("python3", ["-c", "import sys; print('%d.%d' % sys.version_info[:2])"], { env, encoding: "utf8" });
  if (r.error) return `python3 cannot be run (${r.error.message})`;
  if (r.status !== 0 || r.stdout.trim() !== "3.13") {
    return `PYENV_VERSION=3.13.0 python3 is not CPython 3.13 (status ${r.status}, stdout ${JSON.stringify(r.stdout.trim())}, stderr ${JSON.stringify(r.stderr.trim())})`;
  }
  return null;
}

describe("CPython recordings", () => {
  it("every program in tests/cpython/loop/ has a recording and a wasyncio twin", () => {
    expect(programs.length).toBeGreaterThan(0);
    const sources = readdirSync(HERE)
      .filter((f) => f.endsWith(".test.ts") && f !== "fixtures.test.ts")
      .map((f) => readFileSync(HERE + f, "utf8"))
      .join("\n");
    const problems: string[] = [];
    for (const p of programs) {
      if (!existsSync(`${EXPECTED_DIR}${p}.txt`)) problems.push(`${p}: no tests/cpython/expected/loop/${p}.txt (run tests/cpython/record.sh ${p})`);
      if (!sources.includes(`conformance("${p}"`)) problems.push(`${p}: no conformance("${p}", ...) in tests/conformance/`);
    }
    expect(problems).toEqual([]);
  });

  it("CPython 3.13 is available as `PYENV_VERSION=3.13.0 python3`", () => {
    const problem = python313();
    if (problem !== null) {
      throw new Error(`${problem}. The conformance recordings cannot be checked; install CPython 3.13.0 under pyenv.`);
    }
  });

  it("each recording equals what CPython 3.13 prints today", async () => {
    const problem = python313();
    if (problem !== null) throw new Error(`${problem}: cannot re-run tests/cpython/loop/*.py.`);
    const stale: string[] = [];
    // a few at a time (each is an interpreter start; the programs run on virtual time)
    const queue = [...programs];
    const worker = async () => {
      for (let p = queue.shift(); p !== undefined; p = queue.shift()) {
        const { stdout } = await run("python3", [`${p}.py`], { cwd: PYTHON_DIR, env });
        const lines = stdout.split("\n");
        if (lines[lines.length - 1] === "") lines.pop();
        if (JSON.stringify(lines) !== JSON.stringify(expected(p))) stale.push(p);
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    expect(stale, "stale recordings: run tests/cpython/record.sh").toEqual([]);
  }, 180_000);
});
