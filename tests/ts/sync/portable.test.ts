// The primitives on the portable core (wasm2js, `wasyncio/portable`): there, memory growth
// replaces the ArrayBuffer without detaching the old one, so the façade must not rely on a
// detached view to notice growth. Every loop of this file uses the portable core.

import { describe, expect, it } from "vitest";
import { providePortableCore } from "../../../host/load.js";
import { _setDefaultCore } from "../../../ts/loop/core.js";
import { instantiate } from "../../../gen/core-portable.js";
import { Event, Lock, Queue, createTask, gather, run, sleep } from "../../../ts/index.js";

providePortableCore(instantiate);
_setDefaultCore("portable");

// Wasm detaches a memory's old buffer when it grows; the portable build does the same
// (scripts/build-portable.mjs), so views of the old buffer read as empty, never stale.
function growthDetaches(): boolean {
  const core = instantiate({}) as any;
  const v = new Uint32Array(core.memory.buffer);
  for (let i = 0; i < 100000; i++) core.callSoon();
  return v.length === 0;
}

it("the portable core detaches its old buffer when memory grows, as Wasm does", () => {
  expect(growthDetaches()).toBe(true);
});

describe("sync primitives on the portable core", () => {
  it("Event.set() wakes 5000 waiters in FIFO order while the core's memory grows", async () => {
    const order: number[] = [];
    await run(function* () {
      const e = new Event();
      const ts = Array.from({ length: 5000 }, (_, i) =>
        createTask(function* () {
          yield* e.wait();
          order.push(i);
        }),
      );
      yield* sleep(0);
      e.set();
      yield* gather(...ts);
    });
    expect(order).toEqual(Array.from({ length: 5000 }, (_, i) => i));
  });

  it("a contended Lock and a bounded Queue hand over correctly across growth", async () => {
    await run(function* () {
      const l = new Lock();
      const q = new Queue<number>(2);
      let inside = 0;
      const got: number[] = [];
      const ws = Array.from({ length: 3000 }, (_, i) =>
        createTask(function* () {
          yield* l.acquire();
          inside++;
          expect(inside).toBe(1);
          yield* sleep(0);
          inside--;
          l.release();
          yield* q.put(i);
        }),
      );
      for (let i = 0; i < 3000; i++) got.push(yield* q.get());
      yield* gather(...ws);
      expect(got).toEqual(Array.from({ length: 3000 }, (_, i) => i));
    });
  });
});
