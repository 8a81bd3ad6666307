// helpers.ts: shared pieces of the I/O tests: byte/string conversion, temp dirs for Unix
// sockets, a run() that records what reaches the loop's exception handler, and the Python 3.13
// reference runner (tests/cpython/io/*.py; recorded outputs in tests/cpython/expected/io/).

import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { getRunningLoop, run, type ExceptionContext } from "../../ts/index.js";

const enc = new TextEncoder();
const dec = new TextDecoder();
export const b = (s: string): Uint8Array => enc.encode(s);
export const s = (u: Uint8Array | null): string => (u === null ? "null" : dec.decode(u));

export function tmpDir(): { path: (name: string) => string; cleanup: () => void } {
  const d = mkdtempSync(join(tmpdir(), "wasyncio-io-"));
  return { path: (n) => join(d, n), cleanup: () => rmSync(d, { recursive: true, force: true }) };
}

/** Runs `main` with an exception handler that records the contexts instead of logging them. */
export async function runRecording<T>(main: (errors: ExceptionContext[]) => Generator<unknown, T, unknown>): Promise<[T, ExceptionContext[]]> {
  const errors: ExceptionContext[] = [];
  const v = await run(function* () {
    getRunningLoop().setExceptionHandler((_l, ctx) => void errors.push(ctx));
    return yield* main(errors);
  });
  return [v, errors];
}

const PY_DIR = fileURLToPath(new URL("../cpython/io/", import.meta.url));
const EXPECTED_DIR = fileURLToPath(new URL("../cpython/expected/io/", import.meta.url));

/** The output of tests/cpython/io/<name>.py under CPython 3.13 (live; the recording if Python is missing). */
export function pythonTrace(name: string): string[] {
  let text: string;
  try {
    text = execFileSync("python3", [join(PY_DIR, `${name}.py`)], { env: { ...process.env, PYENV_VERSION: "3.13.0" }, encoding: "utf8", timeout: 30_000 });
  } catch (e) {
    if ((e as any).code !== "ENOENT") throw e;
    text = readFileSync(join(EXPECTED_DIR, `${name}.txt`), "utf8");
  }
  return text.split("\n").filter((l) => l !== "");
}

export function recordedTrace(name: string): string[] {
  return readFileSync(join(EXPECTED_DIR, `${name}.txt`), "utf8").split("\n").filter((l) => l !== "");
}

/** Open handles of this process that keep it alive (sockets, pipes, servers, child processes). */
export function liveHandles(): string[] {
  const rs = (process as any).getActiveResourcesInfo?.() as string[] | undefined;
  return (rs ?? []).filter((r) => /TCP|Pipe|UDP|Process|TLS/.test(r)).sort();
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
