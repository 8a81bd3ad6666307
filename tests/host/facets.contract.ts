// facets.contract.ts: the facet probe that the contract runner (scripts/contract.mjs) runs on each
// of its hosts (Deno, Bun, workerd), through the host's own entry. Every facet a host has must
// work there, and every one it lacks must raise NotSupportedError naming the host and the facet:
// each test below does one round trip, loopback only, and checks which of the two it got against
// what this file says of the host (EXPECTED, which README's host table repeats).
// The peers it needs from outside (a TCP and a TLS echo server on Node, a worker module, a
// temporary folder) come from the runner as globalThis.__contractConfig.
import { describe, expect, it } from "vitest";
import {
  CancelledError, NotSupportedError, createSubprocessExec, createTask, getRunningLoop, openConnection, openUnixConnection, run, sleep,
  startServer, startUnixServer, toThread, PIPE, type DatagramTransport, type SockAddr, type StreamReader, type StreamWriter,
} from "../../ts/index.js";

type Facet = "timers" | "context" | "tcp" | "tcp-server" | "tls" | "tls-server" | "unix" | "udp" | "subprocess" | "signals" | "workers";
type Outcome = "works" | "NotSupportedError";

const host = (globalThis as { __wasyncioContract?: string }).__wasyncioContract ?? "unknown";
const config = (globalThis as { __contractConfig?: { echoPort: number; tlsPort: number; ca: string; cert: string; key: string; workerModule: string; tmp: string } }).__contractConfig!;

const ALL_WORK: Record<Facet, Outcome> = {
  timers: "works", context: "works", tcp: "works", "tcp-server": "works", tls: "works", "tls-server": "works",
  unix: "works", udp: "works", subprocess: "works", signals: "works", workers: "works",
};
/** What each host has (measured by this probe; README's host table says the same). */
const EXPECTED: Record<string, Record<Facet, Outcome>> = {
  deno: { ...ALL_WORK },
  bun: { ...ALL_WORK },
  workerd: {
    ...ALL_WORK,
    "tcp-server": "NotSupportedError", "tls-server": "NotSupportedError", unix: "NotSupportedError", udp: "NotSupportedError",
    subprocess: "NotSupportedError", signals: "NotSupportedError", workers: "NotSupportedError",
  },
};

const enc = new TextEncoder();
const dec = new TextDecoder();

function* echo(r: StreamReader, w: StreamWriter) {
  for (;;) {
    const line = yield* r.readline();
    if (!line.length) break;
    w.write(line);
    yield* w.drain();
  }
  w.close();
}

/** One line through a connection: what came back. */
function* roundTrip(r: StreamReader, w: StreamWriter, text: string) {
  w.write(enc.encode(`${text}\n`));
  yield* w.drain();
  const back = dec.decode(yield* r.readline());
  w.close();
  yield* w.waitClosed();
  return back;
}

/** Runs the probe: "works" when it returned `want`, the error's name when it raised NotSupportedError. */
async function probe(facet: Facet, body: () => Generator<unknown, unknown, unknown>, want: unknown): Promise<void> {
  let outcome: Outcome;
  try {
    const got = await run(body);
    expect(got).toEqual(want);
    outcome = "works";
  } catch (e) {
    if (!(e instanceof NotSupportedError)) throw e;
    expect(e.message).toContain(`'${host}'`);
    outcome = "NotSupportedError";
  }
  console.log(`@@facet ${host} ${facet} ${outcome}`);
  expect(outcome, `the '${facet}' facet on ${host}`).toBe(EXPECTED[host]?.[facet]);
}

