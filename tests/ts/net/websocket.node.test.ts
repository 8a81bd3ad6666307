// websocket.node.test.ts: the WebSocket stream scenarios on Node with the `ws` package's client
// (Node 20 has no global WebSocket; opts.WebSocket takes any class with the standard interface).
import { describe, inject } from "vitest";
import { NodeWebSocket } from "./ws-echo-server.mjs";
import { webSocketCases } from "./websocket-cases.ts";

describe("openWebSocket with opts.WebSocket (the ws package's client)", () => {
  webSocketCases(() => inject("wsEchoUrl"), NodeWebSocket);
});
