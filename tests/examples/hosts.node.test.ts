// hosts.node.test.ts: examples/hosts/, each run on its real host as its README tells a user to:
// deno.ts by the `deno` binary and bun.mjs by the `bun` binary (both from their npm packages,
// scripts/runtimes.mjs; "wasyncio" resolves to the built package by self-reference), worker.mjs
// bundled by esbuild with the workerd condition and served by the `workerd` binary with
// worker.capnp, and page.html + page.mjs bundled for the browser, served from 127.0.0.1 and
// opened in the browser suite's headless Chromium (scripts/chromium.mjs). Loopback only; each
// output is checked whole. A runtime that cannot start here fails its test with the reason.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnSync, type ChildProcess } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer as createHttpServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { extname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import { chromium, type Browser } from "playwright-core";
// @ts-expect-error: a plain .mjs script without types
import { runtime } from "../../scripts/runtimes.mjs";
import { serveWorkerd } from "../ts/serve-workerd.js";
// @ts-expect-error: a plain .mjs script without types
import { chromiumPath } from "../../scripts/chromium.mjs";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const EX = join(ROOT, "examples/hosts");

let dir = "";
beforeAll(() => {
  expect(existsSync(join(ROOT, "dist/ts/entry/deno.js")), "dist/ is built by `npm test` (or `npm run build`)").toBe(true);
  dir = mkdtempSync(join(tmpdir(), "wasyncio-hosts-"));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Runs `bin args` in the repository (bounded) and returns its stdout, or fails with what it said. */
function runOn(bin: string, args: string[]): string {
  const r = spawnSync(bin, args, { cwd: ROOT, encoding: "utf8", timeout: 30_000, env: { ...process.env, NO_COLOR: "1" } });
  if (r.error || r.status !== 0) throw new Error(`${bin} ${args.join(" ")}: ${r.error ?? `exit ${r.status} ${r.signal ?? ""}`}\n${r.stderr}`);
  return r.stdout;
}


describe("examples/hosts", () => {
  it("deno.ts on Deno, with only the permissions its header names: six answers and one timeout", () => {
    const out = runOn(runtime("deno"), [
      "run",
      "--allow-net=127.0.0.1",
      "--allow-env=WASYNCIO_DEBUG,WASYNCIO_CORE_DEBUG,WASYNCIO_TRACE,WASYNCIO_INSPECT",
      "examples/hosts/deno.ts",
    ]);
    expect(out).toBe(
      [
        "asyncio    -> ASYNCIO",
        "slow       -> (timed out after 2 s)",
        "deno       -> DENO",
        "wasm       -> WASM",
        "generators -> GENERATORS",
        "queues     -> QUEUES",
        "timeouts   -> TIMEOUTS",
        "7 jobs, 3 workers, 1 timed out",
        "",
      ].join("\n"),
    );
  }, 40_000);

  it("bun.mjs on Bun: five children counted two at a time, the sixth killed after its timeout", () => {
    const out = runOn(runtime("bun"), ["examples/hosts/bun.mjs"]);
    expect(out).toBe(
      [
        "child 1: the 4, loop 2 (exit 0)",
        "child 2: queue 2, workers 2 (exit 0)",
        "child 3: cancel 2, cleans 1 (exit 0)",
        "child 4: bun 4, children 1 (exit 0)",
        "child 5: one 3, answer 1 (exit 0)",
        "child 6: no answer in 3 s, killed: exit -9",
        "6 children, at most 2 at once",
        "",
      ].join("\n"),
    );
  }, 40_000);

  describe("worker.mjs on workerd (bundled by esbuild, served with worker.capnp)", () => {
    let workerd: ChildProcess | null = null;
    let base = "";
    let stderr = () => "";
    beforeAll(async () => {
      const w = join(dir, "workerd");
      // The README's esbuild command, as the API.
      await esbuild.build({
        entryPoints: [join(EX, "worker.mjs")],
        bundle: true,
        format: "esm",
        platform: "neutral",
        conditions: ["workerd", "worker", "browser"],
        mainFields: ["module", "main"],
        external: ["cloudflare:*", "node:*"],
        loader: { ".wasm": "copy" },
        assetNames: "[name]",
        outdir: join(w, "out"),
        logLevel: "silent",
      });
      for (const f of ["worker.capnp", "worker-backend.mjs"]) copyFileSync(join(EX, f), join(w, f));
      const served = await serveWorkerd({
        cwd: w,
        count: 1,
        args: ([port]) => ["worker.capnp", `--socket-addr=http=127.0.0.1:${port}`],
        probes: ([port]) => [`http://127.0.0.1:${port}/`],
        probeTries: 150,
      });
      workerd = served.child;
      stderr = served.stderr;
      base = `http://127.0.0.1:${served.ports[0]}`;
    }, 40_000);
    afterAll(() => {
      workerd?.kill("SIGTERM");
    });

    async function ask(query: string): Promise<[number, unknown]> {
      const res = await fetch(`${base}/quote?items=${query}`, { signal: AbortSignal.timeout(15_000) });
      const text = await res.text();
      try {
        return [res.status, JSON.parse(text)];
      } catch {
        throw new Error(`HTTP ${res.status}: ${text}\n${stderr()}`);
      }
    }

    it("fans out, sums what answered, reports the item that timed out", async () => {
      expect(await ask("apple,slow,pear,fig,plum")).toEqual([
        200,
        {
          quotes: [
            { item: "apple", price: 3 },
            { item: "slow", error: "no answer in 1 s" },
            { item: "pear", price: 4 },
            { item: "fig", price: 7 },
            { item: "plum", price: 2 },
          ],
          total: 16,
          missing: ["slow"],
        },
      ]);
    });

    it("a subrequest that fails cancels its siblings: 502 with that one error", async () => {
      expect(await ask("apple,nope,slow")).toEqual([502, { errors: ["nope: HTTP 404"] }]);
    });
  });

  describe("page.html + page.mjs in headless Chromium (bundled by esbuild)", () => {
    let browser: Browser | null = null;
    let server: Server | null = null;
    let base = "";
    beforeAll(async () => {
      const out = join(dir, "page");
      await esbuild.build({ entryPoints: [join(EX, "page.mjs")], bundle: true, format: "esm", platform: "browser", outdir: out, absWorkingDir: ROOT, logLevel: "silent" });
      for (const f of ["page.html", "page-work.mjs"]) copyFileSync(join(EX, f), join(out, f));
      copyFileSync(join(ROOT, "dist/host/browser-worker.js"), join(out, "browser-worker.js"));
      server = createHttpServer((req, res) => {
        const path = resolve(out, "." + new URL(req.url ?? "/", "http://x").pathname);
        if (!path.startsWith(out) || !existsSync(path)) return void res.writeHead(404).end();
        res.writeHead(200, { "content-type": extname(path) === ".html" ? "text/html" : "text/javascript" }).end(readFileSync(path));
      });
      await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
      base = `http://127.0.0.1:${(server.address() as { port: number }).port}/page.html`;
      const c = await chromiumPath({ log: () => {} });
      browser = await chromium.launch({ executablePath: c.path, env: { ...process.env, ...c.env } as Record<string, string>, args: ["--no-sandbox", "--disable-gpu", "--no-first-run"] });
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
      server?.close();
    });

    /** Opens the page, optionally clicks Stop once it has started, and returns its log and progress. */
    async function open(query: string, clickStop = false): Promise<{ log: string; progress: number; errors: string[] }> {
      const page = await browser!.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      try {
        await page.goto(base + query);
        if (clickStop) {
          await page.waitForFunction(() => document.getElementById("log")!.textContent!.length > 0, null, { timeout: 15_000 });
          await page.click("#stop");
        }
        await page.waitForFunction(() => document.getElementById("status")!.textContent === "finished", null, { timeout: 30_000 });
        return {
          log: (await page.textContent("#log"))!,
          progress: await page.evaluate(() => (document.getElementById("progress") as HTMLProgressElement).value),
          errors,
        };
      } finally {
        await page.close();
      }
    }

    it("counts the primes below 10^6 in Web Workers, the progress bar full", async () => {
      expect(await open("")).toEqual({
        log: "counting primes below 1000000 in 8 ranges, 2 at a time, within 20000 ms\n78498 primes below 1000000\n",
        progress: 1,
        errors: [],
      });
    }, 60_000);

    it("a budget too short: the timeout gives up", async () => {
      const r = await open("?budget=1");
      expect(r.log).toBe("counting primes below 1000000 in 8 ranges, 2 at a time, within 1 ms\ngave up: the budget of 1 ms ran out\n");
      expect(r.errors).toEqual([]);
    }, 60_000);

    it("the Stop button cancels run() through its AbortSignal", async () => {
      const r = await open("?below=20000000", true);
      expect(r.log).toBe("counting primes below 20000000 in 8 ranges, 2 at a time, within 20000 ms\ncancelled: stopped by the Stop button\n");
      expect(r.errors).toEqual([]);
    }, 60_000);
  });
});
