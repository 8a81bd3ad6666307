// helpers.ts: the sync suite's shared pieces, the TS twins of tests/sync/python/_trace.py.
//
// Each scenario is a Python 3.13 program tests/sync/python/<name>.py printing a trace, recorded by
// tests/sync/python/record.sh into tests/sync/python/expected/<name>.txt. Its wasyncio twin
// (conformance(...) in tests/sync/*.test.ts) prints the same events; the lines must be equal.
// fixtures.test.ts re-runs the Python programs to check that the recordings are current.

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { Future, getRunningLoop } from "../../ts/index.js";

export const PYTHON_DIR = fileURLToPath(new URL("./python/", import.meta.url));

export function expected(name: string): string[] {
  const lines = readFileSync(`${PYTHON_DIR}expected/${name}.txt`, "utf8").split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

export type Print = (...parts: unknown[]) => void;

/** The test of one scenario: body(print) must print CPython's trace of python/<name>.py. */
export function conformance(name: string, body: (print: Print) => Promise<unknown>, timeoutMs = 10_000): void {
  it(`${name}: same trace as CPython 3.13 (tests/sync/python/${name}.py)`, async () => {
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

/** _trace.start_ticker: "-- tick k" once per loop iteration; returns stop(). */
export function startTicker(print: Print, n = 60): () => void {
  const loop = getRunningLoop();
  let count = 0;
  let handle: { cancel(): void } | null = null;
  const tick = () => {
    count += 1;
    print(`-- tick ${count}`);
    handle = count < n ? loop.callSoon(tick) : null;
  };
  handle = loop.callSoon(tick);
  return () => handle?.cancel();
}

/** Python's class name for a wasyncio error (RangeError is ValueError, API.md). */
export function ename(e: unknown): string {
  if (e instanceof RangeError) return "ValueError";
  if (e instanceof Error) return e.name;
  return `<not an Error: ${String(e)}>`;
}

export function repr(v: unknown): string {
  if (typeof v === "string") return `'${v}'`;
  if (v === null || v === undefined) return "None";
  if (v === true) return "True";
  if (v === false) return "False";
  if (Array.isArray(v)) return `[${v.map(repr).join(", ")}]`;
  return String(v);
}

export function str(v: unknown): string {
  return typeof v === "string" ? v : repr(v);
}

export function outcome(fut: Future<unknown>): string {
  if (!fut.done()) return "pending";
  if (fut.cancelled()) return "cancelled";
  const exc = fut.exception();
  if (exc !== null && exc !== undefined) return `exception ${ename(exc)}`;
  return `result ${repr(fut.result())}`;
}

/** Runs fn; the Python class name of what it throws, or "no error". */
export function attempt(fn: () => unknown): string {
  try {
    fn();
    return "no error";
  } catch (e) {
    return ename(e);
  }
}

/** A template tag that interpolates as a Python f-string does (True/False/None). */
export function py(strings: TemplateStringsArray, ...vals: unknown[]): string {
  let s = strings[0];
  for (let i = 0; i < vals.length; i++) s += str(vals[i]) + strings[i + 1];
  return s;
}
