// host-io.ts: the façade's shared plumbing for host I/O: finding a facet (or failing with an error
// naming the host and the facet), and awaiting a host promise inside a coroutine so that
// cancelling the task both aborts the host call and releases whatever it produced later.

import type { Host, NetFacet, NetPart } from "../../host/host.js";
import { CancelledError, NotSupportedError } from "../errors.js";
import { wrapPromise } from "../tasks/create.js";
import type { EventLoop } from "../loop/loop.js";
import type { Coro } from "../tasks/task.js";
import type { Future } from "../tasks/future.js";

type FacetName = "net" | "process" | "signals" | "workers";

/** The error for a call that needs a facet `host` lacks. */
export function _missingFacet(host: Host, facet: string, what: string): NotSupportedError {
  return new NotSupportedError(what, facet, host.name);
}

/** The host's facet, or the NotSupportedError naming the host, the facet and the call. */
export function _facet<K extends FacetName>(loop: EventLoop, name: K, what: string): NonNullable<Host[K]> {
  const f = loop._host[name];
  if (f === undefined || f === null) throw _missingFacet(loop._host, name, what);
  return f as NonNullable<Host[K]>;
}

/** The host's net facet, or the NotSupportedError naming `net.<part>` for the first of `parts`
 *  that this host lacks (NetFacet.lacks: workerd connects, but has no servers, Unix sockets or UDP). */
export function _netFacet(loop: EventLoop, parts: readonly NetPart[], what: string): NetFacet {
  const net = _facet(loop, "net", what);
  for (const p of parts) if (net.lacks?.includes(p)) throw _missingFacet(loop._host, `net.${p}`, what);
  return net;
}

/**
 * Awaits `start(signal)` inside a task. Cancellation: the signal is aborted and, should the
 * host produce a value anyway, `release(value)` frees it; the CancelledError propagates.
 */
export function* _hostCall<T>(loop: EventLoop, start: (signal: AbortSignal) => Promise<T>, release: (v: T) => void): Coro<T> {
  const ac = new AbortController();
  const p = start(ac.signal);
  try {
    return yield* wrapPromise(p, loop);
  } catch (e) {
    if (e instanceof CancelledError) {
      ac.abort();
      p.then(release, () => {});
    }
    throw e;
  }
}

/**
 * Awaits a new transport's `waiter` (done once connectionMade ran). Cancellation: the transport
 * is closed, so a connection or process made for a cancelled call does not stay open.
 */
export function* _untilConnected(waiter: Future<unknown>, transport: { close(): void }): Coro<void> {
  try {
    yield* waiter;
  } catch (e) {
    transport.close();
    throw e;
  }
}

const enc = new TextEncoder();
/** Bytes of `d`: a Uint8Array as it is, another view copied, a string UTF-8-encoded (when allowed). */
export function _bytes(d: unknown, allowString: boolean, what: string): Uint8Array {
  if (d instanceof Uint8Array) return d;
  if (typeof d === "string") {
    if (allowString) return enc.encode(d);
    throw new TypeError(`${what} takes bytes (a Uint8Array), not a string: encode it first`);
  }
  if (ArrayBuffer.isView(d)) return new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
  if (d instanceof ArrayBuffer) return new Uint8Array(d);
  throw new TypeError(`${what} takes a Uint8Array: received ${d === null ? "null" : typeof d}`);
}
