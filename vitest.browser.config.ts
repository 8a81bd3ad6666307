// The browser suite: every host-neutral test file, run in real headless Chromium (Debian's
// `chromium` package) through Playwright. A test file is host-neutral when it imports no Node
// built-in module (node:*, fs, child_process, ...) and is not named *.node.test.ts; the rest
// run on Node only. The list is computed (scripts/host-neutral.mjs, shared with the contract
// runner for Deno, Bun and workerd) so no test is forgotten on either side.
import { defineConfig } from "vitest/config";
import { playwright } from "@vitest/browser-playwright";
// @ts-expect-error: a plain .mjs script without types
import { hostNeutralTests } from "./scripts/host-neutral.mjs";

const files: string[] = hostNeutralTests();

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
