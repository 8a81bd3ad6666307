// echo.ts: TCP echo on 127.0.0.1: N clients x M round trips of 64 bytes, each client waiting for
// its echo before the next write. Peers: wasyncio streams (startServer/openConnection,
// readexactly), wasyncio transports+protocols, plain node:net, and CPython 3.13 asyncio
// (bench/python/echo.py: streams and protocols), all in one table.
//   npx tsx bench/echo.ts [--clients=50] [--rounds=10000] [--quick] [--no-python]
// Each peer runs a warm-up (1/10 of the work), then the measured run; time includes starting
// the server and connecting the clients. Wall time and the process's CPU time (user + system:
// less sensitive to a loaded machine) are both reported. Checks: every client got M echoes of its own bytes.

import * as net from "node:net";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { run, getRunningLoop, gather, openConnection, startServer, type Transport } from "../ts/entry/node.js";

const arg = (k: string, d: number) => Number(process.argv.find((a) => a.startsWith(`--${k}=`))?.split("=")[1] ?? d);
const quick = process.argv.includes("--quick");
const CLIENTS = arg("clients", 50);
const ROUNDS = arg("rounds", quick ? 1000 : 10000);
const SIZE = 64;

function msgFor(i: number): Uint8Array {
  return new Uint8Array(SIZE).fill(33 + (i % 90));
}

async function wasyncioStreams(clients: number, rounds: number): Promise<number> {
  return run(function* () {
    const server = yield* startServer(function* (r, w) {
      for (;;) {
        const d = yield* r.read(65536);
        if (!d.length) break;
        w.write(d);
        yield* w.drain();
      }
      w.close();
    }, "127.0.0.1", 0);
    const port = server.sockets[0].port;
    const client = function* (i: number) {
      const [r, w] = yield* openConnection("127.0.0.1", port);
      const msg = msgFor(i);
      let ok = 0;
      for (let k = 0; k < rounds; k++) {
        w.write(msg);
        const back = yield* r.readexactly(SIZE);
        if (back[0] === msg[0]) ok++;
      }
      w.close();
      yield* w.waitClosed();
      return ok;
    };
    const oks = (yield* gather(...Array.from({ length: clients }, (_, i) => client(i)))) as number[];
    server.close();
    yield* server.waitClosed();
    return oks.reduce((a, b) => a + b, 0);
  });
}

async function wasyncioProtocols(clients: number, rounds: number): Promise<number> {
  return run(function* () {
    const loop = getRunningLoop();
    const server = yield* loop.createServer(() => {
      let t: Transport;
      return { connectionMade: (x: Transport) => void (t = x), dataReceived: (d: Uint8Array) => t.write(d) };
    }, "127.0.0.1", 0);
    const port = server.sockets[0].port;
    const client = function* (i: number) {
      const done = loop.createFuture<number>();
      const msg = msgFor(i);
      let t!: Transport;
      let got = 0;
      let ok = 0;
      let k = 0;
      yield* loop.createConnection(
        () => ({
          connectionMade(x: Transport) {
            t = x;
            t.write(msg);
          },
          dataReceived(d: Uint8Array) {
            got += d.length;
            while (got >= SIZE) {
              got -= SIZE;
              if (d[0] === msg[0]) ok++;
              if (++k === rounds) {
                t.close();
                return;
              }
              t.write(msg);
            }
          },
          connectionLost() {
            done.setResult(ok);
          },
        }),
        "127.0.0.1",
        port,
      );
      return yield* done;
    };
    const oks = (yield* gather(...Array.from({ length: clients }, (_, i) => client(i)))) as number[];
    server.closeClients();
    server.close();
    yield* server.waitClosed();
    return oks.reduce((a, b) => a + b, 0);
  });
}

async function plainNode(clients: number, rounds: number): Promise<number> {
  const server = net.createServer((s) => {
    s.setNoDelay(true);
    s.on("data", (d) => s.write(d));
    s.on("error", () => {});
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as net.AddressInfo).port;
  const client = (i: number) =>
    new Promise<number>((resolve, reject) => {
      const msg = msgFor(i);
      const s = net.connect({ host: "127.0.0.1", port }, () => s.write(msg));
      s.setNoDelay(true);
      let got = 0;
      let ok = 0;
      let k = 0;
      s.on("data", (d) => {
        got += d.length;
        while (got >= SIZE) {
          got -= SIZE;
          if (d[0] === msg[0]) ok++;
          if (++k === rounds) {
            s.end();
            return;
          }
          s.write(msg);
        }
      });
      s.on("close", () => resolve(ok));
      s.on("error", reject);
    });
  const oks = await Promise.all(Array.from({ length: clients }, (_, i) => client(i)));
  await new Promise<void>((r) => server.close(() => r()));
  return oks.reduce((a, b) => a + b, 0);
}

async function measure(name: string, f: (c: number, r: number) => Promise<number>): Promise<[string, number, number]> {
  const want = CLIENTS * ROUNDS;
  const warm = await f(CLIENTS, Math.max(1, Math.floor(ROUNDS / 10)));
  if (warm !== CLIENTS * Math.max(1, Math.floor(ROUNDS / 10))) throw new Error(`${name}: bad warm-up check ${warm}`);
  (globalThis as any).gc?.();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const got = await f(CLIENTS, ROUNDS);
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  if (got !== want) throw new Error(`${name}: check ${got} != ${want}`);
  return [name, ms, (c.user + c.system) / 1000];
}

const rows: [string, number, number][] = [];
rows.push(await measure("plain node:net", plainNode));
rows.push(await measure("wasyncio streams", wasyncioStreams));
rows.push(await measure("wasyncio protocols", wasyncioProtocols));
if (!process.argv.includes("--no-python")) {
  try {
    const py = fileURLToPath(new URL("./python/echo.py", import.meta.url));
    const out = execFileSync("python3", [py, String(CLIENTS), String(ROUNDS)], { env: { ...process.env, PYENV_VERSION: "3.13.0" }, encoding: "utf8" });
    const res = JSON.parse(out) as Record<string, [number, number]>;
    for (const [k, [ms, cpu]] of Object.entries(res)) rows.push([`CPython 3.13 asyncio ${k}`, ms, cpu]);
  } catch (e) {
    rows.push([`CPython 3.13 asyncio (failed: ${(e as Error).message.split("\n")[0]})`, NaN, NaN]);
  }
}
const [, base, baseCpu] = rows[0];
console.log(`\necho: ${CLIENTS} clients x ${ROUNDS} round trips of ${SIZE} bytes on 127.0.0.1 (${CLIENTS * ROUNDS} total), node ${process.version}, load ${(await import("node:os")).loadavg()[0].toFixed(1)}\n`);
console.log("| peer | wall ms | round trips/s | wall vs node:net | CPU ms (process) | CPU vs node:net |");
console.log("|---|---:|---:|---:|---:|---:|");
for (const [name, ms, cpu] of rows) {
  const na = Number.isNaN(ms);
  const rate = na ? "n/a" : Math.round((CLIENTS * ROUNDS) / (ms / 1000)).toLocaleString("en");
  console.log(`| ${name} | ${na ? "n/a" : ms.toFixed(0)} | ${rate} | ${na ? "" : (ms / base).toFixed(2) + "x"} | ${na ? "" : cpu.toFixed(0)} | ${na ? "" : (cpu / baseCpu).toFixed(2) + "x"} |`);
}
