// native.mjs: on Deno and Bun, do their native APIs beat their Node compatibility for what the
// Node host (host/node*.ts) uses? Decides whether host/deno.ts and host/bun.ts get native facets
// (only where native wins by more than 20%).
//
//   node_modules/deno/deno run -A bench/hosts/native.mjs
//   node_modules/bun/bin/bun.exe bench/hosts/native.mjs
//   node bench/hosts/native.mjs                  # Node itself, for reference
//
// Each variant runs once to warm up, then RUNS times; the median is printed in ms, with each
// native variant's ratio to the Node-compatible one it would replace (< 1: native is faster).
//   turns:    a chain of macrotask turns, µs per turn: setImmediate (the Node host's turn, 100k)
//             vs setTimeout(0) (2k: Node clamps it to 1 ms) vs a MessageChannel post (the browser
//             host's, 100k)
//   timers:   10k setTimeout wake-ups, delays 0..20 ms (the Node host's wake-up is setTimeout)
//   tcp echo: 20k round trips of 64 bytes over loopback, one connection, client and server in this
//             process: node:net vs Deno.listen/Deno.connect, Bun.listen/Bun.connect
//   spawn:    200 sequential spawn-and-wait of `true`: node:child_process vs Deno.Command, Bun.spawn
import * as net from "node:net";
import { spawn } from "node:child_process";

const RUNS = 5;
const runtimeName = globalThis.Deno ? "deno" : globalThis.Bun ? "bun" : "node";
const version = globalThis.Deno?.version.deno ?? globalThis.Bun?.version ?? process.versions.node;

async function measure(fn) {
  await fn();
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[RUNS >> 1];
}

// ---- turns and timers ---------------------------------------------------------------------------
const TURNS = 100_000;
/** A chain of `turns` macrotask turns; setTimeout(0) gets fewer (Node clamps it to 1 ms). */
const chain = (schedule, turns = TURNS) => () =>
  new Promise((resolve) => {
    let n = 0;
    const step = () => (++n < turns ? schedule(step) : resolve());
    schedule(step);
  });
const TIMEOUT0_TURNS = 2_000;
const viaImmediate = chain((f) => setImmediate(f));
const viaTimeout0 = chain((f) => setTimeout(f, 0), TIMEOUT0_TURNS);
const viaChannel = () => {
  const mc = new MessageChannel();
  return new Promise((resolve) => {
    let n = 0;
    mc.port1.onmessage = () => (++n < TURNS ? mc.port2.postMessage(0) : (mc.port1.close(), resolve()));
    mc.port2.postMessage(0);
  });
};
const TIMERS = 10_000;
const timers = () =>
  new Promise((resolve) => {
    let left = TIMERS;
    for (let i = 0; i < TIMERS; i++) setTimeout(() => --left === 0 && resolve(), (i * 7919) % 21);
  });

// ---- TCP echo -----------------------------------------------------------------------------------
const ROUNDS = 20_000;
const MSG = new Uint8Array(64).fill(120);

/** Reads until `n` bytes arrived (TCP may split or merge), per round trip. */
async function nodeEcho() {
  const server = net.createServer((s) => s.on("data", (d) => s.write(d)));
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const port = server.address().port;
  const c = net.connect({ port, host: "127.0.0.1", noDelay: true });
  await new Promise((r) => c.once("connect", r));
  c.setNoDelay(true);
  await new Promise((resolve) => {
    let got = 0;
    let rounds = 0;
    c.on("data", (d) => {
      got += d.length;
      if (got < MSG.length) return;
      got -= MSG.length;
      if (++rounds === ROUNDS) return resolve();
      c.write(MSG);
    });
    c.write(MSG);
  });
  c.destroy();
  await new Promise((r) => server.close(r));
}

