// contract.mjs: the contract suite on the hosts vitest does not run on: Deno, Bun and workerd,
// each its real binary from its npm package (scripts/runtimes.mjs).
//
// The files: every host-neutral test file (scripts/host-neutral.mjs, the browser suite's list)
// and the host probes tests/**/*.contract.ts. Each is bundled on its own by esbuild with the host's
// setup (tests/contract/setup-<host>.ts: the host's own adapter is the default host), "vitest"
// aliased to tests/contract/vitest.ts (vitest's expect and spies, a small describe/it runner), and
// import.meta.glob inlined, as vite does for the browser suite. Deno and Bun run the bundles one
// after the other in one process (tests/contract/drive.mjs); workerd serves them as modules of one
// Worker under `nodejs_compat` and `disallow_eval_during_startup`, and each file runs in one
// request from this script over loopback (tests/contract/worker.mjs).
//
// A test that cannot pass on a host for a reason of the host's is listed in
// tests/contract/skips.mjs with that reason, printed and counted as skipped.
//
// Each host prints `<host>: N passed, N failed[, N skipped]` and writes .contract-<host>.json in
// the shape of vitest's JSON report, which scripts/summary.mjs adds to the closing line.
//
// Usage: node scripts/contract.mjs [deno] [bun] [workerd] [--files=<substring>] [--verbose]
// (after the build: scripts/build-core.mjs makes build/core.wasm and gen/).
import * as esbuild from "esbuild";
import { spawn } from "node:child_process";
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { createServer as createTlsServer } from "node:tls";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import selfsigned from "selfsigned";
import { hostNeutralTests, walk } from "./host-neutral.mjs";
import { runtime } from "./runtimes.mjs";
import skips from "../tests/contract/skips.mjs";
import { startEchoServer } from "../tests/ts/net/ws-echo-server.mjs";
import { viteLikeTestTransforms } from "./vite-like.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const HOSTS = ["deno", "bun", "workerd"];
const args = process.argv.slice(2);
const hosts = args.filter((a) => !a.startsWith("--"));
for (const h of hosts) if (!HOSTS.includes(h)) throw new Error(`unknown host ${h}: one of ${HOSTS.join(", ")}`);
if (hosts.length === 0) hosts.push(...HOSTS);
const only = args.find((a) => a.startsWith("--files="))?.slice(8);
const verbose = args.includes("--verbose");
/** No host may take longer than this for the whole suite (then it is stopped, its rest failed). */
const HOST_DEADLINE_MS = 15 * 60_000;

const files = [...hostNeutralTests(), ...walk("tests", ".contract.ts")].filter((f) => !only || f.includes(only));

// ---- bundling ---------------------------------------------------------------------------------

const CONDITIONS = { deno: ["deno", "node"], bun: ["bun", "node"], workerd: ["workerd", "worker", "browser"] };

async function bundle(host, file, outdir, name) {
  const abs = (p) => JSON.stringify(join(root, p));
  const entry =
    `import ${abs(`tests/contract/setup-${host}.ts`)};\n` +
    `import { runCollected } from ${abs("tests/contract/vitest.ts")};\n` +
    // The test file is evaluated when run() is called, not when the bundle is loaded: workerd loads
    // its modules at startup, when a test's top level may not do what it does at request time.
    `export async function run(opts) { await import(${abs(file)}); return runCollected(opts); }\n`;
  const r = await esbuild.build({
    stdin: { contents: entry, resolveDir: root, sourcefile: `${name}.entry.ts`, loader: "ts" },
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    mainFields: ["module", "main"],
    conditions: CONDITIONS[host],
    external: ["node:*", "cloudflare:*"],
    alias: { vitest: join(root, "tests/contract/vitest.ts") },
    plugins: [viteLikeTestTransforms],
    loader: { ".wasm": "copy" },
    assetNames: "[name]",
    outdir,
    entryNames: name,
    sourcemap: "inline",
    logLevel: "silent",
    define: { "process.env.NODE_ENV": '"test"' },
  });
  for (const w of r.warnings) if (verbose) console.error(`${file}: ${w.text}`);
  return join(outdir, `${name}.js`);
}

// ---- what the facet probe talks to: servers on this Node, loopback only ----------------------

