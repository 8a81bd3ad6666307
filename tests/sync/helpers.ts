// helpers.ts: the sync suite's shared pieces, the TS twins of tests/cpython/_trace.py.
//
// Each scenario is a Python 3.13 program tests/cpython/sync/<name>.py printing a trace, recorded by
// tests/cpython/record.sh into tests/cpython/expected/sync/<name>.txt. Its wasyncio twin
// (conformance(...) in tests/sync/*.test.ts) prints the same events; the lines must be equal.
// fixtures.test.ts re-runs the Python programs to check that the recordings are current.

import { afterAll, expect, it } from "vitest";
import { Runner, allTasks, currentTask, gather } from "../../ts/index.js";
import { startTicker as loopTicker, str, type Print } from "../conformance/helpers.js";

// The Python-vocabulary helpers are the loop conformance suite's, shared rather than copied.
export { ename, repr, str, outcome, attempt, type Print } from "../conformance/helpers.js";

// Bundled by vite (import.meta.glob), so the suite also runs in the browser.
const recordings = import.meta.glob("../cpython/expected/sync/*.txt", { query: "?raw", import: "default", eager: true }) as Record<string, string>;

export function expected(name: string): string[] {
  const text = recordings[`../cpython/expected/sync/${name}.txt`];
  if (text === undefined) throw new Error(`no recording tests/cpython/expected/sync/${name}.txt (run tests/cpython/record.sh ${name})`);
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}


/** The test of one scenario: body(print) must print CPython's trace of tests/cpython/sync/<name>.py. */
export function conformance(name: string, body: (print: Print) => Promise<unknown>, timeoutMs = 10_000): void {
  it(`${name}: same trace as CPython 3.13 (tests/cpython/sync/${name}.py)`, async () => {
    const want = expected(name);
    const log: string[] = [];
    const print: Print = (...parts) => log.push(parts.map(str).join(" "));
    let failure: unknown = undefined;
    try {
      await body(print);
    } catch (e) {
      failure = e;
    }
    expect(log).toEqual(want);
    if (failure !== undefined) throw failure;
  }, timeoutMs);
}

/** _trace.start_ticker with this suite's default length. */
export function startTicker(print: Print, n = 60): () => void {
  return loopTicker(print, n);
}

/** A template tag that interpolates as a Python f-string does (True/False/None). */
export function py(strings: TemplateStringsArray, ...vals: unknown[]): string {
  let s = strings[0];
  for (let i = 0; i < vals.length; i++) s += str(vals[i]) + strings[i + 1];
  return s;
}

/**
 * run() on one loop shared by a whole file: a file that replays hundreds of programs with a fresh
 * loop each made Chromium run out of Wasm memory (every instance reserves address space until
 * the collector frees it). Each run ends as run() ends: the tasks it left are cancelled and
 * awaited before it returns.
 */
export function sharedRun(): <T>(body: () => Generator<unknown, T, unknown>) => Promise<T> {
  const runner = new Runner({ handleSigint: false });
  afterAll(() => runner.close());
  return (body) =>
    runner.run(function* () {
      try {
        return yield* body();
      } finally {
        const left = [...allTasks()].filter((t) => t !== currentTask());
        for (const t of left) t.cancel();
        if (left.length) yield* gather(...left, { returnExceptions: true });
      }
    });
}
