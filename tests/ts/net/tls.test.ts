// tls.test.ts: TLS on connect and on serve, and startTls on a plain connection (ts/net/loop-net.ts,
// host/node-net.ts), with a self-signed certificate made for the test (selfsigned package).

import { beforeAll, describe, expect, it } from "vitest";
import selfsigned from "selfsigned";
import { run, sleep, openConnection, startServer, getRunningLoop, waitFor, TimeoutError, createSubprocessExec, PIPE, DEVNULL, type StreamReader, type StreamWriter } from "../../../ts/index.js";
import { s } from "../io-helpers.js";

let cert = "";
let key = "";
beforeAll(async () => {
  const pems = await (selfsigned as any).generate([{ name: "commonName", value: "localhost" }], {
    days: 1,
    keySize: 2048,
    extensions: [{ name: "subjectAltName", altNames: [{ type: 2, value: "localhost" }, { type: 7, ip: "127.0.0.1" }] }],
  });
  cert = pems.cert;
  key = pems.private;
});

function* echo(r: StreamReader, w: StreamWriter) {
  for (;;) {
    const line = yield* r.readline();
    if (!line.length) break;
    w.write(line);
    yield* w.drain();
  }
  w.close();
}

describe("TLS", () => {
  it("startServer({ tls }) and openConnection({ tls }) echo over TLS; the certificate is checked", async () => {
    const out = await run(function* () {
      const server = yield* startServer(echo, "127.0.0.1", 0, { tls: { cert, key } });
      const port = server.sockets[0].port;
      const [r, w] = yield* openConnection("127.0.0.1", port, { tls: { ca: cert }, serverHostname: "localhost" });
      w.write("secret\n");
      const line = s(yield* r.readline());
      const cipher = w.getExtraInfo("cipher") as any;
      const peercert = w.getExtraInfo("peercert") as any;
      const canEof = w.canWriteEof();
      w.close();
      yield* w.waitClosed();
      // An untrusted certificate (no ca) is refused.
      let refused = "";
      try {
        yield* openConnection("127.0.0.1", port, { tls: true });
      } catch (e) {
        refused = (e as any).code ?? String(e);
      }
      server.close();
      yield* server.waitClosed();
      return { line, cipher: typeof cipher?.name, cn: peercert?.subject?.CN, canEof, refused };
    });
    expect(out).toEqual({ line: "secret\n", cipher: "string", cn: "localhost", canEof: false, refused: "DEPTH_ZERO_SELF_SIGNED_CERT" });
  });

  it("a client with a failing handshake does not disturb the TLS server", async () => {
    const out = await run(function* () {
      const server = yield* startServer(echo, "127.0.0.1", 0, { tls: { cert, key } });
      const port = server.sockets[0].port;
      // A plain-text client talks garbage to the TLS port.
      const [pr, pw] = yield* openConnection("127.0.0.1", port);
      pw.write("GET / HTTP/1.0\r\n\r\n");
      yield* pr.read();
      pw.close();
      const [r, w] = yield* openConnection("127.0.0.1", port, { tls: { ca: cert, serverName: "localhost" } });
      w.write("still fine\n");
      const line = s(yield* r.readline());
      w.close();
      yield* w.waitClosed();
      server.close();
      yield* server.waitClosed();
      return line;
    });
    expect(out).toBe("still fine\n");
  });

  it("StreamWriter.startTls() upgrades a plain connection in place (STARTTLS)", async () => {
    const out = await run(function* () {
      const server = yield* startServer(function* (r, w) {
        const cmd = s(yield* r.readline());
        w.write("go ahead\n");
        yield* w.drain();
        if (cmd === "STARTTLS\n") yield* w.startTls({ cert, key });
        yield* echo(r, w);
      }, "127.0.0.1", 0);
      const [r, w] = yield* openConnection("127.0.0.1", server.sockets[0].port);
      w.write("STARTTLS\n");
      const ok = s(yield* r.readline());
      yield* w.startTls({ ca: cert, serverHostname: "localhost" });
      const tls = w.getExtraInfo("cipher") !== undefined;
      w.write("over tls\n");
      const line = s(yield* r.readline());
      w.close();
      yield* w.waitClosed();
      server.close();
      yield* server.waitClosed();
      return { ok, tls, line };
    });
    expect(out).toEqual({ ok: "go ahead\n", tls: true, line: "over tls\n" });
  });

  it("loop.createConnection({ tls }) with a Protocol sees CM, data, CL", async () => {
    const out = await run(function* () {
      const loop = getRunningLoop();
      const server = yield* startServer(function* (_r, w) {
        w.write("hello");
        yield* w.drain();
        yield* sleep(10);
        w.close();
      }, "127.0.0.1", 0, { tls: { cert, key } });
      const log: string[] = [];
      const lost = loop.createFuture<void>();
      yield* loop.createConnection(
        () => ({
          connectionMade: () => void log.push("CM"),
          dataReceived: (d: Uint8Array) => void log.push(`DR ${s(d)}`),
          eofReceived: () => void log.push("ER"),
          connectionLost: (e: Error | null) => {
            log.push(`CL ${e}`);
            lost.setResult();
          },
        }),
        "127.0.0.1",
        server.sockets[0].port,
        { tls: { ca: cert, serverName: "localhost" } },
      );
      yield* lost;
      server.close();
      yield* server.waitClosed();
      return log;
    });
    expect(out).toEqual(["CM", "DR hello", "ER", "CL null"]);
  });

  it("a TLS connect cancelled during a handshake that never completes leaves nothing open", async () => {
    const out = await run(function* () {
      let closedOnServer = false;
      // A plain server that accepts and never answers the ClientHello.
      const server = yield* startServer(function* (r, w) {
        yield* r.read();
        closedOnServer = true;
        w.close();
      }, "127.0.0.1", 0);
      let err = "";
      try {
        yield* waitFor(openConnection("127.0.0.1", server.sockets[0].port, { tls: { ca: cert, serverName: "localhost" } }), 50);
      } catch (e) {
        err = e instanceof TimeoutError ? "TimeoutError" : String(e);
      }
      for (let i = 0; i < 50 && !closedOnServer; i++) yield* sleep(5);
      server.close();
      yield* server.waitClosed();
      return { err, closedOnServer };
    });
    expect(out).toEqual({ err: "TimeoutError", closedOnServer: true });
  });

  it("asyncio's names (#11): ssl is tls's alias on both ends; the handshake timeouts abort a silent peer; each is only meaningful with TLS", async () => {
    const out = await run(function* () {
      const res: string[] = [];
      const server = yield* startServer(echo, "127.0.0.1", 0, { ssl: { cert, key } });
      const port = server.sockets[0].port;
      const [r, w] = yield* openConnection("127.0.0.1", port, { ssl: { ca: cert }, serverHostname: "localhost", sslShutdownTimeout: 1000 });
      w.write("over ssl\n");
      res.push(`${s(yield* r.readline()).trim()} cipher:${typeof (w.getExtraInfo("cipher") as any)?.name}`);
      w.close();
      yield* w.waitClosed();
      // A client whose peer never answers the ClientHello gives up after sslHandshakeTimeout.
      const silent = yield* startServer(function* (r2) {
        yield* r2.read();
        yield* sleep(60_000);
      }, "127.0.0.1", 0);
      try {
        yield* waitFor(openConnection("127.0.0.1", silent.sockets[0].port, { ssl: { ca: cert }, serverHostname: "localhost", sslHandshakeTimeout: 100 }), 5000);
        res.push("client: connected?");
      } catch (e) {
        res.push(`client: ${(e as { code?: string }).code ?? String(e)}`);
      }
      silent.close();
      // A TLS server drops a client that never starts its handshake after sslHandshakeTimeout.
      const strict = yield* startServer(echo, "127.0.0.1", 0, { ssl: { cert, key }, sslHandshakeTimeout: 100 });
      const [pr] = yield* openConnection("127.0.0.1", strict.sockets[0].port);
      res.push(`server: ${(yield* waitFor(pr.read(), 5000)).length === 0 ? "EOF" : "data?"}`);
      strict.close();
      for (const [what, o] of [
        ["serverHostname", { serverHostname: "x" }],
        ["sslHandshakeTimeout", { sslHandshakeTimeout: 100 }],
        ["sslShutdownTimeout", { sslShutdownTimeout: 100 }],
        ["zero timeout", { ssl: true, sslHandshakeTimeout: 0 }],
      ] as const) {
        try {
          yield* openConnection("127.0.0.1", port, o as any);
          res.push(`${what}: accepted`);
        } catch (e) {
          res.push(`${what}: ${(e as Error).name}`);
        }
      }
      server.close();
      yield* server.waitClosed();
      return res;
    });
    expect(out).toEqual([
      "over ssl cipher:string",
      "client: ECONNABORTED",
      "server: EOF",
      "serverHostname: RangeError",
      "sslHandshakeTimeout: RangeError",
      "sslShutdownTimeout: RangeError",
      "zero timeout: RangeError",
    ]);
  });

  it("a real peer: openssl s_client talks to startServer({ ssl }) (#11)", async () => {
    const out = await run(function* () {
      const server = yield* startServer(echo, "127.0.0.1", 0, { ssl: { cert, key } });
      const p = yield* createSubprocessExec("openssl", ["s_client", "-connect", `127.0.0.1:${server.sockets[0].port}`, "-quiet", "-no_ign_eof"], { stdin: PIPE, stdout: PIPE, stderr: DEVNULL });
      p.stdin!.write("hello from openssl\n");
      const line = s(yield* waitFor(p.stdout!.readline(), 10_000));
      p.stdin!.close();
      yield* waitFor(p.wait(), 10_000);
      server.close();
      yield* server.waitClosed();
      return line;
    });
    expect(out).toBe("hello from openssl\n");
  });
});