describe(`facets of the ${host} host`, () => {
  it("timers: sleep(30) takes 30 ms, not much more", async () => {
    await probe(
      "timers",
      function* () {
        const loop = getRunningLoop();
        const t0 = loop.time();
        yield* sleep(30);
        const dt = loop.time() - t0;
        return dt >= 29 && dt < 500;
      },
      true,
    );
  });

  it("async context: a cancelled async-function task gets CancelledError at its next wasyncio await", async () => {
    await probe(
      "context",
      function* () {
        const t = createTask(async () => {
          await new Promise((r) => setTimeout(r, 10));
          try {
            await sleep(0);
          } catch (e) {
            return e instanceof CancelledError ? "handled" : String(e);
          }
          return "not cancelled";
        });
        yield* sleep(1);
        t.cancel();
        return yield* t;
      },
      "handled",
    );
  });

  it("TCP: openConnection to an echo server on Node", async () => {
    await probe(
      "tcp",
      function* () {
        const [r, w] = yield* openConnection("127.0.0.1", config.echoPort);
        return yield* roundTrip(r, w, "tcp");
      },
      "tcp\n",
    );
  });

  it("TCP: startServer and openConnection in this host", async () => {
    await probe(
      "tcp-server",
      function* () {
        const server = yield* startServer(echo, "127.0.0.1", 0);
        const [r, w] = yield* openConnection("127.0.0.1", server.sockets[0].port);
        const back = yield* roundTrip(r, w, "served");
        server.close();
        yield* server.waitClosed();
        return back;
      },
      "served\n",
    );
  });

  it("TLS: openConnection with tls to a TLS echo server on Node (its self-signed certificate trusted)", async () => {
    // workerd checks certificates against its trust store (the runner's workerd config trusts
    // this one); elsewhere the certificate is given as `ca`.
    const tls = host === "workerd" ? true : { ca: config.ca };
    await probe(
      "tls",
      function* () {
        const [r, w] = yield* openConnection("127.0.0.1", config.tlsPort, { tls, serverHostname: host === "workerd" ? undefined : "localhost" });
        return yield* roundTrip(r, w, "tls");
      },
      "tls\n",
    );
  });

  it("TLS: startServer({ tls }) in this host", async () => {
    await probe(
      "tls-server",
      function* () {
        const server = yield* startServer(echo, "127.0.0.1", 0, { tls: { cert: config.cert, key: config.key } });
        const [r, w] = yield* openConnection("127.0.0.1", server.sockets[0].port, { tls: { ca: config.ca }, serverHostname: "localhost" });
        const back = yield* roundTrip(r, w, "tls served");
        server.close();
        return back;
      },
      "tls served\n",
    );
  });

  it("Unix sockets: startUnixServer and openUnixConnection", async () => {
    await probe(
      "unix",
      function* () {
        const path = `${config.tmp}/${host}.sock`;
        const server = yield* startUnixServer(echo, path);
        const [r, w] = yield* openUnixConnection(path);
        const back = yield* roundTrip(r, w, "unix");
        server.close();
        return back;
      },
      "unix\n",
    );
  });

  it("UDP: a datagram echo endpoint answers a client endpoint", async () => {
    await probe(
      "udp",
      function* () {
        const loop = getRunningLoop();
        let st!: DatagramTransport;
        const [server] = yield* loop.createDatagramEndpoint(
          () => ({ connectionMade: (t: DatagramTransport) => void (st = t), datagramReceived: (d: Uint8Array, a: SockAddr) => st.sendto(d, a) }),
          { localAddr: ["127.0.0.1", 0] },
        );
        const port = (server.getExtraInfo("sockname") as SockAddr).port;
        const got = loop.createFuture<string>();
        const [client] = yield* loop.createDatagramEndpoint(() => ({ datagramReceived: (d: Uint8Array) => void (got.done() || got.setResult(dec.decode(d))) }), {
          remoteAddr: { address: "127.0.0.1", port },
        });
        client.sendto(enc.encode("udp"));
        const back = yield* got;
        client.close();
        server.close();
        return back;
      },
      "udp",
    );
  });

  it("subprocesses: createSubprocessExec('sh', ...) with a stdout pipe", async () => {
    await probe(
      "subprocess",
      function* () {
        const p = yield* createSubprocessExec("sh", ["-c", "echo out"], { stdout: PIPE });
        const [out] = yield* p.communicate();
        return [dec.decode(out!), p.returncode];
      },
      ["out\n", 0],
    );
  });

  it("signals: addSignalHandler('SIGUSR2') sees a SIGUSR2 sent to this process", async () => {
    await probe(
      "signals",
      function* () {
        const loop = getRunningLoop();
        const got = loop.createFuture<string>();
        loop.addSignalHandler("SIGUSR2", () => got.setResult("SIGUSR2"));
        const proc = (globalThis as { process?: { pid: number; kill(pid: number, sig: string): void } }).process!;
        proc.kill(proc.pid, "SIGUSR2");
        const r = yield* got;
        loop.removeSignalHandler("SIGUSR2");
        return r;
      },
      "SIGUSR2",
    );
  });

  it("workers: toThread runs a module's function in a worker thread", async () => {
    await probe("workers", function* () { return yield* toThread<number>(config.workerModule, "add", 2, 3); }, 5);
  });
});
