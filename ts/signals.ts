// signals.ts: loop.addSignalHandler / removeSignalHandler (CPython unix_events.py), over the
// host's 'signals' facet. The handler is one Handle per signal, queued with callSoon each time the
// signal arrives, so it runs as a normal ready callback inside an iteration, never from the
// host's signal context. Checks, in asyncio's order: a coroutine function (TypeError), a bad
// signal (TypeError for the type, RangeError for an unknown one: asyncio's ValueError), SIGKILL
// and SIGSTOP (RuntimeError: cannot be caught), a closed loop and a non-main thread (RuntimeError).
// removeSignalHandler restores the host's default disposition (Node: its own handling).

import { EventLoop, Handle } from "./events.js";
import { RuntimeError, describe } from "./errors.js";
import { _facet } from "./_io.js";

interface Installed {
  handle: Handle;
  off: () => void;
}
const handlers = new WeakMap<EventLoop, Map<string, Installed>>();

declare module "./events.js" {
  interface EventLoop {
    addSignalHandler<A extends unknown[]>(sig: string | number, cb: (...args: A) => unknown, ...args: A): void;
    removeSignalHandler(sig: string | number): boolean;
  }
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

EventLoop.prototype.addSignalHandler = function (this: EventLoop, sig: string | number, cb: (...a: any[]) => unknown, ...args: unknown[]): void {
  if (isCoroutineFunction(cb)) throw new TypeError("coroutines cannot be used with addSignalHandler()");
  if (typeof cb !== "function") throw new TypeError(`A callable was expected: received ${describe(cb)}`);
  const [name, num] = signalName(this, sig, "addSignalHandler()");
  if (name === "SIGKILL" || name === "SIGSTOP") throw new RuntimeError(`sig ${num} cannot be caught`);
  this._checkClosed();
  const facet = this._host.signals!;
  if (facet.canHandle && !facet.canHandle()) throw new RuntimeError("Signal handlers can only be added in the main thread");
  let map = handlers.get(this);
  if (map === undefined) {
    const m = (map = new Map());
    handlers.set(this, m);
    this._closers.push(() => {
      for (const h of m.values()) h.off();
      m.clear();
    });
  }
  map.get(name)?.off();
  const handle = new Handle(cb, args.length ? args : null, this);
  const loop = this;
  const off = facet.on(name, () => {
    if (loop._closed || handle.cancelled()) return;
    loop.callSoon(() => handle._run());
  });
  map.set(name, { handle, off });
};

EventLoop.prototype.removeSignalHandler = function (this: EventLoop, sig: string | number): boolean {
  const [name] = signalName(this, sig, "removeSignalHandler()");
  const map = handlers.get(this);
  const h = map?.get(name);
  if (h === undefined) return false;
  map!.delete(name);
  h.handle.cancel();
  h.off();
  return true;
};

/** The signal names that have a handler on `loop` (a debugging aid). */
export function installedSignalHandlers(loop: EventLoop): string[] {
  return [...(handlers.get(loop)?.keys() ?? [])];
}
