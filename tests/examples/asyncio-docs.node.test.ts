// asyncio-docs.node.test.ts: every port in examples/asyncio-docs/ (run with Node on the built
// package, as a user runs it) prints what its original in ./asyncio-docs/python/ prints under
// CPython 3.13 (`PYENV_VERSION=3.13.0 python3`). Both sides get the same ASYNCIO_DOCS_SCALE (the
// docs' seconds times 0.05) and the same free port; lines that depend on time (clock readings,
// dates, measured durations, random bytes, ephemeral ports, completion order of near-simultaneous
// jobs) are normalised per example, each normaliser named below. The two programs of an example
// run at the same time. Needs dist/ (npm test builds it first).
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createServer as createNetServer } from "node:net";
import { createServer as createHttpServer, type Server as HttpServer } from "node:http";
import { createSocket } from "node:dgram";
import { existsSync, readdirSync } from "node:fs";

const JS = "examples/asyncio-docs/";
const PY = "tests/examples/asyncio-docs/python/";
const SCALE = "0.05";
const env = { ...process.env, ASYNCIO_DOCS_SCALE: SCALE, PYENV_VERSION: "3.13.0", PYTHONDONTWRITEBYTECODE: "1" };

interface Out {
  stdout: string;
  code: number | null;
}

function start(side: "js" | "py", name: string, args: string[], scale = SCALE): ChildProcess {
  const e = { ...env, ASYNCIO_DOCS_SCALE: scale };
  return side === "js"
    ? spawn(process.execPath, [`${JS}${name}.mjs`, ...args], { env: e, stdio: ["ignore", "pipe", "pipe"] })
    : spawn("python3", [`${PY}${name.replaceAll("-", "_")}.py`, ...args], { env: e, stdio: ["ignore", "pipe", "pipe"] });
}

function finish(p: ChildProcess, ms = 15000): Promise<Out & { stderr: string }> {
  return new Promise((resolve, reject) => {
    let stdout = "", stderr = "";
    p.stdout!.on("data", (d) => (stdout += d));
    p.stderr!.on("data", (d) => (stderr += d));
    const t = setTimeout(() => {
      p.kill("SIGKILL");
      reject(new Error(`${p.spawnargs.join(" ")} did not exit within ${ms} ms; stdout so far:\n${stdout}\nstderr:\n${stderr}`));
    }, ms);
    p.on("close", (code) => {
      clearTimeout(t);
      resolve({ stdout, stderr, code });
    });
  });
}

/** Runs the port and the original side by side. */
async function both(name: string, args: string[] = [], scale = SCALE) {
  const [js, py] = await Promise.all([finish(start("js", name, args, scale)), finish(start("py", name, args, scale))]);
  return { js, py };
}

/** A process that serves until killed: resolves once its stdout matches `ready`. */
function serve(side: "js" | "py", name: string, args: string[], ready: RegExp) {
  const p = start(side, name, args);
  let out = "";
  const done = finish(p);
  const up = new Promise<void>((resolve, reject) => {
    p.stdout!.on("data", (d) => {
      out += d;
      if (ready.test(out)) resolve();
    });
    done.then((r) => reject(new Error(`${name} (${side}) exited before it was ready: ${r.code}\n${r.stdout}\n${r.stderr}`)), reject);
  });
  return { up, stop: async () => { p.kill("SIGTERM"); return done; } };
}

function freePort(kind: "tcp" | "udp"): Promise<number> {
  return new Promise((resolve, reject) => {
    if (kind === "tcp") {
      const s = createNetServer();
      s.on("error", reject);
      s.listen(0, "127.0.0.1", () => {
        const { port } = s.address() as { port: number };
        s.close(() => resolve(port));
      });
    } else {
      const s = createSocket("udp4");
      s.on("error", reject);
      s.bind(0, "127.0.0.1", () => {
        const { port } = s.address();
        s.close(() => resolve(port));
      });
    }
  });
}

