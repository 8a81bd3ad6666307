// websocket-fake.test.ts: streams over a WebSocket (ts/net/websocket-stream.ts) on a scripted WebSocket
// (opts.WebSocket), for what a real server cannot time: events that come before the transport
// exists, bufferedAmount moved by hand (drain's high/low marks), how failures map to codes.
// Host-neutral: runs on Node and in Chromium.

import { describe, expect, it } from "vitest";
import { CancelledError, createTask, openWebSocket, run, sleep, type WebSocketLike } from "../../../ts/index.ts";

const dec = new TextDecoder();

/** A WebSocket whose events the test fires; `script` runs one macrotask after construction. */
class FakeSocket implements WebSocketLike {
  static script: (ws: FakeSocket) => void = () => {};
  static last: FakeSocket | null = null;
  readyState = 0;
  bufferedAmount = 0;
  protocol = "";
  extensions = "";
  binaryType = "blob";
  sent: Uint8Array[] = [];
  closedWith: number | undefined = undefined;
  onopen: ((ev: any) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: { code: number; reason: string; wasClean: boolean }) => void) | null = null;
  onerror: ((ev: any) => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.last = this;
    const script = FakeSocket.script;
    setTimeout(() => script(this), 0);
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }
  message(data: unknown): void {
    this.onmessage?.({ data });
  }
  closed(code: number, reason = "", wasClean = code !== 1006): void {
    this.readyState = 3;
    this.onclose?.({ code, reason, wasClean });
  }
  send(d: Uint8Array): void {
    this.sent.push(d.slice());
    this.bufferedAmount += d.length;
  }
  close(code?: number): void {
    this.closedWith = code;
    if (this.readyState === 3) return;
    this.readyState = 2;
    setTimeout(() => this.closed(code ?? 1005, ""), 0);
  }
}
const opts = { WebSocket: FakeSocket };

describe("WebSocket streams on a scripted socket", () => {
  it("events between the open and the transport (messages, a clean close) are kept: data, then EOF", async () => {
    FakeSocket.script = (ws) => {
      ws.open();
      ws.message("by");
      ws.message(new TextEncoder().encode("e").buffer);
      ws.closed(1000, "done");
    };
    const out = await run(function* () {
      const [r, w] = yield* openWebSocket("ws://fake/", opts);
      const all = dec.decode(yield* r.read());
      yield* w.waitClosed();
      return { all, eof: r.atEof(), code: w.getExtraInfo("closeCode"), reason: w.getExtraInfo("closeReason"), binaryType: FakeSocket.last!.binaryType };
    });
    expect(out).toEqual({ all: "bye", eof: true, code: 1000, reason: "done", binaryType: "arraybuffer" });
  });

  it("drain(): pauses above the high mark, stays paused above the low one, resumes at the low mark", async () => {
    FakeSocket.script = (ws) => ws.open();
    const out = await run(function* () {
      const [, w] = yield* openWebSocket("ws://fake/", opts);
      const ws = FakeSocket.last!;
      w.write(new Uint8Array(64 * 1024)); // exactly high: not above it
      yield* w.drain();
      w.write(new Uint8Array(1)); // 64 KiB + 1: above
      let drained = false;
      const d = createTask(function* () {
        yield* w.drain();
        drained = true;
      });
      yield* sleep(20);
      const whilePaused = drained;
      ws.bufferedAmount = 16 * 1024 + 1; // above the low mark (high / 4)
      yield* sleep(20);
      const aboveLow = drained;
      ws.bufferedAmount = 16 * 1024; // at the low mark
      yield* d;
      const sent = ws.sent.map((b) => b.length);
      w.close();
      yield* w.waitClosed();
      return { whilePaused, aboveLow, drained, sent, closeCode: ws.closedWith };
    });
    expect(out).toEqual({ whilePaused: false, aboveLow: false, drained: true, sent: [65536, 1], closeCode: 1000 });
  });

  it("a close without handshake: the data received first, then ECONNRESET; writes after it are dropped", async () => {
    FakeSocket.script = (ws) => ws.open();
    const out = await run(function* () {
      const [r, w] = yield* openWebSocket("ws://fake/", opts);
      const ws = FakeSocket.last!;
      ws.message("partial");
      ws.closed(1006);
      const first = dec.decode(yield* r.read(100));
      let err: any;
      try {
        yield* r.read(100);
      } catch (e) {
        err = e;
      }
      w.write("dropped");
      return { first, code: err?.code, closeCode: err?.closeCode, sent: ws.sent.length };
    });
    expect(out).toEqual({ first: "partial", code: "ECONNRESET", closeCode: 1006, sent: 0 });
  });

  it("a failed connection carries the client's error code where it gives one (the ws package does), else ECONNREFUSED", async () => {
    FakeSocket.script = (ws) => {
      ws.onerror?.({ error: Object.assign(new Error("no route"), { code: "EHOSTUNREACH" }) });
      ws.closed(1006);
    };
    const a: any = await run(function* () { return yield* openWebSocket("ws://fake/", opts); }).catch((e) => e);
    FakeSocket.script = (ws) => {
      ws.onerror?.({});
      ws.closed(1006);
    };
    const b: any = await run(function* () { return yield* openWebSocket("ws://fake/", opts); }).catch((e) => e);
    expect([a.code, a.closeCode, b.code]).toEqual(["EHOSTUNREACH", 1006, "ECONNREFUSED"]);
  });

  it("pauseReading() holds messages until resumeReading(); cancelling the open closes the socket", async () => {
    FakeSocket.script = (ws) => ws.open();
    const out = await run(function* () {
      const [r, w] = yield* openWebSocket("ws://fake/", opts);
      const ws = FakeSocket.last!;
      w.transport.pauseReading();
      ws.message("held");
      yield* sleep(5);
      const before = (r as any)._buffer.length as number;
      w.transport.resumeReading();
      const got = dec.decode(yield* r.read(100));
      w.close();
      yield* w.waitClosed();

      FakeSocket.script = () => {}; // never opens
      const t = createTask(openWebSocket("ws://fake/", opts));
      yield* sleep(5);
      t.cancel();
      let cancelled = false;
      try {
        yield* t;
      } catch (e) {
        cancelled = e instanceof CancelledError;
      }
      return { before, got, cancelled, closedPending: FakeSocket.last!.readyState };
    });
    expect(out.got).toBe("held");
    expect(out.before).toBe(0);
    expect(out.cancelled).toBe(true);
    expect(out.closedPending).toBe(2); // close() was called on the connecting socket
  });
});
