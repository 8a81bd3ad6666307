// dns.ts: what loop.getaddrinfo() and loop.getnameinfo() do (asyncio base_events.py, which runs
// socket.getaddrinfo in the default executor): name resolution through the host's net facet
// (`lookup`, `lookupService`; Node: node:dns's lookup, which asks the system resolver as
// getaddrinfo(3) does). A host that cannot resolve names raises NotSupportedError naming
// `net.dns`. Errors are the resolver's, with its code (ENOTFOUND where asyncio raises
// socket.gaierror).
//
// One entry per address and socket type, as getaddrinfo(3) gives them: without `type`, each
// address comes as stream (proto 6), dgram (17) and raw (0), in that order; `canonname` is ''.

import type { EventLoop } from "../loop/loop.js";
import { Op, _failedOp } from "../tasks/op.js";
import type { Coro } from "../tasks/task.js";
import { _checkOptions, describe } from "../errors.js";
import { _facet, _hostCall, _missingFacet } from "./host-io.js";

/**
 * @example
 * ```ts
 * import type { SocketType } from "wasyncio";
 * const t: SocketType = "dgram";
 * ```
 */
export type SocketType = "stream" | "dgram" | "raw";

/**
 * One result of getaddrinfo (asyncio's 5-tuple, with the address as its fields).
 * @example
 * ```ts
 * import { run, getRunningLoop, type AddrInfo } from "wasyncio";
 * await run(function* () {
 *   const infos: AddrInfo[] = yield* getRunningLoop().getaddrinfo("localhost", 80, { type: "stream" });
 *   for (const a of infos) console.log(a.family, a.address, a.port);
 * });
 * ```
 */
export interface AddrInfo {
  family: "IPv4" | "IPv6";
  type: SocketType;
  proto: number;
  canonname: string;
  address: string;
  port: number;
}

/**
 * @example
 * ```ts
 * import { run, getRunningLoop, type AddrInfoOptions } from "wasyncio";
 * const opts: AddrInfoOptions = { family: 4, type: "stream" };
 * await run(function* () { yield* getRunningLoop().getaddrinfo("localhost", 80, opts); });
 * ```
 */
export interface AddrInfoOptions {
  /** 0 (any, the default), 4 or 6 */
  family?: 0 | 4 | 6;
  /** one socket type only (asyncio's type=SOCK_STREAM …) */
  type?: SocketType;
  /** only entries of this protocol number (6 TCP, 17 UDP) */
  proto?: number;
}

const TYPES: readonly SocketType[] = ["stream", "dgram", "raw"];
const PROTO: Record<SocketType, number> = { stream: 6, dgram: 17, raw: 0 };

function portOf(port: unknown): number {
  if (port === null || port === undefined) return 0;
  if (typeof port === "number" && Number.isInteger(port) && port >= 0 && port <= 65535) return port;
  if (typeof port === "string" && /^\d+$/.test(port) && Number(port) <= 65535) return Number(port);
  if (typeof port === "number" || typeof port === "string") throw new RangeError(`The port must be an integer in 0..65535 (service names are not looked up): received ${describe(port)}`);
  throw new TypeError(`The port must be a number, a numeric string or null: received ${describe(port)}`);
}

function* resolve(loop: EventLoop, host: string, port: number, opts: AddrInfoOptions): Coro<AddrInfo[]> {
  const net = _facet(loop, "net", "getaddrinfo()");
  if (net.lookup === undefined) throw _missingFacet(loop._host, "net.dns", "getaddrinfo()");
  const addrs = yield* _hostCall(loop, () => net.lookup!(host, opts.family ?? 0), () => {});
  const types = opts.type !== undefined ? [opts.type] : TYPES;
  const out: AddrInfo[] = [];
  for (const a of addrs)
    for (const type of types) {
      if (opts.proto !== undefined && opts.proto !== 0 && PROTO[type] !== opts.proto) continue;
      out.push({ family: a.family === 6 ? "IPv6" : "IPv4", type, proto: PROTO[type], canonname: "", address: a.address, port });
    }
  return out;
}

export function getaddrinfo(loop: EventLoop, host: string | null, port: number | string | null, opts: AddrInfoOptions = {}): Op<AddrInfo[]> {
  try {
    _checkOptions(opts, ["family", "type", "proto"], "getaddrinfo()");
    if (host !== null && typeof host !== "string") throw new TypeError(`getaddrinfo() needs a host name or null: received ${describe(host)}`);
    if (opts.family !== undefined && opts.family !== 0 && opts.family !== 4 && opts.family !== 6) throw new RangeError(`The family must be 0, 4 or 6: received ${describe(opts.family)}`);
    if (opts.type !== undefined && !TYPES.includes(opts.type)) throw new RangeError(`The type must be "stream", "dgram" or "raw": received ${describe(opts.type)}`);
    const p = portOf(port);
    // A null host is the loopback address (getaddrinfo(3) without AI_PASSIVE).
    const h = host ?? (opts.family === 6 ? "::1" : "127.0.0.1");
    return new Op(() => resolve(loop, h, p, opts));
  } catch (e) {
    return _failedOp(e);
  }
}

function* reverse(loop: EventLoop, address: string, port: number): Coro<[string, string]> {
  const net = _facet(loop, "net", "getnameinfo()");
  if (net.lookupService === undefined) throw _missingFacet(loop._host, "net.dns", "getnameinfo()");
  return yield* _hostCall(loop, () => net.lookupService!(address, port), () => {});
}

export function getnameinfo(loop: EventLoop, sockaddr: { address: string; port: number } | [string, number]): Op<[string, string]> {
  try {
    const [address, port] = Array.isArray(sockaddr) ? sockaddr : [sockaddr?.address, sockaddr?.port];
    if (typeof address !== "string") throw new TypeError(`getnameinfo() needs an address and port: received ${describe(sockaddr)}`);
    return new Op(() => reverse(loop, address, portOf(port)));
  } catch (e) {
    return _failedOp(e);
  }
}
