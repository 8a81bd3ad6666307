// flow-control.test.ts: StreamTransport's write flow control and delivery rules, driven through
// a fake host stream whose buffered size the test sets (ts/net/stream-transport.ts). Exact thresholds:
// pauseWriting inside write() when the size goes strictly above high, resumeWriting once when
// it is back to <= low, never without a pause; pauseReading holds data back until resumeReading.

import { describe, expect, it } from "vitest";
import { run, sleep, getRunningLoop, StreamTransport } from "../../../ts/index.js";
import type { NetStream, NetStreamSink } from "../../../host/host.js";

class FakeStream implements NetStream {
  sink!: NetStreamSink;
  bufferedAmount = 0;
  written: number[] = [];
  paused = true;
  ended = false;
  closed = false;
  attach(s: NetStreamSink) {
    this.sink = s;
  }
  write(c: Uint8Array) {
    this.written.push(c.length);
    this.bufferedAmount += c.length;
  }
  end() {
    this.ended = true;
  }
  close() {
    this.closed = true;
  }
  destroy() {
    this.closed = true;
  }
  pause() {
    this.paused = true;
  }
  resume() {
    this.paused = false;
  }
  info() {
    return undefined;
  }
  /** the OS took n bytes */
  flush(n: number) {
    this.bufferedAmount -= n;
    this.sink.flushed();
  }
}

describe("StreamTransport flow control", () => {
  it("pauses strictly above high inside write(), resumes once at <= low", async () => {
    const out = await run(function* () {
      const loop = getRunningLoop();
      const raw = new FakeStream();
      const log: string[] = [];
      const t = new StreamTransport(loop, raw, { pauseWriting: () => void log.push(`pause@${raw.bufferedAmount}`), resumeWriting: () => void log.push(`resume@${raw.bufferedAmount}`) });
      yield* sleep(0);
      t.setWriteBufferLimits(100, 20);
      t.write(new Uint8Array(100)); // == high: no pause
      log.push(`after100 ${log.length}`);
      t.write(new Uint8Array(1)); // 101 > high: pause now, synchronously
      log.push(`after101 ${log.length}`);
      t.write(new Uint8Array(50)); // still paused: no second pause
      raw.flush(100); // 51 left > low
      yield* sleep(0);
      raw.flush(30); // 21 > low
      yield* sleep(0);
      raw.flush(1); // 20 <= low: resume
      yield* sleep(0);
      raw.flush(20);
      yield* sleep(0); // no second resume
      t.setWriteBufferLimits(10, 0);
      t.write(new Uint8Array(11)); // pause again
      t.setWriteBufferLimits(); // back to defaults: does not resume by itself
      yield* sleep(0);
      raw.flush(11);
      yield* sleep(0);
      t.abort();
      return log;
    });
    expect(out).toEqual(["after100 0", "pause@101", "after101 2", "resume@20", "pause@11", "resume@0"]);
  });

  it("data is delivered after connectionMade; pauseReading holds it back; EOF after the data", async () => {
    const out = await run(function* () {
      const loop = getRunningLoop();
      const raw = new FakeStream();
      const log: string[] = [];
      const t = new StreamTransport(loop, raw, {
        connectionMade: () => void log.push(`CM reading=${!raw.paused}`),
        dataReceived: (d: Uint8Array) => void log.push(`DR ${d.length}`),
        eofReceived: () => {
          log.push("ER");
          return true;
        },
        connectionLost: (e: Error | null) => void log.push(`CL ${e}`),
      });
      raw.sink.data(new Uint8Array(1)); // the host may deliver early: it waits behind CM
      yield* sleep(0);
      yield* sleep(0);
      t.pauseReading();
      raw.sink.data(new Uint8Array(2));
      raw.sink.end();
      yield* sleep(0);
      log.push(`paused host=${raw.paused}`);
      t.resumeReading();
      yield* sleep(0);
      t.close();
      yield* sleep(0);
      return log;
    });
    expect(out).toEqual(["CM reading=false", "DR 1", "paused host=true", "DR 2", "ER", "CL null"]);
  });

  it("an error from the host after data delivers the data, then connectionLost(err)", async () => {
    const out = await run(function* () {
      const loop = getRunningLoop();
      const raw = new FakeStream();
      const log: string[] = [];
      new StreamTransport(loop, raw, { dataReceived: (d: Uint8Array) => void log.push(`DR ${d.length}`), connectionLost: (e: Error | null) => void log.push(`CL ${(e as any)?.code}`) });
      yield* sleep(0);
      raw.sink.data(new Uint8Array(3));
      raw.sink.closed(Object.assign(new Error("reset"), { code: "ECONNRESET" }));
      yield* sleep(0);
      yield* sleep(0);
      return log;
    });
    expect(out).toEqual(["DR 3", "CL ECONNRESET"]);
  });
});
