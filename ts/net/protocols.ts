// protocols.ts: the protocol interfaces of asyncio (CPython Lib/asyncio/protocols.py).
// A protocol is an object whose callbacks the transport calls from the loop, one callSoon'd
// handle per host event, in the order CM [DR*] [ER?] CL for streams (connectionMade, then data,
// then at most one eofReceived, then connectionLost exactly once). Every method is optional;
// the classes below are no-op bases to extend, like asyncio.Protocol.

import type { SockAddr } from "../../host/host.js";
import type { Transport, DatagramTransport, SubprocessTransport } from "./transport.js";

/**
 * @example
 * ```ts
 * import type { BaseProtocol } from "wasyncio";
 * const flow: BaseProtocol = {
 *   pauseWriting: () => console.log("the peer is slow: stop producing"),
 *   resumeWriting: () => console.log("go on"),
 *   connectionLost: (exc) => console.log("closed", exc),
 * };
 * ```
 */
export interface BaseProtocol {
  connectionMade?(t: any): void;
  connectionLost?(exc: Error | null): void;
  /** The transport's write buffer went above the high-water mark (called inside write()). */
  pauseWriting?(): void;
  /** The write buffer drained to the low-water mark or below, after a pauseWriting(). */
  resumeWriting?(): void;
}

/**
 * @example
 * ```ts
 * import { run, getRunningLoop, type Protocol, type Transport } from "wasyncio";
 * class Echo implements Protocol {
 *   transport!: Transport;
 *   connectionMade(t: Transport) { this.transport = t; }
 *   dataReceived(d: Uint8Array) { this.transport.write(d); }
 * }
 * await run(function* () {
 *   const server = yield* getRunningLoop().createServer(() => new Echo(), "127.0.0.1", 8888);
 *   yield* server.serveForever();
 * });
 * ```
 */
export interface Protocol extends BaseProtocol {
  connectionMade?(t: Transport): void;
  dataReceived?(d: Uint8Array): void;
  /** The peer sent EOF. Return true to keep the connection half-open; otherwise it closes. */
  eofReceived?(): boolean | void;
}

/**
 * Receives into buffers it provides, instead of getting a fresh chunk per read.
 * @example
 * ```ts
 * import type { BufferedProtocol } from "wasyncio";
 * class Into implements BufferedProtocol {
 *   buf = new Uint8Array(65536);
 *   getBuffer(sizeHint: number) { return this.buf; }
 *   bufferUpdated(n: number) { console.log("received", n, "bytes into the same buffer"); }
 * }
 * ```
 */
export interface BufferedProtocol extends BaseProtocol {
  connectionMade?(t: Transport): void;
  getBuffer(sizeHint: number): Uint8Array;
  bufferUpdated(n: number): void;
  eofReceived?(): boolean | void;
}

/**
 * @example
 * ```ts
 * import { run, getRunningLoop, type DatagramProtocol, type DatagramTransport } from "wasyncio";
 * class EchoUdp implements DatagramProtocol {
 *   t!: DatagramTransport;
 *   connectionMade(t: DatagramTransport) { this.t = t; }
 *   datagramReceived(d: Uint8Array, addr: { address: string; port: number }) { this.t.sendto(d, addr); }
 * }
 * await run(function* () {
 *   yield* getRunningLoop().createDatagramEndpoint(() => new EchoUdp(), { localAddr: ["127.0.0.1", 9999] });
 * });
 * ```
 */
export interface DatagramProtocol extends BaseProtocol {
  connectionMade?(t: DatagramTransport): void;
  datagramReceived?(d: Uint8Array, addr: SockAddr): void;
  /** A send or receive failed (an OSError in asyncio); the endpoint stays open. */
  errorReceived?(exc: Error): void;
}

/**
 * @example
 * ```ts
 * import { run, getRunningLoop, type SubprocessProtocol } from "wasyncio";
 * const printer: SubprocessProtocol = {
 *   pipeDataReceived: (fd, d) => console.log(fd === 1 ? "out:" : "err:", new TextDecoder().decode(d)),
 *   processExited: () => console.log("exited"),
 * };
 * await run(function* () {
 *   yield* getRunningLoop().subprocessExec(() => printer, "ls", ["-l"]);
 * });
 * ```
 */
export interface SubprocessProtocol extends BaseProtocol {
  connectionMade?(t: SubprocessTransport): void;
  pipeDataReceived?(fd: 1 | 2, d: Uint8Array): void;
  pipeConnectionLost?(fd: 0 | 1 | 2, exc: Error | null): void;
  processExited?(): void;
}

/** @internal */
export function _isBufferedProtocol(p: unknown): p is BufferedProtocol {
  return p !== null && typeof p === "object" && typeof (p as any).getBuffer === "function" && typeof (p as any).bufferUpdated === "function";
}
