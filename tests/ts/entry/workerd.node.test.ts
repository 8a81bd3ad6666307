// workerd.node.test.ts: the package on workerd as a user's Worker gets it: a Worker that does
// `import { run, taskGroup, timeout, Queue } from "wasyncio"`, bundled by esbuild from the built
// package through its exports (conditions workerd, worker, browser; the core's .wasm copied and
// listed as a Wasm module, as wrangler does), served by the real `workerd` binary (npm package)
// under `disallow_eval_during_startup`, with and without `nodejs_compat`, and asked over loopback.
// It also reaches a TCP echo server on this Node through connect() of cloudflare:sockets, and
// finds that the calls workerd has no facet for raise NotSupportedError.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import { serveWorkerd } from "../serve-workerd.js";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

const WORKER = `
import { run, taskGroup, timeout, Queue, sleep, createTask, TimeoutError, NotSupportedError, openConnection, startServer,
  createSubprocessExec, getRunningLoop, host } from "wasyncio";

function* worker(q, out, id) {
  for (;;) {
    const n = yield* q.get();
    if (n === null) { q.taskDone(); return; }
    yield* sleep(1);
    out.push(id + ":" + n * n);
    q.taskDone();
  }
}

function* main(echoPort) {
  const loop = getRunningLoop();
  const result = { host: loop._host.name };
  // tasks in a TaskGroup fed by a Queue
  const q = new Queue(2);
  const out = [];
  yield* taskGroup(function* (tg) {
    for (const id of ["a", "b"]) tg.createTask(worker(q, out, id));
    for (const n of [1, 2, 3, 4]) yield* q.put(n);
    yield* q.join();
    yield* q.put(null);
    yield* q.put(null);
  });
  result.squares = out.map((s) => Number(s.split(":")[1])).sort((x, y) => x - y);
  // a timeout that fires
  const t0 = loop.time();
  try {
    yield* timeout(20, function* () { yield* sleep(10_000); });
    result.timeout = "did not fire";
  } catch (e) {
    result.timeout = e instanceof TimeoutError ? "TimeoutError" : String(e);
  }
  result.timeoutMs = Math.round(loop.time() - t0);
  // a task's result
  result.task = yield* createTask(function* () { yield* sleep(1); return "done"; });
  // TCP through cloudflare:sockets to the test's echo server
  if (echoPort) {
    const [r, w] = yield* openConnection("127.0.0.1", echoPort);
    w.write(new TextEncoder().encode("over workerd\\n"));
    result.echo = new TextDecoder().decode(yield* r.readline());
    result.peer = w.getExtraInfo("peername");
    // 1 MiB each way, written faster than read (flow control pauses and resumes the socket's
    // reads), then EOF: the echo ends too, and read() returns everything up to it.
    const chunk = new Uint8Array(65536);
    for (let i = 0; i < chunk.length; i++) chunk[i] = i % 251;
    const reading = createTask(r.read(-1));
    for (let i = 0; i < 16; i++) { w.write(chunk); yield* w.drain(); }
    w.writeEof();
    const back = yield* reading;
    let sum = 0;
    for (let i = 0; i < back.length; i++) sum = (sum + back[i] * ((i % 7) + 1)) % 1000003;
    result.bulk = [back.length, sum, r.atEof()];
    w.close();
    yield* w.waitClosed();
  }
  // what workerd has no facet for
  const missing = {};
  for (const [name, call] of [["startServer", () => startServer(function* () {}, "127.0.0.1", 0)], ["createSubprocessExec", () => createSubprocessExec("sh")]]) {
    try { yield* call(); missing[name] = "ran"; } catch (e) { missing[name] = e instanceof NotSupportedError ? e.message : String(e); }
  }
  result.missing = missing;
  result.context = loop._host.context !== undefined;
  return result;
}

export default {
  async fetch(request) {
    const echoPort = Number(new URL(request.url).searchParams.get("echo") || 0);
    try {
      return Response.json(await run(main(echoPort)));
    } catch (e) {
      return new Response(String(e && e.stack || e), { status: 500 });
    }
  },
};
`;

let dir = "";
let workerd: ChildProcess | null = null;
let echo: Server | null = null;
let base = "";
let stderr = () => "";

