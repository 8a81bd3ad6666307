// streams.test.ts: StreamReader / StreamWriter semantics (ts/streams/), by hand and over real
// sockets on 127.0.0.1: echo, line protocols, partial reads at EOF, the limit, backpressure
// reaching a slow reader, cancellation of pending reads and drains.

import { describe, expect, it } from "vitest";
import { run, sleep, createTask, wrapPromise, getRunningLoop, openConnection, startServer, StreamReader, StreamWriter, IncompleteReadError, LimitOverrunError, RuntimeError, CancelledError, waitFor, TimeoutError, gather, Future } from "../../../ts/index.js";
import { b, s, runRecording } from "../io-helpers.js";
import { _outCopy, _outJoin } from "../../../ts/net/host-io.js";
import { expected, pyBytes } from "../../cpython/trace.js";

function* echoServer(limit?: number) {
  return yield* startServer(
    function* (r: StreamReader, w: StreamWriter) {
      for (;;) {
        const data = yield* r.read(65536);
        if (!data.length) break;
        w.write(data);
        yield* w.drain();
      }
      w.close();
    },
    "127.0.0.1",
    0,
    limit ? { limit } : {},
  );
}

describe("StreamReader", () => {
  it("StreamReader matches CPython 3.13 (tests/cpython/io/reader_semantics.py)", async () => {
    const want = expected("reader_semantics");
    const log: string[] = [];
    await run(function* () {
      const rd = (limit = 65536, data: string[] = [], eof = true) => {
        const r = new StreamReader(limit);
        for (const d of data) r.feedData(b(d));
        if (eof) r.feedEof();
        return r;
      };
      const attempt = function* (label: string, op: { [Symbol.iterator](): Iterator<unknown, Uint8Array, unknown> }, r: StreamReader) {
        try {
          const v = yield* op;
          log.push(`${label} ok ${pyBytes(v)} left ${r._buffer.length}`); if (process.env.DBG) console.log(log.at(-1));
        } catch (e) {
          if (e instanceof IncompleteReadError) log.push(`${label} IncompleteReadError ${pyBytes(e.partial)} ${e.expected === null ? "None" : e.expected} left ${r._buffer.length}`);
          else if (e instanceof LimitOverrunError) log.push(`${label} LimitOverrunError ${e.consumed} left ${r._buffer.length}`);
          else if (e instanceof RangeError) log.push(`${label} ValueError left ${r._buffer.length}`);
          else throw e;
        }
      };
      let r = rd(undefined, ["abc\nde"]);
      yield* attempt("readline1", r.readline(), r);
      yield* attempt("readline2", r.readline(), r);
      yield* attempt("readline3", r.readline(), r);
      r = rd(undefined, ["abcdef"]);
      yield* attempt("readexactly", r.readexactly(10), r);
      r = rd(undefined, ["abcdef"]);
      yield* attempt("readexactly0", r.readexactly(0), r);
      r = rd(undefined, ["abcdef"]);
      yield* attempt("readuntil_eof", r.readuntil("X"), r);
      r = rd(4, ["abcdefgh"], false);
      yield* attempt("readuntil_over", r.readuntil("\n"), r);
      r = rd(4, ["abcdefgh\n"]);
      yield* attempt("readuntil_found_over", r.readuntil("\n"), r);
      r = rd(4, ["abcdefgh\nxy\n"]);
      yield* attempt("readline_over", r.readline(), r);
      yield* attempt("readline_next", r.readline(), r);
      r = rd(4, ["abcdefgh"], false);
      yield* attempt("readline_over_nosep", r.readline(), r);
      r = rd(undefined, ["a--b==c"]);
      yield* attempt("multi1", r.readuntil(["==", "--"]), r);
      yield* attempt("multi2", r.readuntil(["==", "--"]), r);
      r = rd(undefined, ["xx\r\nyy\n"]);
      yield* attempt("multi3", r.readuntil(["\r\n", "\n"]), r);
      r = rd(undefined, ["aaa--"]);
      yield* attempt("multi_short", r.readuntil(["a--", "--"]), r);
      r = rd(3, ["ab", "cd", "ef"]);
      yield* attempt("read_all", r.read(), r);
      r = rd(undefined, ["abcdef"]);
      yield* attempt("read2", r.read(2), r);
      yield* attempt("read0", r.read(0), r);
      yield* attempt("read_rest", r.read(100), r);
      yield* attempt("read_eof", r.read(5), r);
      log.push(`at_eof ${rd(undefined, []).atEof() ? "True" : "False"}`);
      log.push(`at_eof_data ${rd(undefined, ["x"]).atEof() ? "True" : "False"}`);
      r = rd(undefined, ["l1\nl2\nl3"]);
      const lines: string[] = [];
      yield* wrapPromise(
        (async () => {
          for await (const l of r) lines.push(pyBytes(l));
        })(),
      );
      log.push(`lines [${lines.join(", ")}]`);
      log.push(`msg ${new IncompleteReadError(new Uint8Array(18), 36).message}`);
      log.push(`msg ${new IncompleteReadError(new Uint8Array(3), null).message}`);
      r = rd(undefined, ["abc"]);
      const reset = Object.assign(new Error("reset"), { code: "ECONNRESET" });
      r.setException(reset);
      try {
        yield* r.read(1);
      } catch (e) {
        if (e === reset) log.push("after_exc ConnectionResetError");
      }
      const r2 = new StreamReader();
      const t = createTask(r2.read(1));
      yield* sleep(0);
      try {
        yield* r2.read(1);
      } catch (e) {
        if (e instanceof RuntimeError) log.push("concurrent RuntimeError");
      }
      r2.feedData(b("z"));
      log.push(`first_reader_gets ${pyBytes(yield* t)}`);
      for (const bad of [0, -1]) {
        try {
          new StreamReader(bad);
        } catch (e) {
          if (e instanceof RangeError) log.push(`limit ${bad} ValueError`);
        }
      }
    });
    expect(log).toEqual(want);
  });

  it("StreamReader.feedData() after feedEof() throws RuntimeError; bad separators throw RangeError", async () => {
    const r = new StreamReader();
    r.feedEof();
    expect(() => r.feedData(b("x"))).toThrow(RuntimeError);
    // Ops are lazy (#11): the argument error arrives where the Op is awaited.
    const errs = await run(function* () {
      const out: string[] = [];
      for (const op of [r.readuntil(""), r.readuntil([]), r.readexactly(-1)]) {
        try {
          yield* op;
        } catch (e) {
          out.push((e as Error).name);
        }
      }
      return out;
    });
    expect(errs).toEqual(["RangeError", "RangeError", "RangeError"]);
  });

  it("StreamReader ops are lazy and run once (an Op awaited twice reads once)", async () => {
    const out = await run(function* () {
      const r = new StreamReader();
      r.feedData(b("abcdef"));
      const op = r.readexactly(2);
      const untouched = r._buffer.length;
      const first = s(yield* op);
      const again = s(yield* op);
      const viaPromise = s(yield* wrapPromise(r.read(2)));
      return { untouched, first, again, viaPromise, left: r._buffer.length };
    });
    expect(out).toEqual({ untouched: 6, first: "ab", again: "ab", viaPromise: "cd", left: 2 });
  });

  it("readline()/readuntil() of buffered data complete without yielding to the loop, as asyncio's; a separator split across chunks is found after waits; a set exception comes first", async () => {
    const out = await run(function* () {
      const log: string[] = [];
      const r = new StreamReader();
      r.feedData(b("a\nb\r\n\r\nc\nrest"));
      getRunningLoop().callSoon(() => log.push("callback"));
      log.push(s(yield* r.readline()), s(yield* r.readuntil("\r\n\r\n")), s(yield* r.readline()));
      yield* sleep(0);
      // Now the slow path: the separator arrives in pieces, the shorter of two at the end.
      const t = createTask(r.readuntil(["\r\n\r\n", "!!"]));
      for (const piece of ["\r", "\n\r", "x!", "\r\n\r", "\n"]) {
        yield* sleep(0);
        r.feedData(b(piece));
      }
      log.push(s(yield* t));
      r.feedData(b("after\n"));
      r.setException(new RuntimeError("boom"));
      for (const op of [r.readline(), r.readuntil("\n")]) {
        try {
          log.push(s(yield* op));
        } catch (e) {
          log.push((e as Error).message);
        }
      }
      return log;
    });
    expect(out).toEqual(["a\n", "b\r\n\r\n", "c\n", "callback", "rest\r\n\rx!\r\n\r\n", "boom", "boom"]);
  });

  it("StreamReader.read() cancelled while waiting keeps the stream usable (no data lost)", async () => {
    const out = await run(function* () {
      const r = new StreamReader();
      const t = createTask(r.readexactly(4));
      yield* sleep(0);
      r.feedData(b("ab"));
      yield* sleep(0);
      t.cancel();
      yield* sleep(0);
      const cancelled = t.cancelled();
      r.feedData(b("cd"));
      const got = yield* r.readexactly(4);
      return [cancelled, s(got)];
    });
    expect(out).toEqual([true, "abcd"]);
  });
});

