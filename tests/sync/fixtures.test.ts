// The recorded CPython traces (tests/cpython/expected/sync/*.txt) must be current: every program in
// tests/cpython/sync/ is re-run with CPython 3.13 when it is available and compared with its
// recording, and each has a conformance("<name>", ...) twin in this folder. Without CPython 3.13
// (`PYENV_VERSION=3.13.0 python3`) the re-run fails, naming what is missing: CI has it, and a
// silent skip would let the recordings rot. Re-record with tests/cpython/record.sh.

import { execFile, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { expected } from "../cpython/trace.js";

const CPYTHON_DIR = fileURLToPath(new URL("../cpython/", import.meta.url));
const PYTHON_DIR = `${CPYTHON_DIR}sync/`;
const EXPECTED_DIR = `${CPYTHON_DIR}expected/sync/`;

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
  if (r.status !== 0 || r.stdout.trim() !== "3.13") return `PYENV_VERSION=3.13.0 python3 is not CPython 3.13 (got ${JSON.stringify(r.stdout.trim())})`;
  return null;
}

describe("CPython recordings of the sync primitives", () => {
  it("every program in tests/cpython/sync/ has a recording and a wasyncio twin", () => {
    expect(programs.length).toBeGreaterThan(0);
    const sources = readdirSync(HERE)
      .filter((f) => f.endsWith(".test.ts"))
      .map((f) => readFileSync(HERE + f, "utf8"))
      .join("\n");
    const problems: string[] = [];
    for (const p of programs) {
      if (!existsSync(`${EXPECTED_DIR}${p}.txt`)) problems.push(`${p}: no tests/cpython/expected/sync/${p}.txt (run tests/cpython/record.sh ${p})`);
      if (!sources.includes(`conformance("${p}"`)) problems.push(`${p}: no conformance("${p}", ...) in tests/sync/`);
    }
    expect(problems).toEqual([]);
  });

  const problem = python313();
  it("each recording equals what CPython 3.13 prints today", async () => {
    expect(problem, "the recordings are checked against CPython 3.13").toBe(null);
    const stale: string[] = [];
    await Promise.all(
      programs.map(async (p) => {
        const { stdout } = await run("python3", [`${p}.py`], { cwd: PYTHON_DIR, env, timeout: 90_000 });
        const lines = stdout.split("\n");
        if (lines[lines.length - 1] === "") lines.pop();
        if (JSON.stringify(lines) !== JSON.stringify(expected(p))) stale.push(p);
      }),
    );
    expect(stale, "stale recordings: run tests/cpython/record.sh").toEqual([]);
  }, 180_000);
});
