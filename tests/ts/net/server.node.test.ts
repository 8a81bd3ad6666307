// servers.node.test.ts: Server (ts/net/server.ts) states and errors against CPython 3.13, on real
// sockets (the Node host's net facet; the browser suite leaves *.node.test.ts out).

import { expect, it } from "vitest";
import { run, sleep, createTask, startServer, openConnection, RuntimeError, CancelledError, type StreamReader, type StreamWriter } from "../../../ts/index.js";
import { expected } from "../../cpython/trace.js";

it("Server lifecycle matches CPython 3.13 (tests/cpython/io/server_lifecycle.py)", async () => {
  const want = expected("server_lifecycle");
  const out: string[] = [];
  const py = (x: boolean) => (x ? "True" : "False");
  await run(function* () {
    const srv = yield* startServer(function* (r, w) {
      yield* r.read();
      w.close();
    }, "127.0.0.1", 0, { startServing: false });
    out.push(`serving before ${py(srv.isServing())}`);
    yield* srv.startServing();
    yield* srv.startServing();
    out.push(`serving after ${py(srv.isServing())} sockets ${srv.sockets.length}`);
    const t = createTask(srv.serveForever());
    yield* sleep(0);
    try {
      yield* srv.serveForever();
    } catch (e) {
      if (e instanceof RuntimeError) out.push("second serve_forever RuntimeError");
    }
    const [, w] = yield* openConnection("127.0.0.1", srv.sockets[0].port);
    yield* sleep(10);
    t.cancel();
    yield* sleep(10);
    out.push(`serve_forever task done ${py(t.done())} serving ${py(srv.isServing())} sockets ${srv.sockets.length}`);
    w.close();
    try {
      yield* t;
    } catch (e) {
      if (e instanceof CancelledError) out.push("serve_forever cancelled");
    }
    try {
      yield* srv.serveForever();
    } catch (e) {
      if (e instanceof RuntimeError) out.push("closed serve_forever RuntimeError");
    }
    yield* srv.waitClosed();
    out.push("wait_closed after close returns");
    srv.close();
    out.push("close twice ok");
  });
  expect(out).toEqual(want);
});

it("Server[Symbol.asyncDispose] closes and waits", async () => {
  const out = await run(async () => {
    const srv = await startServer(() => {}, "127.0.0.1", 0);
    await srv[Symbol.asyncDispose]();
    return [srv.isServing(), srv.sockets.length];
  });
  expect(out).toEqual([false, 0]);
});

it("startServer(cb, null | \"\", port) listens on every wildcard address, as CPython 3.13 (tests/cpython/io/server_wildcard.py)", async () => {
  const out: string[] = [];
  const fam = (f: string) => (f === "IPv6" ? "AF_INET6" : "AF_INET");
  const dec = new TextDecoder();
  await run(function* () {
    const echo = function* (r: StreamReader, w: StreamWriter) {
      w.write(yield* r.readline());
      yield* w.drain();
      w.close();
    };
    for (const host of [null, ""]) {
      const srv = yield* startServer(echo, host, 0);
      const socks = srv.sockets.map((s) => [fam(s.family), s.address]).sort();
      out.push(`${host === null ? "None" : "''"} [${socks.map(([f, a]) => `('${f}', '${a}')`).join(", ")}]`);
      for (const s of [...srv.sockets].sort((a, b) => fam(a.family).localeCompare(fam(b.family)))) {
        const peer = s.family === "IPv6" ? "::1" : "127.0.0.1";
        const [r, w] = yield* openConnection(peer, s.port);
        w.write(`hi ${peer}\n`);
        out.push(`  ${dec.decode(yield* r.readline()).trim()}`);
        w.close();
        yield* w.waitClosed();
      }
      srv.close();
      yield* srv.waitClosed();
    }
    const probe = yield* startServer(echo, "127.0.0.1", 0);
    const port = probe.sockets[0].port;
    probe.close();
    yield* probe.waitClosed();
    const srv = yield* startServer(echo, null, port);
    out.push(`a given port: each socket on it: ${srv.sockets.every((s) => s.port === port) ? "True" : "False"} ${srv.sockets.length}`);
    srv.close();
    yield* srv.waitClosed();
  });
  expect(out).toEqual(expected("server_wildcard"));
});
