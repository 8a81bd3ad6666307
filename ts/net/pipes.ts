// pipes.ts: what loop.connectReadPipe / connectWritePipe do (CPython unix_events.py
// _UnixReadPipeTransport, _UnixWritePipeTransport): one end of a pipe driven by a protocol, on
// the same StreamTransport as TCP (flow control included), over the host's net.pipe.
//
// What a pipe is, is the host's to say (NetFacet.pipe). On Node: a file descriptor of a pipe,
// a FIFO, a socket or a terminal (a regular file is a RangeError, as asyncio's ValueError), or a
// Node stream (process.stdin, process.stdout, a child_process's stdio, any Readable for reading
// or Writable for writing). Closing the transport closes the pipe. getExtraInfo('pipe') is the
// object given.
// As asyncio's: a read pipe calls eofReceived and then connectionLost(null) at EOF, whatever
// eofReceived returns; a write pipe's writeEof() is close() (the buffer is written, then
// connectionLost(null)); both resolve once connectionMade has run.
// Unlike asyncio's: a write pipe whose reader went away learns it at its next write (EPIPE,
// then connectionLost with that error), since Node does not poll a write-only pipe for hang-up.

import type { EventLoop } from "../loop/loop.js";
import { Op, _failedOp } from "../tasks/op.js";
import type { Coro } from "../tasks/task.js";
import { describe } from "../errors.js";
import type { StreamTransport } from "./stream-transport.js";
import type { ReadTransport, WriteTransport } from "./transport.js";
import { _streamTransportFor, type StreamProtocol } from "./loop-net.js";
import { _missingFacet, _netFacet } from "./host-io.js";

function* connectPipe<P extends StreamProtocol>(loop: EventLoop, factory: () => P, pipe: unknown, mode: "read" | "write", what: string): Coro<[StreamTransport, P]> {
  loop._checkClosed();
  const net = _netFacet(loop, [], what);
  if (net.pipe === undefined) throw _missingFacet(loop._host, "net.pipe", what);
  return yield* _streamTransportFor(loop, net.pipe(pipe, mode), factory, { pipe: mode, extra: { pipe } });
}

function check(factory: unknown, pipe: unknown, what: string): void {
  if (typeof factory !== "function") throw new TypeError(`${what} needs a protocol factory function: received ${describe(factory)}`);
  if (pipe === null || pipe === undefined) throw new TypeError(`${what} needs a pipe: received ${describe(pipe)}`);
}

export function connectReadPipe<P extends StreamProtocol>(loop: EventLoop, protocolFactory: () => P, pipe: unknown): Op<[ReadTransport, P]> {
  try {
    check(protocolFactory, pipe, "connectReadPipe()");
    return new Op<[ReadTransport, P]>(() => connectPipe(loop, protocolFactory, pipe, "read", "connectReadPipe()"));
  } catch (e) {
    return _failedOp(e);
  }
}

export function connectWritePipe<P extends StreamProtocol>(loop: EventLoop, protocolFactory: () => P, pipe: unknown): Op<[WriteTransport, P]> {
  try {
    check(protocolFactory, pipe, "connectWritePipe()");
    return new Op<[WriteTransport, P]>(() => connectPipe(loop, protocolFactory, pipe, "write", "connectWritePipe()"));
  } catch (e) {
    return _failedOp(e);
  }
}
