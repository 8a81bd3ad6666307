// unix.test.ts: openUnixConnection / startUnixServer and the Protocol variants over Unix
// sockets in a temp dir (ts/streams/, ts/net/loop-net.ts).

import { afterAll, describe, expect, it } from "vitest";
import { existsSync, writeFileSync } from "node:fs";
import { run, openUnixConnection, startUnixServer, getRunningLoop, type StreamReader, type StreamWriter } from "../../../ts/index.js";
import { s, tmpDir } from "../io-helpers.js";

const dir = tmpDir();
afterAll(() => dir.cleanup());

function* upper(r: StreamReader, w: StreamWriter) {
  for (;;) {
    const line = yield* r.readline();
    if (!line.length) break;
    w.write(s(line).toUpperCase());
    yield* w.drain();
  }
  w.close();
}

describe("Unix sockets", () => {
  it("startUnixServer/openUnixConnection: a line protocol; the socket file is removed on close", async () => {
    const path = dir.path("a.sock");
    const out = await run(function* () {
      const server = yield* startUnixServer(upper, path);
      const exists = existsSync(path);
      const [r, w] = yield* openUnixConnection(path);
      w.write("hello\nunix\n");
      const lines = [s(yield* r.readline()), s(yield* r.readline())];
      const peer = w.getExtraInfo("peername");
      w.writeEof();
      const rest = yield* r.read();
      w.close();
      yield* w.waitClosed();
      server.close();
      yield* server.waitClosed();
      return { exists, lines, peer, rest: rest.length, sockets: server.sockets.length };
    });
    expect(out).toEqual({ exists: true, lines: ["HELLO\n", "UNIX\n"], peer: path, rest: 0, sockets: 0 });
    expect(existsSync(path)).toBe(false);
  });

  it("startUnixServer refuses a limit <= 0 as startServer does, and binds nothing (#11)", async () => {
    const path = dir.path("limit.sock");
    for (const limit of [0, -1, NaN]) {
      let err: unknown;
      await run(function* () {
        try {
          yield* startUnixServer(upper, path, { limit });
        } catch (e) {
          err = e;
        }
      });
      expect(err, `limit ${limit}`).toBeInstanceOf(RangeError);
      expect(existsSync(path)).toBe(false);
    }
  });

  it("a stale socket file is replaced; a regular file in the way is an EADDRINUSE error", async () => {
    const path = dir.path("b.sock");
    const other = dir.path("c.sock");
    writeFileSync(other, "not a socket");
    const out = await run(function* () {
      const s1 = yield* startUnixServer(upper, path);
      s1._listeners = null; // forget it without removing the file: a stale socket
      const s2 = yield* startUnixServer(upper, path);
      const [r, w] = yield* openUnixConnection(path);
      w.write("x\n");
      const line = s(yield* r.readline());
      w.close();
      s2.close();
      let code = "";
      try {
        yield* startUnixServer(upper, other);
      } catch (e) {
        code = (e as any).code;
      }
      return { line, code };
    });
    expect(out).toEqual({ line: "X\n", code: "EADDRINUSE" });
  });

  it("loop.createUnixServer / createUnixConnection with Protocols", async () => {
    const path = dir.path("d.sock");
    const out = await run(function* () {
      const loop = getRunningLoop();
      const server = yield* loop.createUnixServer(() => {
        let t: any;
        return { connectionMade: (x: any) => (t = x), dataReceived: (d: Uint8Array) => t.write(d) };
      }, path);
      const got = loop.createFuture<string>();
      const [t] = yield* loop.createUnixConnection(() => ({ dataReceived: (d: Uint8Array) => got.setResult(s(d)) }), path);
      t.write(new TextEncoder().encode("ping"));
      const r = yield* got;
      t.close();
      server.closeClients();
      server.close();
      yield* server.waitClosed();
      return r;
    });
    expect(out).toBe("ping");
  });
});