// The normalisers, each for what varies from run to run in the examples that use it.
type Norm = (s: string) => string;
const clock: Norm = (s) => s.replace(/\b\d\d:\d\d:\d\d\b/g, "HH:MM:SS");
const datetime: Norm = (s) => s.replace(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{6})?/g, "<datetime>");
/** The number of dates printed in five "seconds" depends on how late each timer fired. */
const datetimeRun: Norm = (s) => datetime(s).replace(/(<datetime>\n)+/g, "<datetime>...\n");
const barrierRepr: Norm = (s) => s.replace(/<asyncio\.locks\.Barrier object at 0x[0-9a-f]+ /g, "<Barrier ");
const ephemeralPort: Norm = (s) => s.replace(/\('127\.0\.0\.1', \d+\)/g, "('127.0.0.1', PORT)");
const randomBytes: Norm = (s) => s.replace(/b(['"]).*\1$/gm, "<100 random bytes>");
/**
 * Which worker gets which item, and the order of jobs ending within a few ms of each other, vary
 * from run to run; what stays is the set of items slept on. The elapsed time is measured.
 */
const queueWorkers: Norm = (s) => {
  const [work, summary] = s.split("====\n");
  const items = work.split("\n").filter(Boolean).map((l) => l.replace(/^worker-\d+/, "worker-N")).sort();
  return `${items.join("\n")}\n====\n${summary.replace(/for [\d.]+ seconds/, "for N seconds")}`;
};
const same: Norm = (s) => s;

/**
 * name (the .mjs; the .py is the same with underscores), normaliser, what the output must show,
 * and the scale where the output depends on which of two timers fires first: there the gap
 * between them must outlast a stall of the loaded machine (0.2: 100 ms and more).
 */
const programs: [string, Norm, RegExp, string?][] = [
  ["hello-world", same, /^Hello \.\.\.\n\.\.\. World!\n$/],
  ["awaitables", same, /^42\n42\n$/],
  ["say-after-sequential", clock, /started at HH:MM:SS\nhello\nworld\nfinished at/],
  ["say-after-tasks", clock, /started at HH:MM:SS\nhello\nworld\nfinished at/],
  ["say-after-taskgroup", clock, /started at HH:MM:SS\nhello\nworld\nfinished at/],
  ["taskgroup-terminate", same, /^Task 1: start\nTask 2: start\nTask 1: done\n$/, "0.2"],
  ["display-date", datetimeRun, /^<datetime>\.\.\.\n$/],
  ["gather-factorial", same, /Task C: factorial\(4\) = 24\n\[2, 6, 24\]\n$/],
  ["shield", same, /caller: cancelled, something\(\) goes on\ncaller returned None\nsomething\(\) finished\ninner result: result\n/, "0.2"],
  ["cancel-me", same, /cancel_me\(\): cancel sleep\ncancel_me\(\): after sleep\nmain\(\): cancel_me is cancelled now/],
  ["timeout", same, /timed out, but we've handled it\.\nThis statement will run regardless\./],
  ["timeout-reschedule", same, /^Looks like we haven't finished on time\.\n$/],
  ["timeout-at", same, /timed out, but we've handled it\./],
  ["wait-for", same, /^timeout!\n$/],
  ["wait", same, /after the timeout, done: \['fast', 'slow'\] pending: \['slower'\]/, "0.2"],
  ["as-completed", same, /earliest: a\nearliest: b\nearliest: c\ntask done: y True\ntask done: z True/, "0.2"],
  ["to-thread", clock, /started main at HH:MM:SS\nstart blocking_io at HH:MM:SS\nblocking_io complete at HH:MM:SS\nfinished main/],
  ["queue-workers", queueWorkers, /worker-N has slept for 0\.95 seconds[^]*====\n3 workers slept in parallel for N seconds\ntotal expected sleep time: 10\.31 seconds/],
  ["lock", same, /task-2 wrote 3\ncount: 3 locked: False/],
  ["event", same, /^waiting for it \.\.\.\n\.\.\. got it!\n$/],
  ["condition", same, /consumer-0 took first\nconsumer-1 took second\nconsumer-2 took third\nleft: \[\]/],
  ["semaphore", same, /job 2 enters, inside: \[1, 2\]/, "0.2"],
  ["barrier", barrierRepr, /\[filling, waiters:2\/3\]>\n<Barrier \[draining, waiters:0\/3\]>\nbarrier passed\n/],
  ["run-in-executor", randomBytes, /default thread pool <100 random bytes>\ncustom thread pool <100 random bytes>\ncustom process pool 333332833333500000\n/],
  ["subprocess-shell", same, /^\['ls \/zzz' exited with [1-9]\d*\]\n\[stderr\]\n/],
  ["subprocess-gather", same, /\[stdout\]\nhello\n/],
  ["subprocess-date", datetime, /^Current date: <datetime>\n$/],
  ["call-soon-hello", same, /^Hello World\n$/],
  ["call-later-date", datetimeRun, /^<datetime>\.\.\.\n$/],
];

beforeAll(() => {
  expect(existsSync("dist/ts/entry/node.js"), "dist/ is built by `npm test` (or `npm run build`)").toBe(true);
  const r = spawnSync("python3", ["-c", "import sys; print('%d.%d' % sys.version_info[:2])"], { env, encoding: "utf8" });
  expect(r.stdout?.trim(), `PYENV_VERSION=3.13.0 python3 must be CPython 3.13 (${r.error?.message ?? r.stderr})`).toBe("3.13");
});

const networked = ["tcp-echo-server-streams", "tcp-echo-client-streams", "tcp-echo-server-protocol", "tcp-echo-client-protocol", "udp-echo-server-protocol", "udp-echo-client-protocol", "http-headers", "signals"];
const helpers = ["pydate", "workers"]; // imported by the examples, not examples themselves

it("every port in examples/asyncio-docs/ is checked here and has its Python original", () => {
  const ports = readdirSync(JS).filter((f) => f.endsWith(".mjs")).map((f) => f.slice(0, -4)).filter((n) => !helpers.includes(n));
  const checked = [...programs.map(([n]) => n), ...networked];
  expect(ports.sort()).toEqual([...checked].sort());
  for (const n of ports) expect(existsSync(`${PY}${n.replaceAll("-", "_")}.py`), n).toBe(true);
});

describe.concurrent("asyncio's documentation examples: the port prints what CPython 3.13 prints", () => {
  for (const [name, norm, shows, scale] of programs) {
    it(name, async () => {
      const { js, py } = await both(name, [], scale);
      expect(py.code, `the Python original failed:\n${py.stderr}`).toBe(0);
      expect(js.code, `the port failed:\n${js.stderr}`).toBe(0);
      expect(js.stderr).toBe("");
      const want = norm(py.stdout);
      expect(want).toMatch(shows); // the normaliser leaves what the example is about
      expect(norm(js.stdout)).toBe(want);
    });
  }
});

describe("asyncio's network examples on 127.0.0.1, each pair on a free port", () => {
  const pair = (server: string, client: string, kind: "tcp" | "udp", ready: RegExp, shows: RegExp) =>
    it(`${server} + ${client}`, async () => {
      const outs: Record<string, { server: string; client: string }> = {};
      await Promise.all((["js", "py"] as const).map(async (side) => {
        const port = String(await freePort(kind));
        const srv = serve(side, server, [port], ready);
        try {
          await srv.up;
          const c = await finish(start(side, client, [port]));
          expect(c.code, `${client} (${side}) failed:\n${c.stderr}`).toBe(0);
          const s = await srv.stop();
          outs[side] = { server: ephemeralPort(s.stdout.replaceAll(port, "PORT")), client: c.stdout };
        } finally {
          await srv.stop();
        }
      }));
      expect(outs.py.server + outs.py.client).toMatch(shows);
      expect(outs.js).toEqual(outs.py);
    });

  pair("tcp-echo-server-streams", "tcp-echo-client-streams", "tcp", /Serving on/, /Received 'Hello World!' from \('127\.0\.0\.1', PORT\)[^]*Received: 'Hello World!'\nClose the connection\n$/);
  pair("tcp-echo-server-protocol", "tcp-echo-client-protocol", "tcp", /Serving/, /Data received: 'Hello World!'\nSend: 'Hello World!'\nClose the client socket\n[^]*The server closed the connection\n$/);
  pair("udp-echo-server-protocol", "udp-echo-client-protocol", "udp", /Listening/, /Send 'Hello World!' to \('127\.0\.0\.1', PORT\)\nSend: Hello World!\nReceived: Hello World!\nClose the socket\nConnection closed\n$/);

  let http: HttpServer;
  let url = "";
  beforeAll(async () => {
    // A local server whose headers do not change between requests (no Date).
    http = createHttpServer((req, res) => {
      res.sendDate = false;
      res.setHeader("Content-Type", "text/plain");
      res.end(`${req.method} ${req.url}\n`);
    });
    await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(http.address() as { port: number }).port}/some/path`;
  });
  afterAll(() => new Promise<void>((r) => http.close(() => r())));

  it("http-headers (HEAD over a stream, against a local server)", async () => {
    const { js, py } = await both("http-headers", [url]);
    expect(py.code, py.stderr).toBe(0);
    expect(js.code, js.stderr).toBe(0);
    expect(py.stdout).toMatch(/^HTTP header> HTTP\/1\.1 200 OK\nHTTP header> Content-Type: text\/plain\n/);
    expect(js.stdout).toBe(py.stdout);
  });

  it("signals: SIGTERM runs the handler, which stops the loop; run() then fails as asyncio.run() does", async () => {
    const outs = await Promise.all((["js", "py"] as const).map(async (side) => {
      const srv = serve(side, "signals", [], /send SIGINT or SIGTERM to exit\.\n/);
      await srv.up;
      const r = await srv.stop(); // SIGTERM
      return { stdout: r.stdout.replace(/pid \d+/, "pid N"), code: r.code, error: /RuntimeError: Event loop stopped before Future completed/.test(r.stderr) };
    }));
    expect(outs[1]).toEqual({ stdout: expect.stringMatching(/pid N: send SIGINT or SIGTERM to exit\.\ngot signal SIGTERM: exit\n$/), code: 1, error: true });
    expect(outs[0]).toEqual(outs[1]);
  });
});