async function denoEcho() {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const serving = (async () => {
    const conn = await listener.accept();
    conn.setNoDelay(true);
    const buf = new Uint8Array(4096);
    for (;;) {
      const n = await conn.read(buf);
      if (n === null) break;
      await conn.write(buf.subarray(0, n));
    }
    conn.close();
  })();
  const conn = await Deno.connect({ hostname: "127.0.0.1", port: listener.addr.port });
  conn.setNoDelay(true);
  const buf = new Uint8Array(4096);
  for (let i = 0; i < ROUNDS; i++) {
    await conn.write(MSG);
    let got = 0;
    while (got < MSG.length) got += (await conn.read(buf)) ?? Infinity;
  }
  conn.close();
  await serving.catch(() => {});
  listener.close();
}

async function bunEcho() {
  const server = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data(s, d) { s.write(d); } } });
  await new Promise((resolve, reject) => {
    let got = 0;
    let rounds = 0;
    Bun.connect({
      hostname: "127.0.0.1",
      port: server.port,
      socket: {
        open(s) { s.setNoDelay?.(true); s.write(MSG); },
        data(s, d) {
          got += d.length;
          if (got < MSG.length) return;
          got -= MSG.length;
          if (++rounds === ROUNDS) { s.end(); return resolve(); }
          s.write(MSG);
        },
        error(_s, e) { reject(e); },
      },
    });
  });
  server.stop(true);
}

// ---- spawn --------------------------------------------------------------------------------------
const PROCS = 200;
async function nodeSpawn() {
  for (let i = 0; i < PROCS; i++) await new Promise((r, j) => spawn("true", [], { stdio: "ignore" }).on("exit", r).on("error", j));
}
async function denoSpawn() {
  for (let i = 0; i < PROCS; i++) await new Deno.Command("true", { stdin: "null", stdout: "null", stderr: "null" }).spawn().status;
}
async function bunSpawn() {
  for (let i = 0; i < PROCS; i++) await Bun.spawn(["true"], { stdin: "ignore", stdout: "ignore", stderr: "ignore" }).exited;
}

// ---- run ----------------------------------------------------------------------------------------
const rows = [];
/** `per`: divide both medians by this (per-turn µs for the turn chains of different lengths). */
async function row(what, compat, native, per = [1, 1], unit = "ms") {
  console.error(`.. ${what}`);
  const a = (await measure(compat[1])) / per[0];
  const b = native ? (await measure(native[1])) / per[1] : null;
  const f = (x) => x.toFixed(unit === "ms" ? 1 : 2);
  rows.push({ what, compat: `${compat[0]} ${f(a)} ${unit}`, native: native ? `${native[0]} ${f(b)} ${unit}` : "", ratio: b === null ? "" : (b / a).toFixed(2) });
}
const nativeEcho = runtimeName === "deno" ? ["Deno.connect", denoEcho] : runtimeName === "bun" ? ["Bun.connect", bunEcho] : null;
const nativeSpawn = runtimeName === "deno" ? ["Deno.Command", denoSpawn] : runtimeName === "bun" ? ["Bun.spawn", bunSpawn] : null;
const usPer = (n) => n / 1000; // ms for n turns -> µs per turn
await row("a turn", ["setImmediate", viaImmediate], ["setTimeout(0)", viaTimeout0], [usPer(TURNS), usPer(TIMEOUT0_TURNS)], "µs");
await row("a turn", ["setImmediate", viaImmediate], ["MessageChannel", viaChannel], [usPer(TURNS), usPer(TURNS)], "µs");
await row(`${TIMERS / 1000}k timers 0..20 ms`, ["setTimeout", timers], null);
await row(`tcp echo ${ROUNDS / 1000}k × 64 B`, ["node:net", nodeEcho], nativeEcho);
await row(`spawn ${PROCS} × true`, ["node:child_process", nodeSpawn], nativeSpawn);

console.log(`${runtimeName} ${version}: median of ${RUNS} runs, ms (ratio = other / first; < 1 means the other is faster)`);
console.log("| workload | Node API | other | ratio |\n|---|---|---|---|");
for (const r of rows) console.log(`| ${r.what} | ${r.compat} | ${r.native} | ${r.ratio} |`);
process.exit(0);
