// datagram.test.ts: loop.createDatagramEndpoint with a DatagramProtocol (ts/net/datagram.ts) over
// UDP on 127.0.0.1: round trips, connected endpoints, errors, close.

import { describe, expect, it } from "vitest";
import { run, sleep, getRunningLoop, type DatagramProtocol, type DatagramTransport, type SockAddr } from "../../../ts/index.js";
import { b, s } from "../io-helpers.js";

describe("UDP", () => {
  it("an echo endpoint answers 100 datagrams from a client endpoint", async () => {
    const out = await run(function* () {
      const loop = getRunningLoop();
      const serverLog: string[] = [];
      let st!: DatagramTransport;
      const [server] = yield* loop.createDatagramEndpoint(
        () => ({
          connectionMade(t: DatagramTransport) {
            st = t;
            serverLog.push("CM");
          },
          datagramReceived(d: Uint8Array, addr: SockAddr) {
            st.sendto(d, addr);
          },
        }),
        { localAddr: ["127.0.0.1", 0] },
      );
      const port = (server.getExtraInfo("sockname") as SockAddr).port;
      const got: string[] = [];
      const all = loop.createFuture<void>();
      const [client] = yield* loop.createDatagramEndpoint(
        () =>
          ({
            datagramReceived(d: Uint8Array) {
              got.push(s(d));
              if (got.length === 100) all.setResult();
            },
          }) satisfies DatagramProtocol,
        { remoteAddr: { address: "127.0.0.1", port } },
      );
      for (let i = 0; i < 100; i++) {
        client.sendto(`msg ${i}`);
        if (i % 10 === 9) yield* sleep(1);
      }
      yield* all;
      let invalid = false;
      try {
        client.sendto("x", { address: "127.0.0.1", port: port + 1 });
      } catch (e) {
        invalid = e instanceof RangeError;
      }
      const lost = loop.createFuture<Error | null>();
      client.setProtocol({ connectionLost: (e) => lost.setResult(e) });
      client.close();
      const closedWith = yield* lost;
      server.close();
      return { n: got.length, first: got[0], last: got[99], serverLog, invalid, closedWith, closing: client.isClosing() };
    });
    expect(out).toEqual({ n: 100, first: "msg 0", last: "msg 99", serverLog: ["CM"], invalid: true, closedWith: null, closing: true });
  });

  it("sending to a closed port reports errorReceived (ECONNREFUSED) and the endpoint stays open", async () => {
    const out = await run(function* () {
      const loop = getRunningLoop();
      // A port nobody listens on: bind one and close it.
      const [tmp] = yield* loop.createDatagramEndpoint(() => ({}), { localAddr: ["127.0.0.1", 0] });
      const port = (tmp.getExtraInfo("sockname") as SockAddr).port;
      tmp.close();
      yield* sleep(5);
      const errors: string[] = [];
      const [c] = yield* loop.createDatagramEndpoint(() => ({ errorReceived: (e: Error) => void errors.push((e as any).code) }), {
        remoteAddr: ["127.0.0.1", port],
      });
      for (let i = 0; i < 5 && errors.length === 0; i++) {
        c.sendto(b("ping"));
        yield* sleep(10);
      }
      const open = !c.isClosing();
      c.close();
      return { refused: errors.includes("ECONNREFUSED"), open };
    });
    expect(out).toEqual({ refused: true, open: true });
  });

  it("sendto() without an address on an unconnected endpoint is a TypeError", async () => {
    await run(function* () {
      const loop = getRunningLoop();
      const [t] = yield* loop.createDatagramEndpoint(() => ({}), { localAddr: ["127.0.0.1", 0] });
      expect(() => t.sendto("x")).toThrow(TypeError);
      t.close();
    });
  });
});