async function startPeers() {
  // A CA and a server certificate it signed (rustls, behind Deno's TLS, accepts no self-signed
  // leaf as its own trust anchor; OpenSSL and BoringSSL take either).
  const ca = await selfsigned.generate([{ name: "commonName", value: "wasyncio contract CA" }], {
    days: 1,
    keySize: 2048,
    algorithm: "sha256",
    extensions: [{ name: "basicConstraints", cA: true, critical: true }, { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true }],
  });
  const pems = await selfsigned.generate([{ name: "commonName", value: "localhost" }], {
    days: 1,
    keySize: 2048,
    algorithm: "sha256",
    ca: { key: ca.private, cert: ca.cert },
  });
  const echo = (sock) => {
    sock.on("error", () => {});
    sock.pipe(sock);
  };
  const tcp = createServer(echo);
  const tls = createTlsServer({ cert: pems.cert, key: pems.private }, echo);
  await Promise.all([new Promise((r) => tcp.listen(0, "127.0.0.1", r)), new Promise((r) => tls.listen(0, "127.0.0.1", r))]);
  // The WebSocket echo server of the WebSocket stream tests (their vitest globalSetup elsewhere),
  // provided to inject("wsEchoUrl") as vitest would.
  const ws = await startEchoServer();
  const tmp = join(tmpdir(), `wasyncio-contract-${process.pid}`);
  mkdirSync(tmp, { recursive: true });
  return {
    config: {
      echoPort: tcp.address().port,
      tlsPort: tls.address().port,
      ca: ca.cert,
      cert: pems.cert,
      key: pems.private,
      workerModule: join(root, "tests/ts/fixtures/work.mjs"),
      tmp,
      provided: { wsEchoUrl: ws.url },
    },
    close() {
      void ws.close();
      tcp.close();
      tls.close();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

// ---- running on a host ------------------------------------------------------------------------

const skipsOf = (host) => (skips[host] ?? []).map((s) => ({ file: s.file, test: s.test, reason: s.reason }));

/** Deno or Bun: one process runs every bundle; each file's results come back as a stdout line. */
function runProcess(host, bin, list, manifestPath, onFile) {
  const argv = host === "deno" ? ["run", "-A", "--no-config", "--no-lock", join(root, "tests/contract/drive.mjs")] : [join(root, "tests/contract/drive.mjs")];
  return new Promise((done) => {
    const child = spawn(bin, argv, { cwd: root, env: { ...process.env, CONTRACT_MANIFEST: manifestPath, NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] });
    const timer = setTimeout(() => child.kill("SIGKILL"), HOST_DEADLINE_MS);
    let buf = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      buf += d;
      let i;
      while ((i = buf.indexOf("\n")) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        if (line.startsWith("@@contract ")) onFile(JSON.parse(line.slice(11)));
        else if (line.startsWith("@@facet ")) facetLine(line);
        else if (verbose) console.log(`  [${host}] ${line}`);
      }
    });
    child.stderr.on("data", (d) => {
      stderr += d;
      if (verbose) process.stderr.write(d);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      done({ code, signal, stderr });
    });
  });
}

async function freePort() {
  const s = createServer();
  await new Promise((r) => s.listen(0, "127.0.0.1", r));
  const { port } = s.address();
  await new Promise((r) => s.close(r));
  return port;
}

/** The workerd config: one Worker whose modules are the bundles, served on a loopback port. */
function workerdConfig(dir, bundles, cert) {
  const wasm = readdirSync(dir).filter((f) => f.endsWith(".wasm"));
  const modules = [
    `(name = "worker.js", esModule = embed "worker.js")`,
    ...bundles.map((b) => `(name = "${basename(b)}", esModule = embed "${basename(b)}")`),
    ...wasm.map((w) => `(name = "${w}", wasm = embed "${w}")`),
  ];
  writeFileSync(join(dir, "ca.pem"), cert);
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .contract),
    # connect() and fetch() go through this service: loopback allowed (the probe's peers), and the
    # probe's self-signed certificate trusted for secureTransport "on".
    (name = "internet", network = (allow = ["local"], tlsOptions = (trustedCertificates = [embed "ca.pem"]))),
  ],
  sockets = [(name = "http", address = "127.0.0.1:0", http = (), service = "main")],
);
const contract :Workerd.Worker = (
  modules = [
    ${modules.join(",\n    ")}
  ],
  compatibilityDate = "2025-09-01",
  compatibilityFlags = ["nodejs_compat", "disallow_eval_during_startup"],
);
`;
}

async function runWorkerd(bin, list, dir, config, onFile) {
  const bundles = list.map((f) => f.bundle);
  writeFileSync(
    join(dir, "worker.js"),
    `import { serve } from ${JSON.stringify(join(root, "tests/contract/worker.mjs"))};\n` +
      `export default serve([${bundles.map((b) => `() => import("./${basename(b)}")`).join(",\n  ")}]);\n`,
  );
  // The worker module imports the shared request handler: bundle it too (no file system there).
  await esbuild.build({ entryPoints: [join(dir, "worker.js")], bundle: true, format: "esm", platform: "neutral", outfile: join(dir, "worker.js"), allowOverwrite: true, external: bundles.map((b) => `./${basename(b)}`), logLevel: "silent" });
  writeFileSync(join(dir, "config.capnp"), workerdConfig(dir, bundles, config.ca));
  const port = await freePort();
  const child = spawn(bin, ["serve", join(dir, "config.capnp"), `--socket-addr=http=127.0.0.1:${port}`, "--experimental"], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stdout.on("data", (d) => {
    for (const line of String(d).split("\n")) {
      if (line.includes("@@facet ")) facetLine(line.slice(line.indexOf("@@facet ")));
      else if (verbose && line) console.log(`  [workerd] ${line}`);
    }
  });
  child.stderr.on("data", (d) => {
    stderr += d;
    if (verbose) process.stderr.write(`  [workerd] ${d}`);
  });
  let exited = false;
  child.on("exit", () => (exited = true));
  const url = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + HOST_DEADLINE_MS;
  try {
    // Wait for workerd to listen (bounded).
    for (let i = 0; ; i++) {
      if (exited) throw new Error(`workerd exited at startup:\n${stderr}`);
      try {
        await fetch(`${url}ping`);
        break;
      } catch {
        if (i > 200) throw new Error(`workerd did not listen on ${url} within 20 s:\n${stderr}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    for (let i = 0; i < list.length; i++) {
      let results;
      try {
        const res = await fetch(`${url}run`, {
          method: "POST",
          body: JSON.stringify({ index: i, skips: skipsOf("workerd").filter((s) => s.file === list[i].file), config }),
          signal: AbortSignal.timeout(Math.max(1000, deadline - Date.now())),
        });
        const text = await res.text();
        results = res.ok ? JSON.parse(text) : [{ name: "(the request failed)", state: "failed", ms: 0, error: `HTTP ${res.status}: ${text}\n${stderr.slice(-2000)}` }];
      } catch (e) {
        results = [{ name: "(the request failed)", state: "failed", ms: 0, error: `${e}\n${stderr.slice(-2000)}` }];
      }
      onFile({ file: list[i].file, results });
    }
  } finally {
    child.kill("SIGTERM");
  }
  return { stderr };
}

