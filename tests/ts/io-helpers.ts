// helpers.ts: shared pieces of the I/O tests: byte/string conversion, temp dirs for Unix
// sockets, a run() that records what reaches the loop's exception handler, open handles. The
// CPython 3.13 traces they compare with (tests/cpython/io/*.py) are read with expected() of
// tests/cpython/trace.ts.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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

/** Open handles of this process that keep it alive (sockets, pipes, servers, child processes). */
export function liveHandles(): string[] {
  const rs = (process as any).getActiveResourcesInfo?.() as string[] | undefined;
  return (rs ?? []).filter((r) => /TCP|Pipe|UDP|Process|TLS/.test(r)).sort();
}
