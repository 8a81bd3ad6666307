// datagram.ts: the UDP transport (CPython selector_events.py _SelectorDatagramTransport).
// Each datagram the host receives becomes one callSoon'd datagramReceived; send and receive
// failures go to errorReceived and never raise (asyncio: an OSError goes to error_received).
// A connected endpoint (remoteAddr) refuses a different destination with RangeError (asyncio's
// ValueError). Cost: one callSoon per datagram; sendto() hands the bytes to the host at once.

import type { DatagramSocket, DatagramSink, SockAddr } from "../../host/host.js";
import { _setResultUnlessCancelled, type Future } from "../tasks/future.js";
import type { DatagramProtocol } from "./protocols.js";
import type { DatagramTransport } from "./transport.js";
import { _track, _untrack } from "./resources.js";
import { _bytes, _outCopy } from "./host-io.js";
import type { EventLoop } from "../loop/loop.js";

export class DatagramEndpoint implements DatagramTransport, DatagramSink {
  /** @internal */ _loop: EventLoop;
  /** @internal */ _sock: DatagramSocket | null = null;
  /** @internal */ _protocol: DatagramProtocol;
  /** @internal */ _remote: { address: string; port: number } | null;
  /** @internal */ _closing = false;
  /** @internal */ _lost = false;

  /** @internal */
  constructor(loop: EventLoop, protocol: DatagramProtocol, remote: { address: string; port: number } | null) {
    this._loop = loop;
    this._protocol = protocol;
    this._remote = remote;
  }

  /** @internal the host socket is bound: start the protocol */
  _start(sock: DatagramSocket, waiter: Future<unknown>): void {
    this._sock = sock;
    _track(this._loop, this);
    this._loop.callSoon(() => this._protocol.connectionMade?.(this));
    this._loop.callSoon(_setResultUnlessCancelled, waiter, null);
  }

  message(d: Uint8Array, from: SockAddr): void {
    if (this._closing || this._loop._closed) return;
    this._loop.callSoon(this._deliver, d, from);
  }

  error(e: Error): void {
    if (this._closing || this._loop._closed) return;
    this._loop.callSoon(this._deliverError, e);
  }

  private _deliver = (d: Uint8Array, from: SockAddr): void => {
    if (this._closing) return;
    this._protocol.datagramReceived?.(d, from);
  };

  private _deliverError = (e: Error): void => {
    if (this._closing) return;
    this._protocol.errorReceived?.(e);
  };

  sendto(data: Uint8Array | string, addr?: { address: string; port: number } | null): void {
    const d = _bytes(data, true, "sendto()");
    const r = this._remote;
    if (addr !== undefined && addr !== null && r !== null && (addr.address !== r.address || addr.port !== r.port)) {
      throw new RangeError(`Invalid address: must be null or ${r.address}:${r.port}: received ${addr.address}:${addr.port}`);
    }
    if ((addr === undefined || addr === null) && r === null) throw new TypeError("sendto() needs an address on an endpoint without remoteAddr");
    if (this._closing || this._sock === null) return;
    this._sock.send(data instanceof Uint8Array ? _outCopy(d) : d, addr ?? undefined);
  }

  close(): void {
    if (this._closing) return;
    this._closing = true;
    this._sock?.close();
    this._loop.callSoon(this._callConnectionLost, null);
  }

  abort(): void {
    this.close();
  }

  private _callConnectionLost = (exc: Error | null): void => {
    if (this._lost) return;
    this._lost = true;
    _untrack(this._loop, this);
    this._protocol.connectionLost?.(exc);
  };

  isClosing(): boolean {
    return this._closing;
  }

  getExtraInfo(name: string, dflt: unknown = undefined): unknown {
    const v = this._sock?.info(name);
    return v === undefined || v === null ? dflt : v;
  }

  getWriteBufferSize(): number {
    return this._sock?.bufferedAmount ?? 0;
  }

  setProtocol(p: DatagramProtocol): void {
    this._protocol = p;
  }

  getProtocol(): DatagramProtocol {
    return this._protocol;
  }

  /** @internal */
  _releaseForLoopClose(): void {
    this._closing = true;
    this._lost = true;
    this._sock?.close();
  }
}

