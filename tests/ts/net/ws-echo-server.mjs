// ws-echo-server.mjs: the WebSocket server the WebSocket stream tests talk to (the `ws`
// package on Node, 127.0.0.1 only). Used as a vitest globalSetup by both suites (its URL goes to
// the tests through provide/inject as "wsEchoUrl"), and started directly by the Node-only tests.
// Paths:
//   /echo            each message back, binary as binary, text as text
//   /text            first a text message "héllo wörld\n", then as /echo
//   /close-after?n=N echoes N messages, then closes cleanly (1000, "bye")
//   /bye             sends "bye" and closes cleanly at once (1000, "done")
//   /reset           drops the TCP connection (no close handshake) at the first message
//   /sink?stall=MS   reads nothing for MS ms, then counts the bytes of binary messages; a text
//                    message "count" is answered with the count so far (as text)
import { WebSocketServer, WebSocket } from "ws";

export { WebSocket as NodeWebSocket };

export async function startEchoServer() {
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0, maxPayload: 64 * 1024 * 1024 });
  await new Promise((ok, fail) => {
    wss.once("listening", ok);
    wss.once("error", fail);
  });
  wss.on("connection", (ws, req) => {
    const u = new URL(req.url ?? "/", "http://x");
    ws.on("error", () => {});
    switch (u.pathname) {
      case "/text":
        ws.send("héllo wörld\n");
        ws.on("message", (d, isBinary) => ws.send(d, { binary: isBinary }));
        break;
      case "/close-after": {
        let n = Number(u.searchParams.get("n") ?? 1);
        ws.on("message", (d, isBinary) => {
          if (n <= 0) return;
          ws.send(d, { binary: isBinary });
          if (--n === 0) ws.close(1000, "bye");
        });
        break;
      }
      case "/bye":
        ws.send("bye");
        ws.close(1000, "done");
        break;
      case "/reset":
        ws.on("message", () => ws.terminate());
        break;
      case "/sink": {
        const stall = Math.min(5000, Number(u.searchParams.get("stall") ?? 0));
        let count = 0;
        const sock = ws._socket;
        sock.pause();
        const t = setTimeout(() => sock.resume(), stall);
        ws.on("close", () => clearTimeout(t));
        ws.on("message", (d, isBinary) => {
          if (isBinary) count += d.length;
          else if (String(d) === "count") ws.send(String(count));
        });
        break;
      }
      default:
        ws.on("message", (d, isBinary) => ws.send(d, { binary: isBinary }));
    }
  });
  const { port } = wss.address();
  return {
    url: `ws://127.0.0.1:${port}`,
    close: () =>
      new Promise((ok) => {
        for (const c of wss.clients) c.terminate();
        wss.close(() => ok());
      }),
  };
}

/** vitest globalSetup: one server for the run, its URL provided as "wsEchoUrl". */
export default async function setup(project) {
  const server = await startEchoServer();
  project.provide("wsEchoUrl", server.url);
  return () => server.close();
}
