// page.node.test.ts: wasyncio in a real page, as README's "Use it in a page" tells: the built
// package (dist/) bundled by esbuild and by `vite build`, served from 127.0.0.1 and opened in
// headless Chromium (scripts/chromium.mjs): run() on the browser host with the core.wasm bytes
// embedded, toThread on a module Web Worker (esbuild: browser-worker.js copied next to the
// bundle; Vite: found by its `new Worker(new URL(...))` and emitted as an asset), openWebSocket
// against the test echo server, and run(main, { signal }) cancelled by an AbortController.
// esbuild is vite's own dependency (the project has no direct one).

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, type Server } from "node:http";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { extname, join, resolve } from "node:path";
import { inject } from "vitest";
import { chromium, type Browser } from "playwright-core";
// @ts-ignore: plain-JS module of the scripts folder
import { chromiumPath } from "../../../scripts/chromium.mjs";

const ROOT = resolve(import.meta.dirname ?? new URL(".", import.meta.url).pathname, "../../..");

const MAIN = `
import { run, sleep, toThread, openWebSocket, getRunningLoop } from "wasyncio";
const ws = new URLSearchParams(location.search).get("ws");
const dec = new TextDecoder();
window.result = (async () => {
  const first = await run(function* () {
    const host = getRunningLoop()._host.name;
    const n = yield* toThread(new URL("./work.js", location.href), "square", 7);
    const [r, w] = yield* openWebSocket(ws + "/echo");
    w.write("hi\\n");
    const line = dec.decode(yield* r.readline());
    w.close();
    yield* w.waitClosed();
    return { host, n, line };
  });
  const ac = new AbortController();
  setTimeout(() => ac.abort("page says stop"), 20);
  const aborted = await run(function* () { yield* sleep(60000); }, { signal: ac.signal }).then(() => "not aborted", (e) => e.name + ": " + e.message);
  return JSON.stringify({ ...first, aborted });
})().catch((e) => "ERR " + (e && e.stack || e));
`;

let dir = "";
let browser: Browser | null = null;

function serve(root: string): Promise<Server> {
  const srv = createServer((req, res) => {
    const path = join(root, new URL(req.url ?? "/", "http://x").pathname.replace(/\/$/, "/index.html"));
    if (!path.startsWith(root) || !existsSync(path)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": extname(path) === ".html" ? "text/html" : "text/javascript" }).end(readFileSync(path));
  });
  return new Promise((ok) => srv.listen(0, "127.0.0.1", () => ok(srv)));
}

async function openPage(root: string): Promise<string> {
  const srv = await serve(root);
  const page = await browser!.newPage();
  try {
    const port = (srv.address() as { port: number }).port;
    await page.goto(`http://127.0.0.1:${port}/?ws=${encodeURIComponent(inject("wsEchoUrl"))}`);
    return await page.evaluate(() => (window as any).result);
  } finally {
    await page.close();
    srv.close();
  }
}

const EXPECTED = { host: "browser", n: 49, line: "hi\n", aborted: "CancelledError: page says stop" };

describe("wasyncio bundled into a page", () => {
  beforeAll(async () => {
    expect(existsSync(join(ROOT, "dist/host/browser-worker.js")), "dist/ is built by `npm test` (or `npm run build`)").toBe(true);
    dir = mkdtempSync(join(tmpdir(), "wasyncio-page-"));
    mkdirSync(join(dir, "node_modules"));
    symlinkSync(ROOT, join(dir, "node_modules", "wasyncio"));
    mkdirSync(join(dir, "public"));
    writeFileSync(join(dir, "main.js"), MAIN);
    writeFileSync(join(dir, "public", "work.js"), "export function square(x) { return x * x; }\n");
    writeFileSync(join(dir, "index.html"), '<!doctype html><meta charset="utf-8"><script type="module" src="./main.js"></script>\n');
    const c = await chromiumPath({ log: () => {} });
    browser = await chromium.launch({ executablePath: c.path, env: { ...process.env, ...c.env } as Record<string, string>, args: ["--no-sandbox", "--disable-gpu", "--no-first-run"] });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("esbuild --bundle --platform=browser, with browser-worker.js copied next to the bundle", async () => {
    const esbuild = await import("esbuild");
    const out = join(dir, "out-esbuild");
    await esbuild.build({ entryPoints: [join(dir, "main.js")], bundle: true, format: "esm", platform: "browser", outdir: out, logLevel: "silent", absWorkingDir: dir });
    copyFileSync(join(dir, "index.html"), join(out, "index.html"));
    copyFileSync(join(dir, "public", "work.js"), join(out, "work.js"));
    copyFileSync(join(dir, "node_modules/wasyncio/dist/host/browser-worker.js"), join(out, "browser-worker.js"));
    expect(JSON.parse(await openPage(out))).toEqual(EXPECTED);
  }, 60_000);

  it("vite build: the worker script is found and emitted by Vite itself", async () => {
    const { build } = await import("vite");
    const out = join(dir, "out-vite");
    await build({ root: dir, configFile: false, logLevel: "silent", build: { outDir: out, emptyOutDir: true } });
    expect(JSON.parse(await openPage(out))).toEqual(EXPECTED);
  }, 60_000);
});