/** The facet probe's findings (tests/host/facets.contract.ts): "@@facet <host> <facet> <outcome>". */
const facets = [];
function facetLine(line) {
  const [, host, facet, outcome] = line.trim().split(/\s+/);
  facets.push({ host, facet, outcome });
}

function printFile(host, { file, results }) {
  const n = (s) => results.filter((r) => r.state === s).length;
  const counts = [`${n("passed")} passed`, n("failed") ? `${n("failed")} failed` : "", n("skipped") ? `${n("skipped")} skipped` : ""].filter(Boolean).join(", ");
  console.log(`  ${n("failed") ? "✗" : "✓"} ${host} ${file} (${counts})`);
  for (const r of results) {
    if (r.state === "failed") console.log(`      FAIL ${r.name}\n${String(r.error).split("\n").slice(0, 12).map((l) => `        ${l}`).join("\n")}`);
    if (r.state === "skipped") console.log(`      skipped on ${host}: ${r.name} — ${r.reason}`);
  }
}

async function runHost(host, peers) {
  const dir = join(root, ".contract", host);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const t0 = performance.now();
  const seen = new Map();
  const onFile = (f) => {
    seen.set(f.file, f.results);
    printFile(host, f);
  };
  let trouble = "";
  try {
    const bin = runtime(host);
    const list = [];
    for (const [i, file] of files.entries()) list.push({ file, bundle: await bundle(host, file, dir, `f${i}`) });
    if (host === "workerd") {
      await runWorkerd(bin, list, dir, peers.config, onFile);
    } else {
      const manifestPath = join(dir, "manifest.json");
      writeFileSync(manifestPath, JSON.stringify({ files: list, skips: skipsOf(host), config: peers.config }));
      const r = await runProcess(host, bin, list, manifestPath, onFile);
      if (r.code !== 0) trouble = `${host} exited with ${r.signal ?? r.code}\n${r.stderr.slice(-3000)}`;
    }
  } catch (e) {
    trouble = e instanceof Error ? (e.stack ?? e.message) : String(e);
  }
  // A file that never reported (a crash, the deadline) counts as failed.
  for (const file of files) if (!seen.has(file)) onFile({ file, results: [{ name: "(no result: the host stopped before this file)", state: "failed", ms: 0, error: trouble }] });
  if (trouble) console.log(`  ${host}: ${trouble}`);
  const all = [...seen.values()].flat();
  const count = (s) => all.filter((r) => r.state === s).length;
  const [passed, failed, skipped] = [count("passed"), count("failed"), count("skipped")];
  writeFileSync(
    join(root, `.contract-${host}.json`),
    JSON.stringify({
      numPassedTests: passed,
      numFailedTests: failed,
      numPendingTests: skipped,
      testResults: [...seen].map(([file, results]) => ({ name: file, status: results.some((r) => r.state === "failed") ? "failed" : "passed", assertionResults: results.map((r) => ({ title: r.name, status: r.state === "skipped" ? "pending" : r.state, failureMessages: r.error ? [r.error] : [] })) })),
    }),
  );
  const mine = facets.filter((f) => f.host === host);
  if (mine.length) console.log(`  ${host} facets: ${mine.map((f) => `${f.facet} ${f.outcome === "works" ? "works" : "NotSupportedError"}`).join(", ")}`);
  console.log(`${host}: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  return failed;
}

const peers = await startPeers();
let failed = 0;
try {
  for (const host of hosts) failed += await runHost(host, peers);
} finally {
  peers.close();
}
process.exit(failed ? 1 : 0);
