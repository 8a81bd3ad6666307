// The browser suite: every host-neutral test file, run in real headless Chromium (Debian's
// `chromium` package) through Playwright. A test file is host-neutral when it imports no Node
// built-in module (node:*, fs, child_process, ...) and is not named *.node.test.ts; the rest
// run on Node only. The list is computed (scripts/host-neutral.mjs, shared with the contract
// runner for Deno, Bun and workerd) so no test is forgotten on either side.
import { defineConfig } from "vitest/config";
import { playwright } from "@vitest/browser-playwright";
import { existsSync } from "node:fs";
// @ts-expect-error: a plain .mjs script without types
import { hostNeutralTests } from "./scripts/host-neutral.mjs";
import { execFileSync } from "node:child_process";

const files: string[] = hostNeutralTests();

function chromiumPath(): string {
  for (const p of [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"]) if (p && existsSync(p)) return p;
  try {
    return execFileSync("which", ["chromium"], { encoding: "utf8" }).trim();
  } catch {
    throw new Error("The browser tests need Chromium: install Debian's `chromium` package (apt-get install -y chromium) or set CHROMIUM_PATH");
  }
}

export default defineConfig({
  test: {
    include: files,
    setupFiles: ["tests/setup.browser.ts"],
    testTimeout: 30000,
    hookTimeout: 30000,
    browser: {
      enabled: true,
      headless: true,
      provider: playwright({
        launchOptions: {
          executablePath: chromiumPath(),
          args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        },
      }),
      instances: [{ browser: "chromium" }],
    },
  },
});
