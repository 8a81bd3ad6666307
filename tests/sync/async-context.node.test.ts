// Node only: an async-function task cancelled while awaiting acquire() gets the CancelledError
// there through async context tracking (AsyncLocalStorage); browsers have none (task.signal).
import { describe, expect, it } from "vitest";
import { CancelledError, Lock, createTask, gather, run, sleep } from "../../ts/index.js";

describe("primitives awaited by async-function tasks", () => {
  it("async-function tasks can await acquire(), wait(), and get cancelled while waiting", async () => {
    const log: string[] = [];
    await run(async () => {
      const l = new Lock();
      await l.acquire();
      const t = createTask(async () => {
        await l.acquire();
        log.push("t got it");
        l.release();
      });
      const u = createTask(async () => {
        try {
          await l.acquire();
          log.push("u got it");
        } catch (e) {
          log.push(e instanceof CancelledError ? "u cancelled" : "u ?");
          throw e;
        }
      });
      await sleep(1);
      u.cancel();
      await sleep(1);
      l.release();
      await t;
      await gather(u, { returnExceptions: true } as any);
      log.push(`locked ${l.locked()} waiters ${l.statistics().waiters}`);
    });
    expect(log).toEqual(["u cancelled", "t got it", "locked false waiters 0"]);
  });

});
