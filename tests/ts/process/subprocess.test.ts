// subprocess.test.ts: createSubprocessExec / createSubprocessShell / Process and
// loop.subprocessExec with a SubprocessProtocol (ts/process/), with real processes.

import { describe, expect, it } from "vitest";
import { run, sleep, getRunningLoop, createTask, createSubprocessExec, createSubprocessShell, PIPE, STDOUT, DEVNULL, type SubprocessProtocol, type SubprocessTransport } from "../../../ts/index.js";
import { b, s, liveHandles } from "../io-helpers.js";
import { expected, pyBytes } from "../../cpython/trace.js";

describe("subprocesses", () => {
  it("proc.stdin.waitClosed() waits for the pipe to close, as CPython 3.13 (tests/cpython/io/stdin_wait_closed.py)", async () => {
    const out: string[] = [];
    await run(function* () {
      let p = yield* createSubprocessExec("cat", [], { stdin: PIPE, stdout: PIPE });
      p.stdin!.write(b("hi"));
      p.stdin!.close();
      out.push(`wait_closed -> ${(yield* p.stdin!.waitClosed()) ?? "None"}`);
      out.push(`closing ${p.stdin!.isClosing() ? "True" : "False"}`);
      out.push(`out ${pyBytes(yield* p.stdout!.read())}`);
      out.push(`rc ${yield* p.wait()}`);
      p = yield* createSubprocessExec("true", [], { stdin: PIPE });
      yield* p.wait();
      p.stdin!.close();
      out.push(`wait_closed after the child left -> ${(yield* p.stdin!.waitClosed()) ?? "None"}`);
    });
    expect(out).toEqual(expected("stdin_wait_closed"));
  });

  it("stderr: STDOUT is one pipe (#11): stdout and stderr keep the order the child wrote them in", async () => {
    // asyncio hands the child one pipe on fds 1 and 2; two pipes merged on arrival reordered this.
    const outs: string[] = [];
    await run(function* () {
      for (let i = 0; i < 20; i++) {
        const p = yield* createSubprocessExec("sh", ["-c", "printf a; printf b >&2; printf c; printf d >&2"], { stdout: PIPE, stderr: STDOUT });
        const [o, e] = yield* p.communicate();
        outs.push(`${s(o)} ${e === null ? "None" : "?"} ${p.returncode}`);
      }
      const sh = yield* createSubprocessShell("printf x; printf y >&2; exit 4", { stdout: PIPE, stderr: STDOUT });
      const [o] = yield* sh.communicate();
      outs.push(`shell ${s(o)} ${sh.returncode}`);
      // Same pid and argv as without STDOUT: the shell execs the program.
      const self = yield* createSubprocessExec("sh", ["-c", 'echo "$$ $0 $1"', "zero", "one"], { stdout: PIPE, stderr: STDOUT });
      const [line] = yield* self.communicate();
      outs.push(s(line).trim() === `${self.pid} zero one` ? "same pid and argv" : `differs: ${s(line).trim()} vs ${self.pid}`);
      for (const prog of ["/nonexistent/program", "no-such-program-wasyncio"]) {
        try {
          yield* createSubprocessExec(prog, [], { stdout: PIPE, stderr: STDOUT });
          outs.push("started?");
        } catch (e) {
          outs.push(`${prog} ${(e as { code?: string }).code}`);
        }
      }
    });
    expect(outs).toEqual([
      ...Array.from({ length: 20 }, () => "abcd None 0"),
      "shell xy 4",
      "same pid and argv",
      "/nonexistent/program ENOENT",
      "no-such-program-wasyncio ENOENT",
    ]);
  });

  it("Process and SubprocessProtocol behave as CPython 3.13 (tests/cpython/io/subprocess_semantics.py)", async () => {
    const want = expected("subprocess_semantics");
    const out: string[] = [];
    const py = (u: Uint8Array | null) => (u === null ? "None" : pyBytes(u));
    await run(function* () {
      let p = yield* createSubprocessExec("sh", ["-c", "exit 3"]);
      out.push(`exit ${yield* p.wait()} ${p.returncode}`);
      p = yield* createSubprocessExec("sleep", ["10"]);
      p.terminate();
      out.push(`terminate ${yield* p.wait()}`);
      p = yield* createSubprocessExec("sleep", ["10"]);
      p.kill();
      out.push(`kill ${yield* p.wait()}`);
      try {
        p.sendSignal("SIGTERM");
      } catch (e) {
        if ((e as any).code === "ESRCH") out.push("signal after exit ProcessLookupError");
      }
      try {
        yield* createSubprocessExec("/nonexistent/program");
      } catch (e) {
        if ((e as any).code === "ENOENT") out.push("missing FileNotFoundError");
      }
      p = yield* createSubprocessExec("sh", ["-c", "cat; echo err >&2"], { stdin: PIPE, stdout: PIPE, stderr: PIPE });
      let [o, e] = yield* p.communicate(b("hello"));
      out.push(`communicate ${py(o)} ${py(e)} ${p.returncode}`);
      p = yield* createSubprocessExec("sh", ["-c", "echo out; echo err >&2"], { stdout: PIPE, stderr: STDOUT });
      [o, e] = yield* p.communicate();
      out.push(`stderr=STDOUT [${s(o).split(/\s+/).filter(Boolean).sort().map((x) => pyBytes(b(x))).join(", ")}] ${py(e)}`);
      p = yield* createSubprocessExec("sh", ["-c", "echo hi"], { stdout: DEVNULL });
      [o, e] = yield* p.communicate();
      out.push(`devnull ${py(o)} ${py(e)} ${p.stdout === null ? "None" : "reader"}`);
      p = yield* createSubprocessShell("echo $((1+2))", { stdout: PIPE });
      out.push(`shell ${py(yield* p.stdout!.readline())} ${yield* p.wait()}`);
      p = yield* createSubprocessExec("true", [], { stdin: PIPE });
      yield* p.wait();
      [o, e] = yield* p.communicate(new Uint8Array(1_000_000));
      out.push(`broken stdin ignored ${py(o)} ${py(e)} ${p.returncode}`);
      for (const kw of [{ text: true }, { encoding: "utf8" }, { bufsize: 1 }]) {
        try {
          yield* createSubprocessExec("true", [], kw as any);
        } catch (err) {
          if (err instanceof RangeError) out.push(`reject ${Object.keys(kw)[0]}`);
        }
      }
      const loop = getRunningLoop();
      const done = loop.createFuture<void>();
      const log: string[] = [];
      const proto: SubprocessProtocol = {
        connectionMade: () => void log.push("CM"),
        pipeDataReceived: (fd, d) => void log.push(`DR ${fd} ${pyBytes(d)}`),
        pipeConnectionLost: (fd, exc) => void log.push(`PCL ${fd} ${exc === null ? "None" : exc.name}`),
        processExited: () => void log.push("EXIT"),
        connectionLost: (exc) => {
          log.push(`CL ${exc === null ? "None" : exc.name}`);
          done.setResult();
        },
      };
      const [t] = yield* loop.subprocessExec(() => proto, "sh", ["-c", "sleep 0.05; printf a; sleep 0.05; printf b >&2"]);
      log.push(`pid ok ${t.getPid() > 0 ? "True" : "False"}`);
      yield* done;
      log.push(`rc ${t.getReturncode()}`);
      t.close();
      out.push(...log);
    });
    // The pipes' losses and the exit race each other in both runtimes: compare that block as a set.
    const block = (xs: string[]) => {
      const i = xs.indexOf("DR 2 b'b'");
      const j = xs.indexOf("CL None");
      return [xs.slice(0, i + 1), xs.slice(i + 1, j).sort(), xs.slice(j)];
    };
    expect(block(out)).toEqual(block(want));
  });

  it("communicate() pipes 10 MB both ways without deadlock", async () => {
    const out = await run(function* () {
      const input = new Uint8Array(10 * 1024 * 1024);
      for (let i = 0; i < input.length; i++) input[i] = i % 251;
      const p = yield* createSubprocessExec("cat", [], { stdin: PIPE, stdout: PIPE });
      const [o] = yield* p.communicate(input);
      let same = o!.length === input.length;
      for (let i = 0; same && i < input.length; i += 4093) same = o![i] === input[i];
      return { len: o!.length, same, rc: p.returncode };
    });
    expect(out).toEqual({ len: 10 * 1024 * 1024, same: true, rc: 0 });
  });

  it("a child writing 10 MB to stdout and stderr at once is read without deadlock", async () => {
    const out = await run(function* () {
      const p = yield* createSubprocessExec("sh", ["-c", "head -c 10485760 /dev/zero; head -c 10485760 /dev/zero >&2"], { stdout: PIPE, stderr: PIPE });
      const [o, e] = yield* p.communicate();
      return [o!.length, e!.length, p.returncode];
    });
    expect(out).toEqual([10485760, 10485760, 0]);
  });

  it("Process.stdin drain() applies backpressure to a child that reads slowly; wait() has many waiters", async () => {
    const out = await run(function* () {
      const p = yield* createSubprocessExec("sh", ["-c", "sleep 0.1; wc -c"], { stdin: PIPE, stdout: PIPE });
      const chunk = new Uint8Array(64 * 1024);
      let maxBuf = 0;
      for (let i = 0; i < 64; i++) {
        p.stdin!.write(chunk);
        maxBuf = Math.max(maxBuf, p.stdin!.transport.getWriteBufferSize());
        yield* p.stdin!.drain();
      }
      p.stdin!.close();
      const w1 = createTask(p.wait());
      const w2 = createTask(p.wait());
      const count = s(yield* p.stdout!.read()).trim();
      return { count, maxBuf, codes: [yield* w1, yield* w2] };
    });
    expect(out.count).toBe(String(64 * 64 * 1024));
    expect(out.maxBuf).toBeLessThanOrEqual(2 * 64 * 1024);
    expect(out.codes).toEqual([0, 0]);
  });

  it("cancelling wait() leaves the process running; a cancelled read leaves stdout readable", async () => {
    const out = await run(function* () {
      const p = yield* createSubprocessExec("sh", ["-c", "sleep 0.05; echo done"], { stdout: PIPE });
      const w = createTask(p.wait());
      const r = createTask(p.stdout!.readline());
      yield* sleep(5);
      w.cancel();
      r.cancel();
      yield* sleep(0);
      const running = p.returncode === null;
      const line = s(yield* p.stdout!.readline());
      return { running, line, rc: yield* p.wait(), wc: w.cancelled(), rcn: r.cancelled() };
    });
    expect(out).toEqual({ running: true, line: "done\n", rc: 0, wc: true, rcn: true });
  });

  it("sendSignal by number and by name; returncode is -signum; env and cwd are passed", async () => {
    const out = await run(function* () {
      const p = yield* createSubprocessExec("sleep", ["10"]);
      p.sendSignal(2);
      const rc1 = yield* p.wait();
      const q = yield* createSubprocessExec("sh", ["-c", "echo $FOO; pwd"], { stdout: PIPE, env: { FOO: "bar", PATH: process.env.PATH! }, cwd: "/" });
      const [o] = yield* q.communicate();
      expect(() => q.sendSignal("SIGNOPE")).toThrow();
      return { rc1, o: s(o) };
    });
    expect(out).toEqual({ rc1: -2, o: "bar\n/\n" });
  });

  it("loop.close() kills a child still running and releases its pipes", async () => {
    let pid = 0;
    await new Promise((r) => setTimeout(r, 50)); // let earlier tests' pipes finish closing
    const before = liveHandles();
    await run(function* () {
      const p = yield* createSubprocessExec("sleep", ["30"], { stdout: PIPE });
      pid = p.pid;
    });
    await new Promise((r) => setTimeout(r, 50));
    let alive = true;
    try {
      process.kill(pid, 0);
    } catch {
      alive = false;
    }
    expect(alive).toBe(false);
    expect(liveHandles().length).toBeLessThanOrEqual(before.length);
  });
});

export type { SubprocessTransport };
