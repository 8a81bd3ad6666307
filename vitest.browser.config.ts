// The browser suite: every host-neutral test file, run in real headless Chromium (Debian's
// `chromium` package) through Playwright. A test file is host-neutral when it imports no Node
// built-in module (node:*, fs, child_process, ...) and is not named *.node.test.ts; the rest
// run on Node only. The list is computed here so no test is forgotten on either side.
import { defineConfig } from "vitest/config";
import { playwright } from "@vitest/browser-playwright";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { execFileSync } from "node:child_process";

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (p.endsWith(".test.ts")) out.push(p);
  }
  return out;
}

const nodeOnly = /from\s+["'](node:[^"']+|fs|path|os|child_process|worker_threads|net|tls|dgram|url)["']|\bimport\(["']node:/;
const relImport = /(?:from|import)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g;

/** True when the file, or a test helper it imports (transitively, within tests/), needs Node. */
function needsNode(file: string, seen = new Set<string>()): boolean {
  if (seen.has(file)) return false;
  seen.add(file);
  const src = readFileSync(file, "utf8");
  if (nodeOnly.test(src)) return true;
  for (const m of src.matchAll(relImport)) {
    let dep = join(dirname(file), m[1]);
    if (/^host\/node/.test(dep)) return true; // the Node adapter and its facets
    if (!dep.startsWith("tests")) continue; // the rest of the library is host-neutral by design
    if (dep.endsWith(".js")) dep = dep.slice(0, -3) + ".ts";
    if (!existsSync(dep) && existsSync(dep + ".ts")) dep += ".ts";
    if (existsSync(dep) && needsNode(dep, seen)) return true;
  }
  return false;
}

const files = walk("tests").filter((f) => !f.endsWith(".node.test.ts") && !needsNode(f));

import { chromiumPath } from "./scripts/chromium.mjs";

// The Chromium: $CHROMIUM_PATH, else the one inside the npm package @sparticuz/chromium, else a
// system one (scripts/chromium.mjs says why it fell back; WASYNCIO_NO_SYSTEM_CHROMIUM=1 forbids it).
const chromium = await chromiumPath();
console.log(`browser suite: Chromium from ${chromium.source} (${chromium.path})`);

export default defineConfig({
  test: {
    include: files,
    setupFiles: ["tests/setup.browser.ts"],
    globalSetup: ["tests/ts/net/ws-echo-server.mjs"], // a WebSocket echo server on 127.0.0.1 (inject("wsEchoUrl"))
    testTimeout: 30000,
    hookTimeout: 30000,
    browser: {
      enabled: true,
      headless: true,
      provider: playwright({
        launchOptions: {
          executablePath: chromium.path,
          ...(chromium.env.LD_LIBRARY_PATH ? { env: { ...process.env, ...chromium.env } as Record<string, string> } : {}),
          args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        },
      }),
      instances: [{ browser: "chromium" }],
    },
  },
});
