// entry/wasi.ts: the package entry `wasyncio/wasi`: the API with the WASI preview2 host
// (host/wasi.ts), for JavaScript componentized with componentize-js. Its engine (StarlingMonkey)
// has no WebAssembly, so loops made here use the core translated to JavaScript (the
// `wasyncio/portable` build of the same sources). Bundle it into the guest
// (scripts/build-component.mjs does, with esbuild): the `wasi:*` imports stay imports of the
// component. Beyond the API: openStdio(), the guest's wasi:cli stdin and stdout as a stream pair.
import { instantiate } from "../../gen/core-portable.js";
import { providePortableCore } from "../../host/load.js";
import { host } from "../../host/wasi.js";
import { _setDefaultHost } from "../loop/default-host.js";
import { _setDefaultCore } from "../loop/core.js";
import { getRunningLoop } from "../loop/running.js";
import { Future } from "../tasks/future.js";
import { Op } from "../tasks/op.js";
import { StreamReader, DEFAULT_LIMIT } from "../streams/reader.js";
import { StreamWriter } from "../streams/writer.js";
import { StreamReaderProtocol } from "../streams/protocol.js";
import { StreamTransport } from "../net/stream-transport.js";
providePortableCore(instantiate);
_setDefaultHost(host);
_setDefaultCore("portable");
export * from "./api.js";
export { host };

function* openStdioBody(limit: number): Generator<unknown, [StreamReader, StreamWriter], unknown> {
  const loop = getRunningLoop();
  const { stdin, stdout } = host.stdio();
  const reader = new StreamReader(limit, loop);
  const protocol = new StreamReaderProtocol(reader, null, loop);
  const waiter = new Future<unknown>(loop);
  new StreamTransport(loop, stdin, protocol, { canWriteEof: false });
  // The writing half: its own protocol (flow control), no reader behind it.
  const outProtocol = new StreamReaderProtocol(new StreamReader(limit, loop), null, loop);
  const out = new StreamTransport(loop, stdout, outProtocol, { waiter, canWriteEof: false });
  yield* waiter;
  return [reader, new StreamWriter(out, outProtocol, null, loop)];
}

/**
 * The guest's stdin and stdout (wasi:cli streams) as a StreamReader and a StreamWriter, as
 * asyncio's connect_read_pipe / connect_write_pipe over sys.stdin and sys.stdout give them:
 * reads wait in the host's poll() with the rest of the loop's I/O; writes honour drain().
 */
export function openStdio(opts: { limit?: number } = {}): Op<[StreamReader, StreamWriter]> {
  const limit = opts.limit ?? DEFAULT_LIMIT;
  if (typeof limit !== "number" || !(limit > 0)) throw new RangeError(`openStdio() takes a positive limit: received ${String(limit)}`);
  return new Op(openStdioBody.bind(null, limit));
}
