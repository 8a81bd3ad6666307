// sendfile.test.ts: loop.sendfile (ts/net/sendfile.ts) to a real TCP peer on loopback, compared
// with CPython 3.13 (tests/cpython/io/sendfile.py): bytes and counts with offset/count, the
// transport restored, the argument and transport errors; then a Blob, flow control under a
// small write buffer, and fallback: false.

import { describe, expect, it } from "vitest";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { open } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run, getRunningLoop, startServer, openConnection, Queue, wrapPromise, SendfileNotAvailableError, type StreamReader, type StreamWriter, type Transport } from "../../../ts/index.js";
import { expected } from "../../cpython/trace.js";

const SIZE = 100_000;
const DATA = Uint8Array.from({ length: SIZE }, (_, i) => (i * 7) % 256);
const py = (v: boolean) => (v ? "True" : "False");
const pyRepr = (v: unknown) => (v === null ? "None" : typeof v === "string" ? `'${v}'` : String(v));
const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

function* collector(): Generator<unknown, [Queue<Uint8Array>, number, () => Generator<unknown, void, unknown>], unknown> {
  const received = new Queue<Uint8Array>();
  const srv = yield* startServer(function* (r: StreamReader, w: StreamWriter) {
    yield* received.put(yield* r.read());
    w.close();
  }, "127.0.0.1", 0);
  return [received, srv.sockets[0].port, function* () {
    srv.close();
    yield* srv.waitClosed();
  }];
}

describe("loop.sendfile", () => {
  it("sends exact bytes and counts with offset/count; errors as CPython 3.13 (tests/cpython/io/sendfile.py)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "wasyncio-sendfile-"));
    const path = join(dir, "data");
    writeFileSync(path, DATA);
    const out: string[] = [];
    try {
      await run(function* () {
        const loop = getRunningLoop();
        const [received, port, stop] = yield* collector();
        const f = yield* wrapPromise(open(path, "r"));
        for (const [offset, count] of [[0, null], [1000, 5000], [99_990, 100], [200_000, null], [0, 2 * 16384 + 1]] as [number, number | null][]) {
          const [, w] = yield* openConnection("127.0.0.1", port);
          const t = w.transport;
          const proto = t.getProtocol();
          const n = yield* loop.sendfile(t, f, offset, count);
          const restored = t.getProtocol() === proto && t.isReading();
          w.writeEof();
          const got = yield* received.get();
          const end = count === null ? SIZE : offset + count;
          out.push(`offset=${offset} count=${pyRepr(count)}: sent ${n}, received ${got.length}, exact ${py(same(got, DATA.subarray(offset, end)))}, restored ${py(restored)}`);
          w.close();
          yield* w.waitClosed();
        }
        const [, w] = yield* openConnection("127.0.0.1", port);
        for (const [offset, count] of [[-1, null], [1.5, null], [0, 0], [0, -5], [0, "x"]] as [number, any][]) {
          try {
            yield* loop.sendfile(w.transport, f, offset, count);
            out.push("no error?");
          } catch (e) {
            const name = e instanceof RangeError ? "ValueError" : (e as Error).name;
            out.push(`offset=${pyRepr(offset)} count=${pyRepr(count)}: ${name}`);
          }
        }
        w.close();
        try {
          yield* loop.sendfile(w.transport, f);
        } catch (e) {
          out.push(`closing transport: ${(e as Error).name} ${(e as Error).message}`);
        }
        yield* w.waitClosed();
        yield* received.get();
        const [dt] = yield* loop.createDatagramEndpoint(() => ({}), { localAddr: ["127.0.0.1", 0] });
        try {
          yield* loop.sendfile(dt as unknown as Transport, f);
        } catch (e) {
          out.push(`datagram transport: ${(e as Error).name} ${(e as Error).message.split(" <")[0]}`);
        }
        dt.close();
        yield* wrapPromise(f.close());
        yield* stop();
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(out).toEqual(expected("sendfile"));
  });

  it("a Blob; flow control under a small write buffer (the protocol never sees pause/resume); fallback: false", async () => {
    const out = await run(function* () {
      const loop = getRunningLoop();
      const [received, port, stop] = yield* collector();
      const big = Uint8Array.from({ length: 3_000_000 }, (_, i) => (i * 13) % 251);
      const [, w] = yield* openConnection("127.0.0.1", port);
      const t = w.transport;
      t.setWriteBufferLimits(4096);
      const calls: string[] = [];
      const proto = t.getProtocol() as any;
      const [pw, rw] = [proto.pauseWriting, proto.resumeWriting];
      proto.pauseWriting = function () { calls.push("pause"); return pw.call(this); };
      proto.resumeWriting = function () { calls.push("resume"); return rw.call(this); };
      const n = yield* loop.sendfile(t, new Blob([big]), 17);
      w.writeEof();
      const got = yield* received.get();
      let refused = "";
      const [, w2] = yield* openConnection("127.0.0.1", port);
      try {
        yield* loop.sendfile(w2.transport, new Blob([big]), 0, null, { fallback: false });
      } catch (e) {
        refused = e instanceof SendfileNotAvailableError ? "SendfileNotAvailableError" : String(e);
      }
      // Argument errors arrive at the await, as every Op's.
      const lazy: string[] = [];
      for (const op of [loop.sendfile(w2.transport, "data" as any), loop.sendfile(null as any, new Blob([])), loop.sendfile(w2.transport, new Blob([]), 0, null, { nope: 1 } as any)]) {
        try {
          yield* op;
        } catch (e) {
          lazy.push((e as Error).name);
        }
      }
      w2.close();
      yield* received.get();
      w.close();
      yield* stop();
      return { n, exact: same(got, big.subarray(17)), calls, refused, lazy };
    });
    expect(out).toEqual({ n: 3_000_000 - 17, exact: true, calls: [], refused: "SendfileNotAvailableError", lazy: ["TypeError", "TypeError", "TypeError"] });
  });
});
