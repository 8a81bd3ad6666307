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

// ---- outgoing bytes ----------------------------------------------------------------------------
// What a transport sends is its own copy of what it was given (asyncio's write() copies): a
// write's copy, the join of writelines(), a string the writer encodes. Small ones are carved from
// shared 8 KiB slabs, as Node's Buffer pool does: V8 gives a fresh Uint8Array of more than 64
// bytes an off-heap backing store (~330 ns on Node 20 against ~40 ns for a view of a slab, and
// an HTTP response head encoded and joined took ~800 ns against ~150–270 ns carved; measured).
// A slab is never reused, only replaced when full, so a chunk the host still holds stays intact;
// a chunk still queued (a slow reader) keeps its whole slab alive, as a pooled Buffer does in Node.
// These views go to the host's write and nowhere else: their .buffer is the whole slab, shared
// with other outgoing chunks, so none is ever handed to user code (reads stay fresh arrays).

const SLAB_SIZE = 8192;
/** Larger chunks get an array of their own (a slab holds at least four at this size). */
const CARVE_MAX = 2048;
let slab = new Uint8Array(SLAB_SIZE);
let slabAt = 0;

/** @internal `n` bytes of the current slab (a new one when it lacks room), not yet taken */
function room(n: number): Uint8Array {
  if (slabAt + n > SLAB_SIZE) {
    slab = new Uint8Array(SLAB_SIZE);
    slabAt = 0;
  }
  return slab;
}

/** @internal a copy of `d` for the host to send (see above) */
export function _outCopy(d: Uint8Array): Uint8Array {
  const n = d.length;
  if (n > CARVE_MAX) return d.slice();
  const s = room(n);
  const at = slabAt;
  s.set(d, at);
  slabAt = at + n;
  return s.subarray(at, at + n);
}

/** @internal `parts` joined into one chunk for the host to send, strings UTF-8-encoded (see above) */
export function _outJoin(parts: readonly (Uint8Array | string)[]): Uint8Array {
  let most = 0;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    most += typeof p === "string" ? p.length * 3 : p.length; // UTF-8: at most 3 bytes per UTF-16 unit
  }
  if (most > CARVE_MAX) {
    if (parts.length === 1) return typeof parts[0] === "string" ? enc.encode(parts[0]) : parts[0].slice();
    return _concat(parts.map((p) => (typeof p === "string" ? enc.encode(p) : p)));
  }
  const s = room(most);
  const start = slabAt;
  let at = start;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (typeof p === "string") at += enc.encodeInto(p, s.subarray(at)).written;
    else {
      s.set(p, at);
      at += p.length;
    }
  }
  slabAt = at;
  return s.subarray(start, at);
}

/** @internal the parts as one array: the part itself when there is one, else a fresh copy */
export function _concat(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
