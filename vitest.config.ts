import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    exclude: ["tests/browser/**", "node_modules/**"],
    setupFiles: ["tests/setup.node.ts"],
    execArgv: ["--expose-gc"],
    testTimeout: 20000,
    hookTimeout: 20000,
  },
});
