// trace.ts: the TS twins of tests/cpython/_trace.py, shared by the suites checked against
// CPython 3.13 traces: the suites under tests/ts/ (programs in tests/cpython/loop/, sync/ and
// io/).
//
// Each scenario is a Python 3.13 program tests/cpython/<area>/<name>.py that prints a trace, one
// event per line, recorded by tests/cpython/record.sh into tests/cpython/expected/<area>/<name>.txt.
// Its wasyncio twin records the same events into an array, which must equal the recorded lines:
// conformance(name, body) declares such a test; the io tests, whose programs use real sockets
// and processes, compare with expected(name) themselves. Python seconds are wasyncio
// milliseconds. The loop scenarios run on virtual time on both sides: wasyncio on
// VirtualClock({ autojump: true }), asyncio on _trace.VirtualTimeLoop (its own loop, whose
// select() moves the clock to the next deadline instead of waiting), so a trace depends on
// deadlines only, never on the machine's load.

import { afterAll, expect, it } from "vitest";
import { CancelledError, Runner, allTasks, currentTask, gather, getRunningLoop, sleep, type Future } from "../../ts/index.ts";

// The recordings are bundled by vite (import.meta.glob), so the suites that read them run
// unchanged in the browser, where there is no file system.
const files = import.meta.glob("./expected/*/*.txt", { query: "?raw", import: "default", eager: true }) as Record<string, string>;

/** Recording by program name (names are unique across the areas: recordings.node.test.ts checks it). */
const recordings = new Map<string, { area: string; text: string }>();
for (const [path, text] of Object.entries(files)) {
  const [, area, name] = /^\.\/expected\/([^/]+)\/([^/]+)\.txt$/.exec(path)!;
  recordings.set(name, { area, text });
}

/** The path of the Python program behind a recording, tests/cpython/<area>/<name>.py. */
export function program(name: string): string {
  return `tests/cpython/${recordings.get(name)?.area ?? "<area>"}/${name}.py`;
}

