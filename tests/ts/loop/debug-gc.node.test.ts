// Debug mode's collector-driven reports (ts/loop/debug.ts). They depend on V8 collecting the objects,
// so the test forces collections (vitest runs with --expose-gc) and waits for the finalizers.
import { describe, it, expect } from "vitest";
import { run, getRunningLoop, sleep, op, type ExceptionContext } from "../../../ts/index.js";

async function collectUntil(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 50 && !cond(); i++) {
    (globalThis as any).gc();
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe("debug mode reports", () => {
  it("a future whose exception was never retrieved is reported; a retrieved one is not", async () => {
    const seen: ExceptionContext[] = [];
    await run(async () => {
      const loop = getRunningLoop();
      loop.setExceptionHandler((_l, ctx) => seen.push(ctx));
      (() => {
        loop.createFuture().setException(new RangeError("lost"));
        const kept = loop.createFuture();
        kept.setException(new RangeError("seen"));
        kept.exception();
      })();
      await collectUntil(() => seen.length > 0);
      await sleep(1);
    }, { debug: true });
    expect(seen.map((c) => c.message)).toEqual(["Future exception was never retrieved"]);
    expect((seen[0].exception as Error).message).toBe("lost");
    expect(String(seen[0].source)).toMatch(/debug-gc\.node\.test\.ts/);
  });

  it("an Op that was never awaited is reported", async () => {
    const seen: ExceptionContext[] = [];
    await run(async () => {
      getRunningLoop().setExceptionHandler((_l, ctx) => seen.push(ctx));
      (() => {
        op(function* () { yield* sleep(1); }); // forgotten yield*
      })();
      await collectUntil(() => seen.length > 0);
    }, { debug: true });
    expect(seen.map((c) => c.message)).toEqual(["An Op was never awaited (a missing `yield*`?)"]);
  });
});
