// transport.ts: the transport interfaces (CPython transports.py) and asyncio's write-buffer
// limits rule. Implementations: StreamTransport (stream-transport.ts), DatagramEndpoint
// (datagram.ts), the subprocess transport (ts/process/transport.ts).

import type { BaseProtocol } from "./protocols.js";

/**
 * @example
 * ```ts
 * import type { BaseTransport } from "wasyncio";
 * function peer(t: BaseTransport) {
 *   return t.getExtraInfo("peername"); // { address, port, family }
 * }
 * ```
 */
export interface BaseTransport {
  close(): void;
  isClosing(): boolean;
  getExtraInfo(name: string, dflt?: unknown): unknown;
  setProtocol(p: BaseProtocol): void;
  getProtocol(): BaseProtocol;
}
/**
 * @example
 * ```ts
 * import type { ReadTransport } from "wasyncio";
 * function backpressure(t: ReadTransport, full: boolean) {
 *   if (full) t.pauseReading();
 *   else t.resumeReading();
 * }
 * ```
 */
export interface ReadTransport extends BaseTransport {
  isReading(): boolean;
  pauseReading(): void;
  resumeReading(): void;
}
/**
 * @example
 * ```ts
 * import type { WriteTransport } from "wasyncio";
 * function finish(t: WriteTransport) {
 *   if (t.canWriteEof()) t.writeEof(); // half-close
 *   else t.close();
 * }
 * ```
 */
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
/**
 * @example
 * ```ts
 * import { run, getRunningLoop, type Transport } from "wasyncio";
 * await run(function* () {
 *   const [t]: [Transport, object] = yield* getRunningLoop().createConnection(() => ({}), "127.0.0.1", 8888);
 *   t.write(new TextEncoder().encode("bytes only"));
 *   t.close();
 * });
 * ```
 */
export interface Transport extends ReadTransport, WriteTransport {}
/**
 * @example
 * ```ts
 * import { run, getRunningLoop, type DatagramTransport } from "wasyncio";
 * await run(function* () {
 *   const [t]: [DatagramTransport, object] = yield* getRunningLoop().createDatagramEndpoint(() => ({}), { remoteAddr: ["127.0.0.1", 9999] });
 *   t.sendto(new TextEncoder().encode("ping"));
 *   t.close();
 * });
 * ```
 */
export interface DatagramTransport extends BaseTransport {
  sendto(d: Uint8Array | string, addr?: { address: string; port: number } | null): void;
  abort(): void;
  getWriteBufferSize(): number;
}
/**
 * @example
 * ```ts
 * import type { SubprocessTransport } from "wasyncio";
 * function stop(t: SubprocessTransport) {
 *   console.log(t.getPid(), t.getReturncode());
 *   t.terminate();
 * }
 * ```
 */
export interface SubprocessTransport extends BaseTransport {
  getPid(): number;
  getReturncode(): number | null;
  getPipeTransport(fd: 0 | 1 | 2): Transport | null;
  sendSignal(sig: string | number): void;
  terminate(): void;
  kill(): void;
}

/**
 * The default high-water mark of a transport's write buffer (bytes); the low mark is a quarter.
 * @example
 * ```ts
 * await run(function* () {
 *   const [, writer] = yield* openConnection("127.0.0.1", 8888);
 *   writer.transport.setWriteBufferLimits(DEFAULT_HIGH_WATER * 4); // 256 KiB before drain() waits
 *   writer.close();
 * });
 * ```
 */
export const DEFAULT_HIGH_WATER = 64 * 1024;

/** asyncio's flow-control limits rule (transports.py _set_write_buffer_limits). */
export function _writeLimits(high?: number | null, low?: number | null): [number, number] {
  if (high === undefined || high === null) high = low === undefined || low === null ? DEFAULT_HIGH_WATER : 4 * low;
  if (low === undefined || low === null) low = Math.floor(high / 4);
  if (!(high >= low && low >= 0)) throw new RangeError(`high (${high}) must be >= low (${low}) must be >= 0`);
  return [high, low];
}