beforeAll(async () => {
  expect(existsSync(join(ROOT, "dist/ts/entry/workerd.js")), "dist/ is built by `npm test` (or `npm run build`)").toBe(true);
  dir = mkdtempSync(join(tmpdir(), "wasyncio-workerd-"));
  // The Worker's project: its own node_modules/wasyncio is this package (as `npm install` links it).
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(ROOT, join(dir, "node_modules", "wasyncio"), "dir");
  writeFileSync(join(dir, "worker.js"), WORKER);
  await esbuild.build({
    entryPoints: [join(dir, "worker.js")],
    absWorkingDir: dir,
    bundle: true,
    format: "esm",
    platform: "neutral",
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["module", "main"],
    external: ["cloudflare:*", "node:*"],
    loader: { ".wasm": "copy" },
    assetNames: "[name]",
    outdir: join(dir, "out"),
    logLevel: "silent",
  });
  const wasm = readdirSync(join(dir, "out")).filter((f) => f.endsWith(".wasm"));
  const modules = [`(name = "worker.js", esModule = embed "worker.js")`, ...wasm.map((w) => `(name = "${w}", wasm = embed "${w}")`)].join(", ");
  echo = createServer((s) => {
    s.on("error", () => {});
    s.pipe(s);
  });
  await new Promise<void>((r) => echo!.listen(0, "127.0.0.1", r));
  const served = await serveWorkerd({
    cwd: join(dir, "out"),
    count: 2,
    prepare: ([port, port2]) =>
      writeFileSync(
        join(dir, "out", "config.capnp"),
        `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "compat", worker = (modules = [${modules}], compatibilityDate = "2025-09-01", compatibilityFlags = ["nodejs_compat", "disallow_eval_during_startup"])),
    (name = "plain", worker = (modules = [${modules}], compatibilityDate = "2025-09-01", compatibilityFlags = ["disallow_eval_during_startup"])),
    (name = "internet", network = (allow = ["local"])),
  ],
  sockets = [
    (name = "compat", address = "127.0.0.1:${port}", http = (), service = "compat"),
    (name = "plain", address = "127.0.0.1:${port2}", http = (), service = "plain"),
  ],
);
`,
      ),
    args: () => ["config.capnp"],
    probes: ([port, port2]) => [`http://127.0.0.1:${port2}/?probe`, `http://127.0.0.1:${port}/?probe`],
  });
  workerd = served.child;
  stderr = served.stderr;
  const [port, port2] = served.ports;
  base = `http://127.0.0.1:${port}/`;
  (globalThis as any).__plain = `http://127.0.0.1:${port2}/`;
}, 60_000);

afterAll(() => {
  workerd?.kill("SIGTERM");
  echo?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function ask(url: string): Promise<any> {
  const res = await fetch(url, { signal: AbortSignal.timeout(15_000) });
  const text = await res.text();
  if (!res.ok) throw new Error(`HTTP ${res.status}: ${text}\n${stderr()}`);
  return JSON.parse(text);
}

describe("the package on workerd (a bundled Worker importing 'wasyncio')", () => {
  it("runs tasks, a TaskGroup fed by a Queue, a timeout, and connects over TCP to 127.0.0.1 (nodejs_compat)", async () => {
    const port = (echo!.address() as { port: number }).port;
    const r = await ask(`${base}?echo=${port}`);
    expect(r.host).toBe("workerd");
    expect(r.squares).toEqual([1, 4, 9, 16]);
    expect(r.timeout).toBe("TimeoutError");
    expect(r.timeoutMs).toBeGreaterThanOrEqual(19);
    expect(r.timeoutMs).toBeLessThan(1000);
    expect(r.task).toBe("done");
    expect(r.echo).toBe("over workerd\n");
    expect(r.peer).toMatchObject({ port });
    let sum = 0;
    for (let i = 0; i < 16 * 65536; i++) sum = (sum + (i % 65536 % 251) * ((i % 7) + 1)) % 1000003;
    expect(r.bulk).toEqual([16 * 65536, sum, true]);
    expect(r.missing.startServer).toBe("createServer() needs the 'net.listen' facet, which the 'workerd' host does not have");
    expect(r.missing.createSubprocessExec).toMatch(/needs the 'process' facet, which the 'workerd' host does not have/);
    expect(r.context).toBe(true);
  });

  it("a second request runs on the same isolate (the core module and pooled instances are reused)", async () => {
    const r = await ask(base);
    expect(r.squares).toEqual([1, 4, 9, 16]);
    expect(r.timeout).toBe("TimeoutError");
  });

  it("loads and runs without nodejs_compat too: then there is no async context facet", async () => {
    const r = await ask((globalThis as any).__plain);
    expect(r.squares).toEqual([1, 4, 9, 16]);
    expect(r.timeout).toBe("TimeoutError");
    expect(r.context).toBe(false);
  });
});
