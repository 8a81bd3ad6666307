import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    exclude: ["tests/browser/**", "node_modules/**"],
    setupFiles: ["tests/setup.node.ts"],
    globalSetup: ["tests/ts/net/ws-echo-server.mjs"], // a WebSocket echo server on 127.0.0.1 (inject("wsEchoUrl"))
    execArgv: ["--expose-gc"],
    testTimeout: 20000,
    hookTimeout: 20000,
  },
});
