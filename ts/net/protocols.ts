// protocols.ts: the protocol interfaces of asyncio (CPython Lib/asyncio/protocols.py).
// A protocol is an object whose callbacks the transport calls from the loop, one callSoon'd
// handle per host event, in the order CM [DR*] [ER?] CL for streams (connectionMade, then data,
// then at most one eofReceived, then connectionLost exactly once). Every method is optional;
// the classes below are no-op bases to extend, like asyncio.Protocol.

import type { SockAddr } from "../../host/host.js";
import type { Transport, DatagramTransport, SubprocessTransport } from "./transport.js";

export interface BaseProtocol {
  connectionMade?(t: any): void;
  connectionLost?(exc: Error | null): void;
  /** The transport's write buffer went above the high-water mark (called inside write()). */
  pauseWriting?(): void;
  /** The write buffer drained to the low-water mark or below, after a pauseWriting(). */
  resumeWriting?(): void;
}

export interface Protocol extends BaseProtocol {
  connectionMade?(t: Transport): void;
  dataReceived?(d: Uint8Array): void;
  /** The peer sent EOF. Return true to keep the connection half-open; otherwise it closes. */
  eofReceived?(): boolean | void;
}

/** Receives into buffers it provides, instead of getting a fresh chunk per read. */
export interface BufferedProtocol extends BaseProtocol {
  connectionMade?(t: Transport): void;
  getBuffer(sizeHint: number): Uint8Array;
  bufferUpdated(n: number): void;
  eofReceived?(): boolean | void;
}

export interface DatagramProtocol extends BaseProtocol {
  connectionMade?(t: DatagramTransport): void;
  datagramReceived?(d: Uint8Array, addr: SockAddr): void;
  /** A send or receive failed (an OSError in asyncio); the endpoint stays open. */
  errorReceived?(exc: Error): void;
}

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
