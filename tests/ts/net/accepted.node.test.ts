// accepted.node.test.ts: loop.connectAcceptedSocket (ts/net/loop-net.ts) takes over a socket a
// node:http server handed to its 'upgrade' event, with the head bytes, in plaintext (compared
// with CPython 3.13, tests/cpython/io/accepted_socket.py) and with TLS started on the upgraded
// connection; and its argument errors.

import { beforeAll, describe, expect, it } from "vitest";
import * as http from "node:http";
import * as net from "node:net";
import * as tls from "node:tls";
import selfsigned from "selfsigned";
import { run, getRunningLoop, createTask, sleep, openConnection, wrapPromise, type Future, type Protocol, type Transport, type SockAddr } from "../../../ts/index.js";
import { expected, pyBytes } from "../../cpython/trace.js";
import { b } from "../io-helpers.js";

const enc = new TextEncoder();
const dec = new TextDecoder();

class Upper implements Protocol {
  t!: Transport;
  n = 0;
  constructor(readonly log: string[]) {}
  connectionMade(t: Transport): void {
    this.t = t;
    this.log.push(`connection_made peer is loopback: ${(t.getExtraInfo("peername") as SockAddr).address === "127.0.0.1" ? "True" : "False"}`);
  }
  dataReceived(d: Uint8Array): void {
    this.n += d.length;
    this.t.write(enc.encode(dec.decode(d).toUpperCase()));
  }
  eofReceived(): void {
    this.log.push(`eof_received after ${this.n} bytes`);
    this.t.write(b("|bye"));
    this.t.close();
  }
  connectionLost(exc: Error | null): void {
    this.log.push(`connection_lost ${exc === null ? "None" : exc.name}`);
  }
}

type Upgrade = [http.IncomingMessage, net.Socket, Buffer];

/** A node:http server whose 'upgrade' events complete futures of the running loop. */
function* upgradeServer(): Generator<unknown, [http.Server, number, () => Future<Upgrade>], unknown> {
  const loop = getRunningLoop();
  const waiting: Future<Upgrade>[] = [];
  const srv = http.createServer((_req, res) => res.end("no upgrade"));
  srv.on("upgrade", (req, socket, head) => loop.callSoonThreadsafe(() => waiting.shift()?.setResult([req, socket as net.Socket, head])));
  yield* wrapPromise(new Promise<void>((r) => srv.listen(0, "127.0.0.1", r)));
  const next = () => {
    const f = loop.createFuture<Upgrade>();
    waiting.push(f);
    return f;
  };
  return [srv, (srv.address() as net.AddressInfo).port, next];
}

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

describe("connectAcceptedSocket", () => {
  it("takes over a node:http upgrade's socket with its head bytes, as CPython 3.13 (tests/cpython/io/accepted_socket.py)", async () => {
    const out: string[] = [];
    await run(function* () {
      const loop = getRunningLoop();
      const [srv, port, next] = yield* upgradeServer();
      const upgraded = next();
      const ct = createTask(function* () {
        const [r, w] = yield* openConnection("127.0.0.1", port);
        w.write("GET /echo HTTP/1.1\r\nHost: localhost\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\nhead bytes|");
        out.push(`client status: ${pyBytes((yield* r.readuntil("\r\n\r\n")).subarray(0, 32))}`);
        out.push(`client got: ${pyBytes(yield* r.readexactly(11))}`);
        w.write("more");
        w.writeEof();
        out.push(`client rest: ${pyBytes(yield* r.read())}`);
        w.close();
        yield* w.waitClosed();
      });
      const [req, socket, head] = yield* upgraded;
      out.push(`server request: b'${req.method} ${req.url} HTTP/${req.httpVersion}'`);
      socket.write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n");
      const log: string[] = [];
      yield* loop.connectAcceptedSocket(() => new Upper(log), socket, { head });
      yield* ct;
      yield* sleep(50);
      for (const line of log) out.push(`  ${line}`);
      srv.close();
    });
    expect(out).toEqual(expected("accepted_socket"));
  });

  it("with tls: the server side of a TLS handshake on the upgraded connection", async () => {
    const out = await run(function* () {
      const loop = getRunningLoop();
      const [srv, port, next] = yield* upgradeServer();
      const upgraded = next();
      // The client: upgrade in plaintext, then TLS over the same socket (node:tls as the peer).
      const client = new Promise<string>((resolve, reject) => {
        const raw = net.connect(port, "127.0.0.1", () => raw.write("GET / HTTP/1.1\r\nHost: localhost\r\nUpgrade: tls-echo\r\nConnection: Upgrade\r\n\r\n"));
        let buf = "";
        const onData = (c: Buffer) => {
          buf += c.toString();
          if (!buf.includes("\r\n\r\n")) return;
          raw.off("data", onData);
          const t = tls.connect({ socket: raw, ca: cert, servername: "localhost" }, () => t.end("secret line"));
          let got = "";
          t.on("data", (d) => (got += d));
          t.on("end", () => resolve(`${buf.split("\r\n")[0]} / ${got} / authorized ${t.authorized}`));
          t.on("error", reject);
        };
        raw.on("data", onData);
        raw.on("error", reject);
      });
      const [, socket, head] = yield* upgraded;
      socket.write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: tls-echo\r\nConnection: Upgrade\r\n\r\n");
      const log: string[] = [];
      const [t] = yield* loop.connectAcceptedSocket(() => new Upper(log), socket, { ssl: { cert, key }, head });
      const cipher = t.getExtraInfo("cipher") as { name?: string } | undefined;
      const reply = yield* wrapPromise(client);
      yield* sleep(20);
      srv.close();
      return { reply, tls: typeof cipher?.name === "string", log };
    });
    expect(out).toEqual({
      reply: "HTTP/1.1 101 Switching Protocols / SECRET LINE|bye / authorized true",
      tls: true,
      log: ["connection_made peer is loopback: True", "eof_received after 11 bytes", "connection_lost None"],
    });
  });

  it("argument errors arrive at the await: TypeError for what is no socket or no factory, unknown options", async () => {
    const out = await run(function* () {
      const loop = getRunningLoop();
      const names: string[] = [];
      for (const op of [
        loop.connectAcceptedSocket(() => ({}), null),
        loop.connectAcceptedSocket(() => ({}), {}),
        loop.connectAcceptedSocket(null as any, new net.Socket()),
        loop.connectAcceptedSocket(() => ({}), new net.Socket()),
        loop.connectAcceptedSocket(() => ({}), new net.Socket(), { backlog: 1 } as any),
        loop.connectAcceptedSocket(() => ({}), new net.Socket(), { sslHandshakeTimeout: 5 }),
      ]) {
        try {
          yield* op;
          names.push("none");
        } catch (e) {
          names.push((e as Error).name);
        }
      }
      return names;
    });
    expect(out).toEqual(["TypeError", "TypeError", "TypeError", "TypeError", "TypeError", "RangeError"]);
  });
});
