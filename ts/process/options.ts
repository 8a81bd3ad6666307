// options.ts: what the subprocess functions take: the stdio constants (asyncio subprocess.PIPE,
// STDOUT, DEVNULL), SubprocessOptions, and their checks. asyncio's text-mode options have no
// meaning here (pipes carry bytes) and are refused with a RangeError.

import type { StdioSpec } from "../../host/host.js";
import { describe, _checkOptions } from "../errors.js";

/**
 * @example
 * ```ts
 * await run(function* () {
 *   const proc = yield* createSubprocessExec("date", [], { stdout: PIPE });
 *   console.log(new TextDecoder().decode(yield* proc.stdout!.readline()));
 *   yield* proc.wait();
 * });
 * ```
 */
export const PIPE = -1;
/**
 * @example
 * ```ts
 * await run(function* () {
 *   // stderr into the same pipe as stdout, in the order the child wrote them
 *   const proc = yield* createSubprocessShell("echo out; echo err >&2", { stdout: PIPE, stderr: STDOUT });
 *   const [both] = yield* proc.communicate();
 *   console.log(new TextDecoder().decode(both!));
 * });
 * ```
 */
export const STDOUT = -2;
/**
 * @example
 * ```ts
 * await run(function* () {
 *   const proc = yield* createSubprocessShell("noisy-command", { stdout: DEVNULL, stderr: DEVNULL });
 *   console.log(yield* proc.wait());
 * });
 * ```
 */
export const DEVNULL = -3;
/**
 * @example
 * ```ts
 * import type { Stdio } from "wasyncio";
 * import { PIPE } from "wasyncio";
 * const quiet: Stdio = null;
 * const piped: Stdio = PIPE;
 * const shared: Stdio = "inherit";
 * ```
 */
export type Stdio = typeof PIPE | typeof DEVNULL | typeof STDOUT | "inherit" | null;

/**
 * @example
 * ```ts
 * import { run, createSubprocessExec, PIPE, type SubprocessOptions } from "wasyncio";
 * const opts: SubprocessOptions = { stdout: PIPE, cwd: "/tmp", env: { ...process.env, LANG: "C" } };
 * await run(function* () { yield* (yield* createSubprocessExec("pwd", [], opts)).wait(); });
 * ```
 */
export interface SubprocessOptions {
  stdin?: Stdio;
  stdout?: Stdio;
  stderr?: Stdio;
  cwd?: string;
  env?: Record<string, string>;
  /** StreamReader limit of the Process pipes */
  limit?: number;
  [k: string]: unknown;
}

export function _stdioSpec(s: Stdio | undefined, which: string): StdioSpec {
  if (s === PIPE) return "pipe";
  if (s === DEVNULL) return "ignore";
  if (s === undefined || s === null || s === "inherit") return "inherit";
  if (s === STDOUT) {
    if (which !== "stderr") throw new RangeError(`STDOUT can only be used for stderr: received it for ${which}`);
    return "stdout";
  }
  throw new TypeError(`Invalid ${which}: received ${describe(s)}`);
}

const KEYS = ["stdin", "stdout", "stderr", "cwd", "env", "limit", "text", "encoding", "errors", "universalNewlines", "bufsize", "shell"];

export function _checkOpts(opts: SubprocessOptions, what: string): void {
  _checkOptions(opts, KEYS, what);
  for (const k of ["text", "encoding", "errors", "universalNewlines"]) if (opts[k]) throw new RangeError(`${k} must be false (pipes carry bytes)`);
  if (opts.bufsize !== undefined && opts.bufsize !== 0) throw new RangeError("bufsize must be 0");
  if (opts.shell !== undefined) throw new RangeError("shell is chosen by the function: use subprocessShell / createSubprocessShell");
}

