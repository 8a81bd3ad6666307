// websocket-cases.ts: the WebSocket stream scenarios (ts/net/websocket.ts), run against the echo
// server of ws-echo-server.mjs: in Chromium and wherever the host has a global WebSocket
// (websocket.test.ts), and on Node with the `ws` package's client (websocket.node.test.ts).

import { expect, it } from "vitest";
import {
  CancelledError, TimeoutError, createTask, createWebSocketConnection, getRunningLoop, openWebSocket, run, sleep, waitFor,
  type Protocol, type Transport, type WebSocketConstructor,
} from "../../../ts/index.ts";

const enc = new TextEncoder();
const dec = new TextDecoder();

export function webSocketCases(base: () => string, WebSocket?: WebSocketConstructor): void {
  const opts = WebSocket ? { WebSocket } : {};

  it("round trips: lines written are echoed back, in order", async () => {
    const out = await run(function* () {
      const [r, w] = yield* openWebSocket(`${base()}/echo`, opts);
      const got: string[] = [];
      for (let i = 0; i < 50; i++) {
        w.write(`line ${i}\n`);
        yield* w.drain();
        got.push(dec.decode(yield* r.readline()));
      }
      // several writes, one read loop: message boundaries do not matter to a stream
      w.writelines(["a", "b", "c\n"]);
      got.push(dec.decode(yield* r.readline()));
      w.close();
      yield* w.waitClosed();
      return { got, closing: w.isClosing(), canWriteEof: w.canWriteEof(), url: w.getExtraInfo("url") };
    });
    expect(out.got.slice(0, 3)).toEqual(["line 0\n", "line 1\n", "line 2\n"]);
    expect(out.got[49]).toBe("line 49\n");
    expect(out.got[50]).toBe("abc\n");
    expect(out).toMatchObject({ closing: true, canWriteEof: false });
    expect(String(out.url)).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/echo$/);
  });

  it("a text message arrives UTF-8-encoded", async () => {
    const line = await run(function* () {
      const [r, w] = yield* openWebSocket(`${base()}/text`, opts);
      const l = yield* r.readline();
      w.close();
      yield* w.waitClosed();
      return l;
    });
    expect(line).toEqual(enc.encode("héllo wörld\n"));
  });

  it("a 1 MB message goes out as one binary message and comes back whole", async () => {
    const out = await run(function* () {
      const [r, w] = yield* openWebSocket(`${base()}/echo`, opts);
      const big = new Uint8Array(1 << 20);
      for (let i = 0; i < big.length; i++) big[i] = (i * 31 + (i >> 8)) & 0xff;
      w.write(big);
      yield* w.drain();
      const back = yield* r.readexactly(big.length);
      w.close();
      yield* w.waitClosed();
      let same = back.length === big.length;
      for (let i = 0; same && i < big.length; i++) same = back[i] === big[i];
      return same;
    });
    expect(out).toBe(true);
  });

  it("flow control: drain() waits while bufferedAmount is above the high mark, and everything arrives", async () => {
    const out = await run(function* () {
      const [r, w] = yield* openWebSocket(`${base()}/sink?stall=400`, opts);
      const t = w.transport as Transport;
      t.setWriteBufferLimits(256 * 1024);
      const chunk = new Uint8Array(256 * 1024).fill(1);
      const total = 48 << 20; // more than loopback's socket buffers hold while the server stalls
      const t0 = performance.now();
      let paused = 0;
      let maxBuffered = 0;
      let longestDrain = 0;
      for (let sent = 0; sent < total; sent += chunk.length) {
        w.write(chunk);
        const size = t.getWriteBufferSize();
        maxBuffered = Math.max(maxBuffered, size);
        const d0 = performance.now();
        if ((w as any)._protocol._writePaused) paused++;
        yield* w.drain();
        longestDrain = Math.max(longestDrain, performance.now() - d0);
        // after a drain, the buffer is at or below the low mark (or the writer was not paused)
        expect(t.getWriteBufferSize() <= 64 * 1024 || !(w as any)._protocol._writePaused).toBe(true);
      }
      const elapsed = performance.now() - t0;
      w.write("count" as any); // a string write is a binary message too: not the count request
      // ask for the count with a text message through the raw socket
      (t.getExtraInfo("websocket") as { send(s: string): void }).send("count");
      const n = Number(dec.decode(yield* r.read(100)));
      w.close();
      yield* w.waitClosed();
      return { paused, maxBuffered, longestDrain, elapsed, n, total };
    });
    expect(out.paused).toBeGreaterThan(0);
    expect(out.maxBuffered).toBeGreaterThan(256 * 1024);
    expect(out.longestDrain).toBeGreaterThan(100); // it waited for the stalled server
    expect(out.n).toBe(out.total + 5);
  });

  it("the peer's close is EOF: atEof(), read() returns empty, waitClosed() resolves, the close code is kept", async () => {
    const out = await run(function* () {
      const [r, w] = yield* openWebSocket(`${base()}/close-after?n=1`, opts);
      w.write("hello");
      const data = dec.decode(yield* r.readexactly(5));
      const rest = yield* r.read();
      yield* w.waitClosed();
      return { data, rest: rest.length, eof: r.atEof(), code: w.getExtraInfo("closeCode"), reason: w.getExtraInfo("closeReason") };
    });
    expect(out).toEqual({ data: "hello", rest: 0, eof: true, code: 1000, reason: "bye" });
  });

  it("a peer that sends and closes at once, before the transport is made: the data, then EOF", async () => {
    const out = await run(function* () {
      const [r, w] = yield* openWebSocket(`${base()}/bye`, opts);
      const all = dec.decode(yield* r.read()); // read() with no n: up to EOF
      yield* w.waitClosed();
      return { all, eof: r.atEof(), reason: w.getExtraInfo("closeReason") };
    });
    expect(out).toEqual({ all: "bye", eof: true, reason: "done" });
  });

  it("a connection dropped without a close handshake is ECONNRESET for the reader and waitClosed()", async () => {
    const out = await run(function* () {
      const [r, w] = yield* openWebSocket(`${base()}/reset`, opts);
      w.write("x");
      let readErr: any;
      try {
        yield* r.read();
      } catch (e) {
        readErr = e;
      }
      let closedErr: any;
      try {
        yield* w.waitClosed();
      } catch (e) {
        closedErr = e;
      }
      let drainErr: any;
      try {
        yield* w.drain();
      } catch (e) {
        drainErr = e;
      }
      return { read: readErr?.code, closed: closedErr?.code, drain: drainErr?.code };
    });
    expect(out).toEqual({ read: "ECONNRESET", closed: "ECONNRESET", drain: "ECONNRESET" });
  });

  it("cancelling a read leaves the stream usable; a read cancelled by its task raises CancelledError", async () => {
    const out = await run(function* () {
      const [r, w] = yield* openWebSocket(`${base()}/echo`, opts);
      let timedOut = false;
      try {
        yield* waitFor(r.read(100), 30);
      } catch (e) {
        timedOut = e instanceof TimeoutError;
      }
      const reading = createTask(r.readline());
      yield* sleep(5);
      reading.cancel();
      let cancelled = false;
      try {
        yield* reading;
      } catch (e) {
        cancelled = e instanceof CancelledError;
      }
      w.write("still here\n");
      const line = dec.decode(yield* r.readline());
      w.close();
      yield* w.waitClosed();
      return { timedOut, cancelled, line };
    });
    expect(out).toEqual({ timedOut: true, cancelled: true, line: "still here\n" });
  });

  it("cancelling openWebSocket closes the socket; a refused connection is an OSError with a code", async () => {
    const out = await run(function* () {
      let cancelled = false;
      const t = createTask(openWebSocket(`${base()}/echo`, opts));
      t.cancel();
      try {
        yield* t;
      } catch (e) {
        cancelled = e instanceof CancelledError;
      }
      let refused: any;
      try {
        yield* openWebSocket("ws://127.0.0.1:9/", opts); // discard port: nothing listens on loopback
      } catch (e) {
        refused = e;
      }
      let bad: unknown;
      try {
        yield* openWebSocket("ws://[not a host", opts); // (a relative URL would be resolved against the page)
      } catch (e) {
        bad = e;
      }
      return { cancelled, code: refused?.code, bad };
    });
    expect(out.cancelled).toBe(true);
    expect(out.code).toMatch(/^E[A-Z]+$/);
    expect(out.bad).toBeInstanceOf(RangeError);
  });

  it("createWebSocketConnection: protocol callbacks in asyncio's order CM DR* ER CL", async () => {
    const log = await run(function* () {
      const events: string[] = [];
      const done = getRunningLoop().createFuture<void>();
      const proto: Protocol = {
        connectionMade: () => events.push("CM"),
        dataReceived: (d) => events.push(`DR ${dec.decode(d)}`),
        eofReceived: () => {
          events.push("ER");
        },
        connectionLost: (e) => {
          events.push(`CL ${e}`);
          done.setResult();
        },
      };
      const [t] = yield* createWebSocketConnection(() => proto, `${base()}/close-after?n=2`, opts);
      t.write(enc.encode("one"));
      t.write(enc.encode("two"));
      yield* done;
      return events;
    });
    expect(log).toEqual(["CM", "DR one", "DR two", "ER", "CL null"]);
  });

  it("an unknown option is a TypeError; writeEof() is a RuntimeError", async () => {
    // Lazy as every Op (#11): the option error arrives where the Op is awaited.
    const bad = await run(function* () {
      try {
        yield* openWebSocket(`${base()}/echo`, { nope: 1 } as any);
        return "none";
      } catch (e) {
        return (e as Error).name;
      }
    });
    expect(bad).toBe("TypeError");
    const msg = await run(function* () {
      const [, w] = yield* openWebSocket(`${base()}/echo`, opts);
      try {
        w.writeEof();
      } catch (e) {
        return (e as Error).name;
      } finally {
        w.close();
        yield* w.waitClosed();
      }
      return "none";
    });
    expect(msg).toBe("RuntimeError");
  });
}
