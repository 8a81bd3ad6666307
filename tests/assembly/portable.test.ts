// portable.test.ts: the portable (JavaScript) core has the Wasm core's ABI: the same export names,
// the same arities, a memory whose buffer follows growth, and independent instances. (Its
// behaviour is tested by every other file here: `builds` includes the portable builds.)
import { describe, it, expect } from "vitest";
import { instantiateCore } from "../../host/load.js";
import { portableRelease, portableDebug } from "./portable.js";
import { batchOf, iterate } from "./core.js";

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
