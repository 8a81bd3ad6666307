// signals.ts: what loop.addSignalHandler / removeSignalHandler do (CPython unix_events.py), over
// the host's 'signals' facet. The installed handlers are the loop's own state
// (`loop._signalHandlers`); closing the loop removes them. The handler is one Handle per signal, queued with callSoon each time the
// signal arrives, so it runs as a normal ready callback inside an iteration, never from the
// host's signal context. Checks, in asyncio's order: a coroutine function (TypeError), a bad
// signal (TypeError for the type, RangeError for an unknown one: asyncio's ValueError), SIGKILL
// and SIGSTOP (RuntimeError: cannot be caught), a closed loop and a non-main thread (RuntimeError).
// removeSignalHandler restores the host's default disposition (Node: its own handling).

import type { EventLoop } from "./loop.js";
import { Handle } from "./handles.js";
import { RuntimeError, describe } from "../errors.js";
import { _facet } from "../net/host-io.js";

/** One installed handler: its Handle, and what removes it from the host. */
export interface InstalledSignal {
  handle: Handle;
  off: () => void;
}

function isCoroutineFunction(cb: unknown): boolean {
  const n = (cb as any)?.constructor?.name;
  return n === "GeneratorFunction" || n === "AsyncFunction" || n === "AsyncGeneratorFunction";
}

function signalName(loop: EventLoop, sig: unknown, what: string): [string, number] {
  const facet = _facet(loop, "signals", what);
  const nums = facet.numbers;
  if (typeof sig === "number") {
    if (!Number.isInteger(sig)) throw new TypeError(`A signal must be a name or an integer: received ${describe(sig)}`);
    const name = Object.keys(nums).find((k) => nums[k] === sig);
    if (name === undefined) throw new RangeError(`invalid signal number ${sig}`);
    return [name, sig];
  }
  if (typeof sig !== "string") throw new TypeError(`A signal must be a name or an integer: received ${describe(sig)}`);
  const n = nums[sig];
  if (n === undefined) throw new RangeError(`invalid signal name ${JSON.stringify(sig)}`);
  return [sig, n];
}

export function addSignalHandler(loop: EventLoop, sig: string | number, cb: (...a: any[]) => unknown, args: unknown[]): void {
  if (isCoroutineFunction(cb)) throw new TypeError("coroutines cannot be used with addSignalHandler()");
  if (typeof cb !== "function") throw new TypeError(`A callable was expected: received ${describe(cb)}`);
  const [name, num] = signalName(loop, sig, "addSignalHandler()");
  if (name === "SIGKILL" || name === "SIGSTOP") throw new RuntimeError(`sig ${num} cannot be caught`);
  loop._checkClosed();
  const facet = loop._host.signals!;
  if (facet.canHandle && !facet.canHandle()) throw new RuntimeError("Signal handlers can only be added in the main thread");
  const map = (loop._signalHandlers ??= new Map());
  map.get(name)?.off();
  const handle = new Handle(cb, args.length ? args : null, loop);
  const off = facet.on(name, () => {
    if (loop._closed || handle.cancelled()) return;
    loop.callSoon(() => handle._run());
  });
  map.set(name, { handle, off });
}

export function removeSignalHandler(loop: EventLoop, sig: string | number): boolean {
  const [name] = signalName(loop, sig, "removeSignalHandler()");
  const map = loop._signalHandlers;
  const h = map?.get(name);
  if (h === undefined) return false;
  map!.delete(name);
  h.handle.cancel();
  h.off();
  return true;
}

/** loop.close(): every handler of `loop` is removed from the host. */
export function removeAllSignalHandlers(loop: EventLoop): void {
  const map = loop._signalHandlers;
  if (map === null) return;
  loop._signalHandlers = null;
  for (const h of map.values()) h.off();
}

/**
 * The signal names that have a handler on `loop` (a debugging aid).
 * @example
 * ```ts
 * await run(function* () {
 *   const loop = getRunningLoop();
 *   loop.addSignalHandler("SIGUSR2", () => console.log("got SIGUSR2"));
 *   console.log(installedSignalHandlers(loop)); // ["SIGUSR2"]
 *   loop.removeSignalHandler("SIGUSR2");
 * });
 * ```
 */
export function installedSignalHandlers(loop: EventLoop): string[] {
  return [...(loop._signalHandlers?.keys() ?? [])];
}
