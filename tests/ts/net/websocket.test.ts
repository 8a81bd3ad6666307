// websocket.test.ts: openWebSocket's streams on the host's own WebSocket (Chromium; Node 22+,
// Deno, Bun), against the echo server the run starts on 127.0.0.1 (ws-echo-server.mjs, a
// globalSetup; its URL comes through inject). Where the host has no WebSocket (Node 20), the
// call is a NotSupportedError naming the host and the 'websocket' capability.

import { describe, expect, inject, it } from "vitest";
import { NotSupportedError, openWebSocket, run } from "../../../ts/index.ts";
import { webSocketCases } from "./websocket-cases.ts";

declare module "vitest" {
  export interface ProvidedContext {
    wsEchoUrl: string;
  }
}

const hasWebSocket = typeof (globalThis as { WebSocket?: unknown }).WebSocket === "function";

describe.runIf(hasWebSocket)("openWebSocket on the host's WebSocket", () => {
  webSocketCases(() => inject("wsEchoUrl"));
});

describe.runIf(!hasWebSocket)("a host without WebSocket", () => {
  it("openWebSocket raises NotSupportedError naming the host and 'websocket'", async () => {
    const err: any = await run(function* () { return yield* openWebSocket("ws://127.0.0.1:9/"); }).catch((e) => e);
    expect(err).toBeInstanceOf(NotSupportedError);
    expect(err.facet).toBe("websocket");
    expect(typeof err.host).toBe("string");
    expect(err.message).toMatch(/websocket/);
  });
});
