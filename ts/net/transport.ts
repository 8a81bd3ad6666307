// transport.ts: the transport interfaces (CPython transports.py) and asyncio's write-buffer
// limits rule. Implementations: StreamTransport (stream-transport.ts), DatagramEndpoint
// (datagram.ts), the subprocess transport (ts/process/transport.ts).

import type { BaseProtocol } from "./protocols.js";

export interface BaseTransport {
  close(): void;
  isClosing(): boolean;
  getExtraInfo(name: string, dflt?: unknown): unknown;
  setProtocol(p: BaseProtocol): void;
  getProtocol(): BaseProtocol;
}
export interface ReadTransport extends BaseTransport {
  isReading(): boolean;
  pauseReading(): void;
  resumeReading(): void;
}
export interface WriteTransport extends BaseTransport {
  write(d: Uint8Array): void;
  writelines(ds: Iterable<Uint8Array>): void;
  writeEof(): void;
  canWriteEof(): boolean;
  abort(): void;
  setWriteBufferLimits(high?: number | null, low?: number | null): void;
  getWriteBufferSize(): number;
  getWriteBufferLimits(): [low: number, high: number];
}
export interface Transport extends ReadTransport, WriteTransport {}
export interface DatagramTransport extends BaseTransport {
  sendto(d: Uint8Array | string, addr?: { address: string; port: number } | null): void;
  abort(): void;
  getWriteBufferSize(): number;
}
export interface SubprocessTransport extends BaseTransport {
  getPid(): number;
  getReturncode(): number | null;
  getPipeTransport(fd: 0 | 1 | 2): Transport | null;
  sendSignal(sig: string | number): void;
  terminate(): void;
  kill(): void;
}

/** The default high-water mark of a transport's write buffer (bytes); the low mark is a quarter. */
export const DEFAULT_HIGH_WATER = 64 * 1024;

/** asyncio's flow-control limits rule (transports.py _set_write_buffer_limits). */
export function _writeLimits(high?: number | null, low?: number | null): [number, number] {
  if (high === undefined || high === null) high = low === undefined || low === null ? DEFAULT_HIGH_WATER : 4 * low;
  if (low === undefined || low === null) low = Math.floor(high / 4);
  if (!(high >= low && low >= 0)) throw new RangeError(`high (${high}) must be >= low (${low}) must be >= 0`);
  return [high, low];
}