describe("streams over TCP on 127.0.0.1", () => {
  it("openConnection/startServer echo many lines, and EOF gives an empty read", async () => {
    const out = await run(function* () {
      const server = yield* echoServer();
      const [r, w] = yield* openConnection("127.0.0.1", server.sockets[0].port);
      const got: string[] = [];
      for (let i = 0; i < 100; i++) {
        w.write(`line ${i}\n`);
        got.push(s(yield* r.readline()));
      }
      w.writeEof();
      const tail = yield* r.read();
      w.close();
      yield* w.waitClosed();
      server.close();
      yield* server.waitClosed();
      return [got.length, got[0], got[99], tail.length];
    });
    expect(out).toEqual([100, "line 0\n", "line 99\n", 0]);
  });

  it("writelines() sends strings and bytes as one write, in order; a wrong item is a TypeError naming it and sends nothing", async () => {
    const out = await run(function* () {
      const server = yield* echoServer();
      const [r, w] = yield* openConnection("127.0.0.1", server.sockets[0].port);
      const before = w.transport.getWriteBufferSize();
      w.writelines(["HTTP/1.1 200 OK\r\n", b("body"), "", new Uint8Array(0), "é\n"]);
      w.writelines([]);
      let err: unknown = null;
      try {
        w.writelines(["not sent", 42 as any]);
      } catch (e) {
        err = e;
      }
      w.write("end\n");
      const line1 = s(yield* r.readline());
      const line2 = s(yield* r.readline());
      const line3 = s(yield* r.readline());
      w.close();
      yield* w.waitClosed();
      server.close();
      yield* server.waitClosed();
      return [before, line1, line2, line3, err instanceof TypeError && /writelines\(\)/.test((err as Error).message)];
    });
    expect(out).toEqual([0, "HTTP/1.1 200 OK\r\n", "bodyé\n", "end\n", true]);
  });

  it("writes of every size arrive intact and in order while later writes fill and replace the shared outgoing buffers; a written array changed afterwards does not change what was sent", async () => {
    // Small outgoing chunks are carved from shared slabs (ts/net/host-io.ts): 600 writes of
    // 1..3000 bytes go through several slabs and past the size that gets an array of its own,
    // by write() of bytes, write() of a string and writelines() of both.
    const enc = new TextEncoder();
    const sent: Uint8Array[] = [];
    const got = await run(function* () {
      const server = yield* echoServer();
      const [r, w] = yield* openConnection("127.0.0.1", server.sockets[0].port);
      for (let i = 0; i < 600; i++) {
        const n = 1 + ((i * 977) % 3000);
        const bytes = new Uint8Array(n).map((_, k) => (i + k) & 0xff);
        const text = "é€x\u{1F600}".repeat(1 + (i % 7)) + "\uD800" + String(i); // 2-, 3-, 1-, 4-byte and lone-surrogate UTF-16
        if (i % 3 === 0) {
          w.write(bytes);
          sent.push(bytes.slice());
        } else if (i % 3 === 1) {
          w.write(text);
          sent.push(enc.encode(text));
        } else {
          w.writelines([text, bytes, "|"]);
          sent.push(enc.encode(text), bytes.slice(), enc.encode("|"));
        }
        bytes.fill(0); // the transport kept its own copy
      }
      const echoed = yield* r.readexactly(sent.reduce((a, c) => a + c.length, 0));
      w.close();
      yield* w.waitClosed();
      server.close();
      yield* server.waitClosed();
      return echoed;
    });
    const want = new Uint8Array(sent.reduce((a, c) => a + c.length, 0));
    let at = 0;
    for (const c of sent) {
      want.set(c, at);
      at += c.length;
    }
    expect(got.length).toBe(want.length);
    let firstDiff = -1;
    for (let i = 0; i < want.length; i++) if (got[i] !== want[i]) { firstDiff = i; break; }
    expect(firstDiff).toBe(-1);
  });

  it("outgoing chunks carved from a shared slab: each is its own bytes, and stays so after thousands more", () => {
    const enc = new TextEncoder();
    const kept: [Uint8Array, Uint8Array][] = [];
    for (let i = 0; i < 5000; i++) {
      const bytes = new Uint8Array(i % 900).fill(i & 0xff);
      const text = "\u{1F600}é".repeat(i % 5) + "\uDC00" + i;
      const out = i % 2 ? _outJoin([text, bytes]) : _outCopy(bytes);
      const want = i % 2 ? new Uint8Array([...enc.encode(text), ...bytes]) : bytes.slice();
      bytes.fill(0);
      kept.push([out, want]);
    }
    const bad = kept.findIndex(([out, want]) => out.length !== want.length || out.some((v, k) => v !== want[k]));
    expect(bad).toBe(-1);
    expect(new Set(kept.map(([o]) => o.buffer)).size).toBeGreaterThan(100); // slabs were replaced, not reused
  });

  it("close() right after a large write still delivers every byte before EOF", async () => {
    const out = await run(function* () {
      const server = yield* startServer(function* (_r, w) {
        w.write(new Uint8Array(8 << 20).fill(1));
        w.close(); // no drain: the buffered output must still go out
      }, "127.0.0.1", 0);
      const [r, w] = yield* openConnection("127.0.0.1", server.sockets[0].port);
      const all = yield* r.read();
      w.close();
      server.close();
      yield* server.waitClosed();
      return all.length;
    });
    expect(out).toBe(8 << 20);
  });

  it("drain() after close() raises ECONNRESET, write() after close() is ignored (tests/cpython/io/drain_after_close.py)", async () => {
    const want = expected("drain_after_close");
    const out: string[] = [];
    await run(function* () {
      const srv = yield* startServer(function* (r, w) {
        yield* r.read();
        w.close();
      }, "127.0.0.1", 0);
      const [, w] = yield* openConnection("127.0.0.1", srv.sockets[0].port);
      w.write("x");
      w.close();
      try {
        yield* w.drain();
        out.push("drain after close ok");
      } catch (e) {
        if ((e as any).code === "ECONNRESET") out.push(`drain after close ConnectionResetError Connection lost`);
      }
      w.write("y");
      out.push("write after close ignored");
      yield* w.waitClosed();
      out.push("wait_closed ok");
      srv.close();
      yield* srv.waitClosed();
    });
    expect(out).toEqual(want);
  });

  it("getExtraInfo gives peername/sockname as SockAddr; canWriteEof is true on TCP", async () => {
    await run(function* () {
      const server = yield* echoServer();
      const port = server.sockets[0].port;
      expect(server.sockets[0]).toMatchObject({ address: "127.0.0.1", port, family: "IPv4" });
      const [, w] = yield* openConnection("127.0.0.1", port);
      expect(w.getExtraInfo("peername")).toMatchObject({ address: "127.0.0.1", port });
      expect((w.getExtraInfo("sockname") as any).port).toBeGreaterThan(0);
      expect(w.getExtraInfo("nothing", 42)).toBe(42);
      expect(w.canWriteEof()).toBe(true);
      expect(w.transport).toBeDefined();
      w.close();
      yield* w.waitClosed();
      server.close();
      yield* server.waitClosed();
    });
  });

  it("readexactly at EOF raises IncompleteReadError with .partial (peer closed mid-message)", async () => {
    const out = await run(function* () {
      const server = yield* startServer(function* (_r, w) {
        w.write("12345");
        yield* w.drain();
        w.close();
      }, "127.0.0.1", 0);
      const [r, w] = yield* openConnection("127.0.0.1", server.sockets[0].port);
      let err: unknown;
      try {
        yield* r.readexactly(10);
      } catch (e) {
        err = e;
      }
      w.close();
      server.close();
      yield* server.waitClosed();
      return err;
    });
    expect(out).toBeInstanceOf(IncompleteReadError);
    expect(s((out as IncompleteReadError).partial)).toBe("12345");
    expect((out as IncompleteReadError).expected).toBe(10);
  });

  it("a line past the limit: readuntil raises LimitOverrunError (data kept), readline RangeError (data dropped)", async () => {
    const out = await run(function* () {
      const big = "x".repeat(300);
      const server = yield* startServer(function* (_r, w) {
        w.write(big + "\nok\n" + big + "\nfine\n");
        yield* w.drain();
        w.close();
      }, "127.0.0.1", 0);
      const [r, w] = yield* openConnection("127.0.0.1", server.sockets[0].port, { limit: 100 });
      const res: unknown[] = [];
      try {
        yield* r.readuntil("\n");
      } catch (e) {
        res.push(e instanceof LimitOverrunError ? "LimitOverrunError" : e);
      }
      // The data is still there: skip it with readexactly and read on.
      yield* r.readexactly(301);
      res.push(s(yield* r.readline()));
      try {
        yield* r.readline();
      } catch (e) {
        res.push(e instanceof RangeError ? "RangeError" : e);
      }
      res.push(s(yield* r.readline()));
      w.close();
      server.close();
      yield* server.waitClosed();
      return res;
    });
    expect(out).toEqual(["LimitOverrunError", "ok\n", "RangeError", "fine\n"]);
  });

  it("backpressure: a fast writer stops at drain() while the reader is slow; memory stays bounded", async () => {
    const out = await run(function* () {
      const total = 32 * 1024 * 1024;
      const chunk = new Uint8Array(64 * 1024).fill(7);
      let maxBuffered = 0;
      let maxReaderBuffer = 0;
      let drains = 0;
      const server = yield* startServer(function* (_r, w) {
        for (let sent = 0; sent < total; sent += chunk.length) {
          w.write(chunk);
          maxBuffered = Math.max(maxBuffered, w.transport.getWriteBufferSize());
          yield* w.drain();
          drains++;
        }
        w.close();
      }, "127.0.0.1", 0);
      const [r, w] = yield* openConnection("127.0.0.1", server.sockets[0].port, { limit: 64 * 1024 });
      let got = 0;
      let reads = 0;
      for (;;) {
        const d = yield* r.read(256 * 1024);
        if (!d.length) break;
        got += d.length;
        maxReaderBuffer = Math.max(maxReaderBuffer, r._buffer.length);
        if (++reads % 8 === 0) yield* sleep(1); // a slow reader
      }
      w.close();
      server.close();
      yield* server.waitClosed();
      return { got, maxBuffered, maxReaderBuffer, drains };
    });
    expect(out.got).toBe(32 * 1024 * 1024);
    // The writer's buffer never holds more than high + one chunk; the reader's is paused at 2*limit.
    expect(out.maxBuffered).toBeLessThanOrEqual(64 * 1024 + 64 * 1024);
    expect(out.maxReaderBuffer).toBeLessThanOrEqual(2 * 64 * 1024 + 256 * 1024);
  });

  it("read-side flow control pauses the transport above 2*limit and resumes at <= limit", async () => {
    const out = await run(function* () {
      const server = yield* startServer(function* (_r, w) {
        w.write(new Uint8Array(100_000));
        yield* w.drain();
        w.close();
      }, "127.0.0.1", 0);
      const [r, w] = yield* openConnection("127.0.0.1", server.sockets[0].port, { limit: 1000 });
      // Let data pile up without reading.
      for (let i = 0; i < 50 && r._buffer.length <= 2000; i++) yield* sleep(5);
      const pausedWhenFull = !w.transport.isReading();
      let total = 0;
      for (;;) {
        const d = yield* r.read(500);
        if (!d.length) break;
        total += d.length;
      }
      w.close();
      server.close();
      yield* server.waitClosed();
      return { pausedWhenFull, total };
    });
    expect(out).toEqual({ pausedWhenFull: true, total: 100_000 });
  });

  it("drain() cancelled while paused: the stream stays usable and every byte arrives", async () => {
    const out = await run(function* () {
      let received = 0;
      const release = new Future<void>();
      const server = yield* startServer(function* (r, w) {
        yield* release; // do not read until told
        for (;;) {
          const d = yield* r.read(1 << 20);
          if (!d.length) break;
          received += d.length;
        }
        w.close();
      }, "127.0.0.1", 0);
      const [r, w] = yield* openConnection("127.0.0.1", server.sockets[0].port);
      const big = new Uint8Array(32 << 20); // more than loopback's kernel buffers can absorb
      w.write(big);
      const t = createTask(w.drain());
      yield* sleep(20);
      const pendingBefore = !t.done();
      t.cancel();
      yield* sleep(0);
      release.setResult();
      yield* w.drain();
      w.write(new Uint8Array(10));
      w.writeEof();
      yield* r.read(); // the server's EOF comes once it has read everything
      w.close(); // as in asyncio, a connection half-closed both ways stays until close()
      yield* w.waitClosed();
      server.close();
      yield* server.waitClosed();
      return { pendingBefore, cancelled: t.cancelled(), received };
    });
    expect(out).toEqual({ pendingBefore: true, cancelled: true, received: (32 << 20) + 10 });
  });

  it("a read cancelled by waitFor times out and the next read still gets the data", async () => {
    const out = await run(function* () {
      const server = yield* startServer(function* (r, w) {
        yield* sleep(50);
        w.write("late\n");
        yield* w.drain();
        yield* r.read();
        w.close();
      }, "127.0.0.1", 0);
      const [r, w] = yield* openConnection("127.0.0.1", server.sockets[0].port);
      let first = "";
      try {
        yield* waitFor(r.readline(), 5);
      } catch (e) {
        first = e instanceof TimeoutError ? "TimeoutError" : String(e);
      }
      const line = s(yield* r.readline());
      w.close();
      yield* w.waitClosed();
      server.close();
      yield* server.waitClosed();
      return [first, line];
    });
    expect(out).toEqual(["TimeoutError", "late\n"]);
  });

  it("drain() after the peer reset raises a coded error; waitClosed() raises it too", async () => {
    const [out] = await runRecording(function* () {
      const server = yield* startServer(function* (_r, w) {
        w.write("hi");
        yield* w.drain();
        yield* sleep(20);
        (w.getExtraInfo("socket") as any).resetAndDestroy();
      }, "127.0.0.1", 0);
      const [r, w] = yield* openConnection("127.0.0.1", server.sockets[0].port);
      const data = yield* r.readexactly(2);
      let code: string | undefined;
      for (let i = 0; i < 20 && code === undefined; i++) {
        try {
          w.write("x");
          yield* w.drain();
          yield* sleep(5);
        } catch (e) {
          code = (e as any).code;
        }
      }
      let closedErr: unknown = null;
      try {
        yield* w.waitClosed();
      } catch (e) {
        closedErr = (e as any).code;
      }
      server.close();
      yield* server.waitClosed();
      return { data: data.length, code, closedErr };
    });
    expect(out.data).toBe(2);
    expect(out.code).toBe("ECONNRESET");
    expect(out.closedErr).toBe("ECONNRESET");
  });

  it("async iteration over lines from a socket (for await in an async task)", async () => {
    const out = await run(async () => {
      const server = await startServer(async (_r, w) => {
        w.write("a\nb\nc");
        await w.drain();
        w.close();
      }, "127.0.0.1", 0);
      const [r, w] = await openConnection("127.0.0.1", server.sockets[0].port);
      const lines: string[] = [];
      for await (const l of r) lines.push(s(l));
      w.close();
      server.close();
      await server.waitClosed();
      return lines;
    });
    expect(out).toEqual(["a\n", "b\n", "c"]);
  });

  it("50 concurrent clients each get their own echo", async () => {
    const out = await run(function* () {
      const server = yield* echoServer();
      const port = server.sockets[0].port;
      const client = function* (i: number) {
        const [r, w] = yield* openConnection("127.0.0.1", port);
        let ok = 0;
        for (let k = 0; k < 20; k++) {
          const msg = `${i}:${k}\n`;
          w.write(msg);
          if (s(yield* r.readline()) === msg) ok++;
        }
        w.close();
        yield* w.waitClosed();
        return ok;
      };
      const res = (yield* gather(...Array.from({ length: 50 }, (_, i) => client(i)))) as number[];
      server.close();
      yield* server.waitClosed();
      return res.reduce((a, x) => a + x, 0);
    });
    expect(out).toBe(1000);
  });
});

export { getRunningLoop, CancelledError };
