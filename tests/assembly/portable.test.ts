// portable.test.ts: the portable (JavaScript) core has the Wasm core's ABI: the same export names,
// the same arities, a memory whose buffer follows growth, and independent instances. (Its
// behaviour is tested by every other file here: `builds` includes the portable builds.)
import { describe, it, expect } from "vitest";
import { instantiateCore } from "../../host/load.js";
import { portableRelease, portableDebug, portableFiles } from "./portable.js";
import { batchOf, iterate } from "./core.js";
import { execFileSync } from "node:child_process";
import { pathToFileURL } from "node:url";

const abi = (o: object) =>
  Object.entries(o)
    .map(([k, v]) => `${k}/${typeof v === "function" ? v.length : "memory"}`)
    .sort();

describe("portable core", () => {
  it.each([
    ["release", portableRelease, false],
    ["debug", portableDebug, true],
  ] as const)("the %s build exports what core.wasm exports, with the same arities", (_k, make, dbg) => {
    expect(abi(make())).toEqual(abi(instantiateCore(dbg)));
  });

  it("runs where WebAssembly does not exist (node --jitless)", () => {
    const prog = `
      if (typeof WebAssembly !== "undefined") throw new Error("WebAssembly is there");
      const { instantiate } = await import(${JSON.stringify(pathToFileURL(portableFiles.release).href)});
      const c = instantiate();
      const t = [30, 10, 20].map((w) => c.callAt(w));
      const h = c.callSoon();
      c.timerCancel(t[2]);
      c.prepare();
      const n = c.collect(25);
      console.log(JSON.stringify([...new Uint32Array(c.memory.buffer, c.batchPtr(), n)]));`;
    const out = execFileSync(process.execPath, ["--jitless", "--input-type=module", "-e", prog], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    expect(JSON.parse(out)).toEqual([4, 2]);
  });

  it("instances share no state", () => {
    const a = portableRelease();
    const b = portableRelease();
    a.callSoon();
    a.callSoon();
    expect(b.callSoon()).toBe(1);
    expect(a.readyCount()).toBe(2);
    expect(b.readyCount()).toBe(1);
  });

  it("memory.buffer follows growth, and batchPtr() points into it", () => {
    const c = portableRelease();
    const before = c.memory.buffer.byteLength;
    const ids: number[] = [];
    for (let i = 0; i < 100_000; i++) ids.push(c.callSoon());
    expect(c.memory.buffer.byteLength).toBeGreaterThan(before);
    expect(iterate(c)).toEqual(ids);
    expect(batchOf(c, 3)).toEqual([1, 2, 3]);
  });
});

describe("the façade on the portable core", () => {
  // The same program on a loop whose core is core.wasm and on one whose core is the portable
  // build (swapped in before first use: host/load.ts has no portable entry yet) gives one trace.
  async function trace(portable: boolean): Promise<string[]> {
    const { EventLoop, VirtualClock, Queue, Lock, sleep, gather, createTask, timeout, TimeoutError } = await import("../../ts/index.js");
    const loop = new EventLoop({ clock: new VirtualClock({ autojump: true }) });
    if (portable) {
      // (typed by gen/core-abi.ts; the loop's field still by host/load.ts's own interface)
      loop._core = portableRelease() as unknown as typeof loop._core;
      loop._mem = loop._core.memory.buffer;
      loop._batch = new Uint32Array(loop._mem);
    }
    const log: string[] = [];
    function* worker(name: string, q: InstanceType<typeof Queue<number>>, lock: InstanceType<typeof Lock>) {
      for (;;) {
        const n = yield* q.get();
        yield* lock.acquire();
        try {
          yield* sleep(n);
          log.push(`${name}:${n}@${loop.time()}`);
        } finally {
          lock.release();
        }
        q.taskDone();
      }
    }
    function* main() {
      const q = new Queue<number>();
      const lock = new Lock();
      const ws = ["a", "b", "c"].map((n) => createTask(worker(n, q, lock)));
      for (let i = 0; i < 30; i++) q.putNowait((i * 37) % 11);
      yield* q.join();
      for (const w of ws) w.cancel();
      const rs = yield* gather(...ws, { returnExceptions: true });
      log.push(`cancelled:${rs.length}`);
      try {
        yield* timeout(5, function* () {
          yield* sleep(100);
        });
      } catch (e) {
        log.push(`timeout:${e instanceof TimeoutError}@${loop.time()}`);
      }
      log.push(`stats:${JSON.stringify({ ...loop._stats(), iteration: 0 })}`);
    }
    try {
      await loop.runUntilComplete(main());
    } finally {
      loop.close();
    }
    return log;
  }

  it("runs queues, locks, sleeps, cancellation and timeouts with the Wasm core's trace", async () => {
    const wasm = await trace(false);
    expect(wasm.length).toBeGreaterThan(30);
    expect(await trace(true)).toEqual(wasm);
  });
});
