// robustness.test.ts: a line server under bad clients (garbage, half-close, reset, floods past
// the limit, slowloris) keeps serving the well-behaved ones, loses nothing for them, reports
// each bad connection to the exception handler only when its callback fails, and releases
// every handle at the end.

import { describe, expect, it } from "vitest";
import { currentTask, type Task, run, sleep, gather, getRunningLoop, openConnection, startServer, openUnixConnection, createTask, type StreamReader, type StreamWriter, type ExceptionContext } from "../../../ts/index.js";
import { b, s, liveHandles } from "../io-helpers.js";

describe("a server under bad clients", () => {
  it("keeps serving well-behaved clients while others send garbage, half-close, reset or flood", async () => {
    const errors: ExceptionContext[] = [];
    const before = liveHandles().filter((h) => /TCP/.test(h)).length;
    const out = await run(function* () {
      const loop = getRunningLoop();
      loop.setExceptionHandler((_l, ctx) => void errors.push(ctx));
      let served = 0;
      const server = yield* startServer(
        function* (r: StreamReader, w: StreamWriter) {
          for (;;) {
            const line = yield* r.readline(); // RangeError past the limit: the callback fails
            if (!line.length) break;
            const text = s(line).trim();
            w.write(/^\d+$/.test(text) ? `${Number(text) * 2}\n` : "?\n");
            yield* w.drain();
            served++;
          }
          w.close();
        },
        "127.0.0.1",
        0,
        { limit: 1024 },
      );
      const port = server.sockets[0].port;

      const good = function* (id: number) {
        const [r, w] = yield* openConnection("127.0.0.1", port);
        let ok = 0;
        for (let i = 0; i < 50; i++) {
          w.write(`${id * 1000 + i}\n`);
          if (s(yield* r.readline()) === `${(id * 1000 + i) * 2}\n`) ok++;
          if (i % 10 === 0) yield* sleep(1);
        }
        w.close();
        yield* w.waitClosed();
        return ok;
      };
      const garbage = function* () {
        const [r, w] = yield* openConnection("127.0.0.1", port);
        const junk = new Uint8Array(500);
        for (let i = 0; i < junk.length; i++) junk[i] = (i * 7919) % 256;
        junk[100] = 10;
        junk[499] = 10;
        w.write(junk);
        w.writeEof();
        const answers = s(yield* r.read()).split("\n").filter(Boolean);
        w.close();
        return answers.every((a) => a === "?") && answers.length >= 1 ? "garbage answered" : `garbage: ${answers}`;
      };
      const halfClose = function* () {
        const [r, w] = yield* openConnection("127.0.0.1", port);
        w.write("21\n");
        w.writeEof(); // no more requests; the answer must still come
        const all = s(yield* r.read());
        w.close();
        return all;
      };
      const reset = function* () {
        const [, w] = yield* openConnection("127.0.0.1", port);
        w.write("12"); // half a line, then RST
        yield* w.drain();
        yield* sleep(5);
        (w.getExtraInfo("socket") as any).resetAndDestroy();
        return "reset";
      };
      const flood = function* () {
        const [r, w] = yield* openConnection("127.0.0.1", port);
        const big = new Uint8Array(256 * 1024).fill(65); // no newline: past the 1024 limit
        let writeFailed = false;
        try {
          for (let i = 0; i < 16; i++) {
            w.write(big);
            yield* w.drain();
          }
        } catch {
          writeFailed = true; // the server closed on us
        }
        // The server closed with our bytes unread, so its kernel may answer with RST: EOF or ECONNRESET.
        let closed = false;
        try {
          closed = (yield* r.read()).length === 0;
        } catch (e) {
          closed = (e as any).code === "ECONNRESET";
        }
        w.close();
        return { writeFailed, closed };
      };
      const slowloris = function* () {
        const [r, w] = yield* openConnection("127.0.0.1", port);
        for (const ch of "7\n") {
          w.write(ch);
          yield* sleep(20);
        }
        const line = s(yield* r.readline());
        w.close();
        return line;
      };

      const res = (yield* gather(
        ...Array.from({ length: 20 }, (_, i) => good(i)),
        garbage(),
        halfClose(),
        reset(),
        flood(),
        slowloris(),
        { returnExceptions: true },
      )) as unknown[];
      yield* sleep(20);
      server.close();
      yield* server.waitClosed(); // every connection is gone
      return { res, served };
    });
    const goods = out.res.slice(0, 20);
    expect(goods).toEqual(Array(20).fill(50));
    expect(out.res[20]).toBe("garbage answered");
    expect(out.res[21]).toBe("42\n");
    expect(out.res[22]).toBe("reset");
    expect(out.res[23]).toMatchObject({ closed: true });
    expect(out.res[24]).toBe("14\n");
    // The flood and the reset made their callbacks fail; each went to the exception handler.
    const msgs = errors.map((e) => `${e.message}: ${(e.exception as Error)?.name}/${(e.exception as any)?.code ?? ""}`);
    expect(msgs).toContain("Unhandled exception in client_connected_cb: RangeError/");
    expect(errors.every((e) => e.message === "Unhandled exception in client_connected_cb")).toBe(true);
    await new Promise((r) => setTimeout(r, 30));
    expect(liveHandles().filter((h) => /TCP/.test(h)).length).toBeLessThanOrEqual(before);
  });

  it("a client callback that throws synchronously or rejects closes only its connection", async () => {
    const errors: ExceptionContext[] = [];
    const out = await run(function* () {
      getRunningLoop().setExceptionHandler((_l, ctx) => void errors.push(ctx));
      let n = 0;
      const server = yield* startServer((r, w) => {
        n++;
        if (n === 1) throw new Error("sync failure");
        if (n === 2) return Promise.reject(new Error("async failure"));
        w.write("hi\n");
        w.close();
      }, "127.0.0.1", 0);
      const port = server.sockets[0].port;
      const reads: string[] = [];
      for (let i = 0; i < 3; i++) {
        const [r, w] = yield* openConnection("127.0.0.1", port);
        reads.push(s(yield* r.read()));
        w.close();
      }
      server.close();
      yield* server.waitClosed();
      return reads;
    });
    expect(out).toEqual(["", "", "hi\n"]);
    expect(errors.map((e) => (e.exception as Error).message)).toEqual(["sync failure", "async failure"]);
  });

  it("a cancelled client-callback task closes its connection (3.13)", async () => {
    const out = await run(function* () {
      const box: { task: Task<unknown> | null } = { task: null };
      const server = yield* startServer(function* (r) {
        box.task = currentTask();
        yield* r.read();
      }, "127.0.0.1", 0);
      const [r, w] = yield* openConnection("127.0.0.1", server.sockets[0].port);
      while (box.task === null) yield* sleep(1);
      box.task.cancel();
      const eof = yield* r.read();
      w.close();
      server.close();
      yield* server.waitClosed();
      return eof.length;
    });
    expect(out).toBe(0);
  });
});

export { createTask, openUnixConnection, b };
