// An async-function task that hands task.signal to an API which rejects with its own abort error
// when cancel() aborts the signal (fetch: the reason itself on Node, an AbortError DOMException
// elsewhere, `new Error(String(reason))` on workerd) ends cancelled, so timeout() gives
// TimeoutError and a TaskGroup does not collect the siblings' abort errors. Any other error the
// body raises after the cancel is its outcome, as in asyncio.
import { describe, expect, it } from "vitest";
import { CancelledError, TimeoutError, createTask, run, sleep, taskGroup, timeout } from "../../../ts/index.ts";

/** What an abortable API does: rejects with `make(signal.reason)` when the signal aborts. */
function abortable(signal: AbortSignal, make: (reason: unknown) => unknown): Promise<never> {
  return new Promise((_, reject) => signal.addEventListener("abort", () => reject(make(signal.reason)), { once: true }));
}

const styles: [string, (r: unknown) => unknown][] = [
  ["the reason itself", (r) => r],
  ["an AbortError DOMException", () => new DOMException("This operation was aborted", "AbortError")],
  ["an Error named AbortError", () => Object.assign(new Error("aborted"), { name: "AbortError" })],
  ["new Error(String(reason))", (r) => new Error(String(r))],
];

describe("async bodies that reject with their API's abort error", () => {
  for (const [what, make] of styles) {
    it(`${what}: the task ends cancelled; timeout() gives TimeoutError; a TaskGroup reports only the real error`, async () => {
      const out = await run(function* () {
        const t = createTask(async (signal: AbortSignal) => abortable(signal, make));
        yield* sleep(1);
        t.cancel("stop");
        let err: unknown;
        try {
          yield* t;
        } catch (e) {
          err = e;
        }
        let timedOut = false;
        try {
          yield* timeout(5, function* () {
            yield* createTask(async (signal: AbortSignal) => abortable(signal, make));
          });
        } catch (e) {
          timedOut = e instanceof TimeoutError;
        }
        let group: unknown;
        try {
          yield* taskGroup(function* (tg) {
            tg.createTask(async (signal: AbortSignal) => abortable(signal, make));
            tg.createTask(async () => {
              await sleep(2);
              throw new RangeError("the real one");
            });
          });
        } catch (e) {
          group = e;
        }
        return { cancelled: t.cancelled(), isCancel: err instanceof CancelledError, timedOut, groupErrors: (group as AggregateError).errors.map((e: Error) => e.message) };
      });
      expect(out).toEqual({ cancelled: true, isCancel: true, timedOut: true, groupErrors: ["the real one"] });
    });
  }

  it("another error after the cancel is the task's outcome", async () => {
    const out = await run(function* () {
      const t = createTask(async (signal: AbortSignal) => {
        await abortable(signal, (r) => r).catch(() => undefined);
        throw new RangeError("cleanup failed");
      });
      yield* sleep(1);
      t.cancel();
      try {
        yield* t;
      } catch (e) {
        return [(e as Error).message, t.cancelled()];
      }
    });
    expect(out).toEqual(["cleanup failed", false]);
  });
});
