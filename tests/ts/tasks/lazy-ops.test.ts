// lazy-ops.test.ts: Ops are lazy uniformly (#11 item 1): an Op-returning call with a bad argument
// returns its Op, and the error arrives when the Op is first awaited (asyncio raises a coroutine's
// argument errors when it is awaited), so `yield* expectFailure(r.readexactly(-1))`-style code
// sees it where it awaits. Table-driven over every Op-returning API, on the browser suite too.
import { describe, expect, it } from "vitest";
import {
  run, sleep, waitFor, wait, timeout, timeoutAt, taskGroup, toThread, Lock, Event, Condition, Semaphore, Barrier, Queue,
  StreamReader, openConnection, openUnixConnection, startServer, startUnixServer, createSubprocessExec, createSubprocessShell,
  getRunningLoop, type Op,
} from "../../../ts/index.js";

const bad: [string, () => Op<unknown>, string][] = [
  ["sleep(NaN)", () => sleep(NaN), "RangeError"],
  ["sleep('x')", () => sleep("x" as any), "TypeError"],
  ["waitFor(1, 10)", () => waitFor(1 as any, 10), "TypeError"],
  ["waitFor(sleep(1), NaN)", () => waitFor(sleep(1), NaN), "RangeError"],
  ["wait([])", () => wait([]), "RangeError"],
  ["wait(1)", () => wait(1 as any), "TypeError"],
  ["wait([f], { returnWhen: 'x' })", () => wait([getRunningLoop().createFuture()], { returnWhen: "x" as any }), "RangeError"],
  ["timeout('x', body)", () => timeout("x" as any, function* () {}), "TypeError"],
  ["timeout(10, 1)", () => timeout(10, 1 as any), "TypeError"],
  ["timeoutAt(NaN, body)", () => timeoutAt(NaN, function* () {}), "RangeError"],
  ["taskGroup(1)", () => taskGroup(1 as any), "TypeError"],
  ["toThread(1, 'f')", () => toThread(1 as any, "f"), "TypeError"],
  ["new Condition().waitFor(1)", () => new Condition().waitFor(1 as any), "TypeError"],
  ["new StreamReader().readexactly(-1)", () => new StreamReader().readexactly(-1), "RangeError"],
  ["new StreamReader().readuntil(empty)", () => new StreamReader().readuntil(new Uint8Array(0)), "RangeError"],
  ["new StreamReader().readuntil([])", () => new StreamReader().readuntil([]), "RangeError"],
  ["new StreamReader().readuntil(1)", () => new StreamReader().readuntil(1 as any), "TypeError"],
  ["new StreamReader().read('x')", () => new StreamReader().read("x" as any), "TypeError"],
  ["openConnection(1, 80)", () => openConnection(1 as any, 80), "TypeError"],
  ["openConnection('h', -1)", () => openConnection("h", -1), "RangeError"],
  ["openConnection('h', 1, { nope })", () => openConnection("h", 1, { nope: 1 } as any), "TypeError"],
  ["openUnixConnection('')", () => openUnixConnection(""), "TypeError"],
  ["startServer(1, 'h', 0)", () => startServer(1 as any, "h", 0), "TypeError"],
  ["startServer(cb, 'h', 0, { limit: 0 })", () => startServer(function* () {}, "h", 0, { limit: 0 }), "RangeError"],
  ["startUnixServer(1, 'p')", () => startUnixServer(1 as any, "p"), "TypeError"],
  ["createSubprocessExec(1)", () => createSubprocessExec(1 as any), "TypeError"],
  ["createSubprocessShell(1)", () => createSubprocessShell(1 as any), "TypeError"],
  ["createSubprocessExec('true', [], { text: true })", () => createSubprocessExec("true", [], { text: true }), "RangeError"],
  ["loop.createConnection(1, 'h', 1)", () => getRunningLoop().createConnection(1 as any, "h", 1), "TypeError"],
  ["loop.createServer(f, 'h', 1e6)", () => getRunningLoop().createServer(() => ({}), "h", 1e6), "RangeError"],
  ["loop.subprocessExec(f, 1)", () => getRunningLoop().subprocessExec(() => ({}), 1 as any), "TypeError"],
];

describe("Ops are lazy", () => {
  it.each(bad)("%s returns an Op; its argument error arrives at the first await", async (_what, make, want) => {
    const r = await run(function* () {
      let op: Op<unknown>;
      try {
        op = make();
      } catch (e) {
        return `thrown at the call: ${(e as Error).name}`;
      }
      try {
        yield* op;
        return "no error";
      } catch (e) {
        return (e as Error).name;
      }
    });
    expect(r).toBe(want);
  });

  it("a primitive's Ops are lazy too: nothing happens before the first await", async () => {
    const out = await run(function* () {
      const l = new Lock();
      const e = new Event();
      const s = new Semaphore(1);
      const q = new Queue<number>();
      const b = new Barrier(1);
      const ops = [l.acquire(), s.acquire(), q.put(1), e.wait(), b.wait()];
      const before = [l.locked(), s.locked(), q.qsize(), b.nWaiting];
      e.set();
      for (const op of ops) yield* op;
      return [before, [l.locked(), s.locked(), q.qsize()]];
    });
    expect(out).toEqual([[false, false, 0, 0], [true, true, 1]]);
  });
});
