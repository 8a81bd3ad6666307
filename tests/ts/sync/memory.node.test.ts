// Core state of primitives that JS has collected is freed (FinalizationRegistry in
// ts/sync/binding.ts), so a program that makes a Lock or a Queue per request keeps the core's tables
// flat. Node only: needs `gc` (vitest.config.ts runs the workers with --expose-gc).

import { describe, expect, it } from "vitest";
import { Barrier, Condition, Event, Lock, Queue, PriorityQueue, Semaphore, getRunningLoop, run, sleep } from "../../../ts/index.js";
import { syncCoreOf } from "../../../ts/sync/binding.js";

const gc = (globalThis as any).gc as (() => void) | undefined;

describe("core memory", () => {
  it("collected primitives free their core state (10k short-lived primitives)", async () => {
    expect(gc, "vitest.config.ts runs the tests with --expose-gc").toBeTypeOf("function");
    await run(function* () {
      const core = syncCoreOf(getRunningLoop()).core;
      const base = core.livePrimitives();
      function* churn() {
        for (let i = 0; i < 2000; i++) {
          const l = new Lock();
          yield* l.acquire();
          l.release();
          const q = new PriorityQueue<number>();
          q.putNowait(i);
          q.putNowait(-i);
          new Event().set();
          new Semaphore(2).release();
          const c = new Condition();
          c.locked();
          new Barrier(2).nWaiting;
        }
      }
      yield* churn();
      const peak = core.livePrimitives();
      expect(peak - base).toBeGreaterThan(1000);
      for (let i = 0; i < 10 && core.livePrimitives() - base > 200; i++) {
        gc!();
        yield* sleep(5); // finalizers run in their own macrotasks
      }
      expect(core.livePrimitives() - base).toBeLessThan(200);
      expect(core.liveItems()).toBeLessThan(400);
      expect(core.checkWaiters()).toBe(1);
      // the core still works after frees and id reuse
      const q = new Queue<number>();
      q.putNowait(1);
      expect(yield* q.get()).toBe(1);
    });
  }, 30_000);
});