/** The recorded CPython trace of tests/cpython/<area>/<name>.py, as lines. */
export function expected(name: string): string[] {
  const r = recordings.get(name);
  if (r === undefined) throw new Error(`no recording tests/cpython/expected/<area>/${name}.txt (run tests/cpython/record.sh <area>/${name})`);
  const lines = r.text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

export type Print = (...parts: unknown[]) => void;

/**
 * Declares the test of one scenario: `body(print)` runs the wasyncio program, whose printed lines
 * must equal CPython's trace of tests/cpython/<area>/<name>.py. `print` joins its arguments with spaces,
 * as Python's print() does. A program still running after `hangMs` fails the test, and its
 * tasks are cancelled so that the next scenario starts on a clean slate (every scenario is quick:
 * timers run on a VirtualClock with autojump).
 */
export function conformance(name: string, body: (print: Print) => Promise<unknown>, hangMs = 5_000): void {
  it(`${name}: same trace as CPython 3.13 (${program(name)})`, async () => {
    const want = expected(name);
    const log: string[] = [];
    const print: Print = (...parts) => {
      log.push(parts.map((p) => (typeof p === "string" ? p : str(p))).join(" "));
    };
    let failure: unknown = undefined;
    let watchdog: ReturnType<typeof setTimeout> | undefined;
    const hung = new Promise<never>((_, reject) => {
      watchdog = setTimeout(() => {
        cancelAll();
        reject(new Error(`the wasyncio program did not finish within ${hangMs} ms (CPython's did)`));
      }, hangMs);
    });
    const program = body(print);
    try {
      await Promise.race([program, hung]);
    } catch (e) {
      failure = e;
      // after a hang, let run() finish closing its loop (up to 2 s) before the next scenario
      let settled = false;
      const quiet = program.then(
        () => (settled = true),
        () => (settled = true),
      );
      for (let i = 0; i < 20 && !settled; i++) {
        cancelAll();
        await Promise.race([quiet, new Promise((r) => setTimeout(r, 100))]);
      }
    } finally {
      clearTimeout(watchdog);
    }
    // The trace first: where the two diverge says more than the error that may follow.
    const note = failure === undefined ? undefined : `the wasyncio program threw ${errorText(failure)}`;
    expect(log, note).toEqual(want);
    if (failure !== undefined) throw failure;
  }, hangMs + 5_000);
}

/** Cancels every task of the running loop, if one runs (the watchdog's way to end a hung program). */
function cancelAll(): void {
  try {
    for (const t of allTasks()) t.cancel();
  } catch {
    // no loop runs
  }
}

function errorText(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}\n${e.stack ?? ""}`;
  return String(e);
}

/**
 * The ticker of _trace.py: a callSoon chain that prints "-- tick k" once per loop iteration, at
 * most n times; returns stop(), called before main returns so that no tick falls into run()'s
 * shutdown iterations.
 */
export function startTicker(print: Print, n = 50): () => void {
  const loop = getRunningLoop();
  let count = 0;
  let handle: { cancel(): void } | null = null;
  const tick = () => {
    count += 1;
    print(`-- tick ${count}`);
    handle = count < n ? loop.callSoon(tick) : null;
  };
  handle = loop.callSoon(tick);
  return () => {
    if (handle !== null) handle.cancel();
  };
}

/**
 * The Python class name for a wasyncio error: the two vocabularies differ only where API.md says
 * so (ValueError is RangeError). Everything else is compared by its `name`.
 */
export function ename(e: unknown): string {
  if (e instanceof RangeError) return "ValueError";
  if (e instanceof Error) return e.name;
  return `<not an Error: ${typeof e} ${String(e)}>`;
}

/** Python's repr() of the simple values the programs print. */
export function repr(v: unknown): string {
  if (typeof v === "string") return `'${v}'`;
  if (v === null || v === undefined) return "None";
  if (v === true) return "True";
  if (v === false) return "False";
  if (Array.isArray(v)) return `[${v.map(repr).join(", ")}]`;
  return String(v);
}

/** Python's str() (what an f-string interpolates). */
export function str(v: unknown): string {
  return typeof v === "string" ? v : repr(v);
}

/** _trace.outcome: 'result <repr>' / 'exception <Class>' / 'cancelled' / 'pending'. */
export function outcome(fut: Future<unknown>): string {
  if (!fut.done()) return "pending";
  if (fut.cancelled()) return "cancelled";
  const exc = fut.exception();
  if (exc !== null && exc !== undefined) return `exception ${ename(exc)}`;
  return `result ${repr(fut.result())}`;
}

/** _trace.Boom: the programs' own error class. */
export class Boom extends Error {
  override name = "Boom";
}

/**
 * _trace.worker, the hop-counting worker: sleep(0) `hops` times, then returns name, or throws
 * Boom(name) when fail. Prints "<name> cancelled" if cancelled on the way, then "<name> raises"
 * (unless not logRaise) or "<name> finishes".
 */
export function* worker(print: Print, name: string, hops: number, fail = false, logRaise = true) {
  try {
    for (let i = 0; i < hops; i++) yield* sleep(0);
  } catch (e) {
    if (e instanceof CancelledError) print(`${name} cancelled`);
    throw e;
  }
  if (fail) {
    if (logRaise) print(`${name} raises`);
    throw new Boom(name);
  }
  print(`${name} finishes`);
  return name;
}

/** Python's `sorted(...)` of names, printed as a list. */
export function sortedNames(xs: Iterable<string>): string {
  return repr([...xs].sort());
}

/** Runs fn and returns the Python class name of what it throws, or "no error". */
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

/** Python's repr() of bytes (enough for the traces: printable ASCII, \n \r \t, \xNN). */
export function pyBytes(u: Uint8Array): string {
  let out = "b'";
  for (const c of u) {
    if (c === 10) out += "\\n";
    else if (c === 13) out += "\\r";
    else if (c === 9) out += "\\t";
    else if (c === 39) out += "\\'";
    else if (c === 92) out += "\\\\";
    else if (c >= 32 && c < 127) out += String.fromCharCode(c);
    else out += "\\x" + c.toString(16).padStart(2, "0");
  }
  return out + "'";
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
