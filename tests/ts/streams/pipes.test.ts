// pipes.test.ts: loop.connectReadPipe / connectWritePipe (ts/net/pipes.ts) over real pipes: a
// child's stdin and stdout (cat, Node streams) and a FIFO opened by descriptor, compared with
// CPython 3.13 (tests/cpython/io/pipes.py); then what is no pipe, and the hosts without pipes.

import { describe, expect, it } from "vitest";
import { spawn, execFileSync } from "node:child_process";
import { closeSync, constants as fsc, mkdtempSync, openSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { run, sleep, getRunningLoop, StreamReader, StreamWriter, StreamReaderProtocol, NotSupportedError, type Transport, type EventLoop } from "../../../ts/index.js";
import { expected, pyBytes } from "../../cpython/trace.js";
import { b, s } from "../io-helpers.js";

const N = 1 << 20;
const py = (v: boolean) => (v ? "True" : "False");
const pattern = () => Uint8Array.from({ length: N }, (_, i) => i % 251);

/** The writing side's protocol: a StreamReaderProtocol without a reader (drain, waitClosed). */
class Recorder extends StreamReaderProtocol {
  constructor(readonly name: string, readonly log: string[], loop: EventLoop) {
    super(null, null, loop);
  }
  connectionMade(t: Transport): void {
    this.log.push(`${this.name} connection_made`);
    super.connectionMade(t);
  }
  pauseWriting(): void {
    this.log.push(`${this.name} pause_writing`);
    super.pauseWriting();
  }
  resumeWriting(): void {
    this.log.push(`${this.name} resume_writing`);
    super.resumeWriting();
  }
  connectionLost(exc: Error | null): void {
    this.log.push(`${this.name} connection_lost ${exc === null ? "None" : exc.name}`);
    super.connectionLost(exc);
  }
}

class ReadRecorder extends StreamReaderProtocol {
  constructor(reader: StreamReader, readonly log: string[], loop: EventLoop) {
    super(reader, null, loop);
  }
  connectionMade(t: Transport): void {
    this.log.push("read connection_made");
    super.connectionMade(t);
  }
  eofReceived(): boolean {
    this.log.push("read eof_received");
    return super.eofReceived();
  }
  connectionLost(exc: Error | null): void {
    this.log.push(`read connection_lost ${exc === null ? "None" : exc.name}`);
    super.connectionLost(exc);
  }
}

describe("pipes", () => {
  it("connectReadPipe / connectWritePipe over a child's stdio and a FIFO, as CPython 3.13 (tests/cpython/io/pipes.py)", async () => {
    const out: string[] = [];
    const dir = mkdtempSync(join(tmpdir(), "wasyncio-pipes-"));
    try {
      await run(function* () {
        const loop = getRunningLoop();
        // through cat: the pipes are Node streams (the child's stdin and stdout)
        const p = spawn("cat", [], { stdio: ["pipe", "pipe", "inherit"] });
        const wlog: string[] = [];
        const rlog: string[] = [];
        const [wt, wp] = yield* loop.connectWritePipe(() => new Recorder("write", wlog, loop), p.stdin);
        const writer = new StreamWriter(wt as Transport, wp, null, loop);
        const reader = new StreamReader(16384, loop);
        const [rt] = yield* loop.connectReadPipe(() => new ReadRecorder(reader, rlog, loop), p.stdout);
        out.push(`extra pipe is the object given: ${py(wt.getExtraInfo("pipe") === p.stdin)} ${py(rt.getExtraInfo("pipe") === p.stdout)}`);
        wt.setWriteBufferLimits(16384);
        out.push(`limits (${wt.getWriteBufferLimits().join(", ")})`);
        writer.write(pattern());
        out.push(`buffered above high: ${py(wt.getWriteBufferSize() > 16384)}`);
        yield* sleep(200);
        out.push(`reading paused while the reader is full: ${py(!rt.isReading())}`);
        const got = yield* reader.readexactly(N);
        out.push(`read back ${got.length} bytes, equal: ${py(Buffer.from(got).equals(pattern()))}`);
        yield* writer.drain();
        out.push(`write buffer ${wt.getWriteBufferSize()}`);
        writer.close();
        out.push(`closing after close: ${py(wt.isClosing())}`);
        yield* writer.waitClosed();
        out.push(`eof: ${pyBytes(yield* reader.read())} ${py(reader.atEof())}`);
        yield* sleep(50);
        out.push(`read transport closing: ${py(rt.isClosing())}`);
        for (const line of [...wlog, ...rlog]) out.push(`  ${line}`);

        // a FIFO by descriptor
        const path = join(dir, "fifo");
        execFileSync("mkfifo", [path]);
        const rfd = openSync(path, fsc.O_RDONLY | fsc.O_NONBLOCK);
        const wfd = openSync(path, fsc.O_WRONLY);
        const log: string[] = [];
        const r2 = new StreamReader(undefined, loop);
        yield* loop.connectReadPipe(() => new ReadRecorder(r2, log, loop), rfd);
        const [wt2] = yield* loop.connectWritePipe(() => new Recorder("write", log, loop), wfd);
        wt2.write(b("one\ntwo\n"));
        out.push(`lines ${pyBytes(yield* r2.readline())} ${pyBytes(yield* r2.readline())}`);
        out.push(`can_write_eof ${py(wt2.canWriteEof())}`);
        wt2.writeEof();
        out.push(`closing after write_eof: ${py(wt2.isClosing())}`);
        out.push(`then ${pyBytes(yield* r2.read())}`);
        yield* sleep(50);
        for (const line of log) out.push(`  ${line}`);
        const regular = join(dir, "regular");
        writeFileSync(regular, "");
        const fd = openSync(regular, "w");
        try {
          yield* loop.connectWritePipe(() => ({}), fd);
        } catch (e) {
          out.push(`regular file: ${e instanceof RangeError ? "ValueError" : String(e)}`);
        } finally {
          closeSync(fd);
        }
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(out).toEqual(expected("pipes"));
  });

  it("a StreamReader over a Readable and a StreamWriter over a Writable; what is no pipe is a TypeError at the await", async () => {
    const out = await run(function* () {
      const loop = getRunningLoop();
      const src = new PassThrough();
      const sink = new PassThrough();
      const reader = new StreamReader(undefined, loop);
      yield* loop.connectReadPipe(() => new StreamReaderProtocol(reader, null, loop), src);
      const [wt, wp] = yield* loop.connectWritePipe(() => new StreamReaderProtocol(null, null, loop), sink);
      const writer = new StreamWriter(wt as Transport, wp, null, loop);
      const chunks: Buffer[] = [];
      sink.on("data", (c: Buffer) => chunks.push(c));
      src.end("hello\nworld");
      const line = s(yield* reader.readline());
      const rest = s(yield* reader.read());
      writer.write("to the sink");
      yield* writer.drain();
      writer.close();
      yield* writer.waitClosed();
      const errors: string[] = [];
      for (const bad of ["stdin", {}, -1, 1.5]) {
        const op = loop.connectReadPipe(() => ({}), bad);
        try {
          yield* op;
        } catch (e) {
          errors.push((e as Error).name);
        }
      }
      return { line, rest, sunk: Buffer.concat(chunks).toString(), ended: sink.writableEnded, errors };
    });
    expect(out).toEqual({ line: "hello\n", rest: "world", sunk: "to the sink", ended: true, errors: ["TypeError", "TypeError", "RangeError", "RangeError"] });
  });

  it("a host without pipes: NotSupportedError naming the host and net.pipe", async () => {
    const { NodeHost } = await import("../../../host/node.js");
    class NoPipes extends NodeHost {
      readonly name = "nopipes";
      net = { ...(this as any).net, pipe: undefined };
    }
    const err = await run(function* () {
      try {
        yield* getRunningLoop().connectReadPipe(() => ({}), 0);
      } catch (e) {
        return e;
      }
      return null;
    }, { host: new NoPipes() as any });
    expect(err).toBeInstanceOf(NotSupportedError);
    expect(err).toMatchObject({ host: "nopipes", facet: "net.pipe" });
  });
});
