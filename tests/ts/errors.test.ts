// Conformance: the exception class of each misuse (ASYNCIO-SEMANTICS §2), against CPython 3.13;
// classes only, never messages. ValueError is RangeError (API.md); trace.ename maps it back.
// The twin of tests/cpython/loop/misuse_errors.py (which lists what has no wasyncio equivalent).

import { describe } from "vitest";
import { asCompleted, CancelledError, createTask, currentTask, getRunningLoop, newEventLoop, run, Runner, sleep, timeout, TimeoutError, wait, wrapPromise, type Timeout } from "../../ts/index.ts";
import { attempt, conformance, ename, type Print } from "../cpython/trace.ts";

function* attemptAsync(print: Print, label: string, make: () => unknown) {
  try {
    yield* make() as Iterable<unknown>;
    print(`${label}: no error`);
  } catch (e) {
    print(`${label}: ${ename(e)}`);
  }
}

/** Runs `fn`, which may throw or return a promise that rejects; the outcome's class name. */
async function attemptPromise(fn: () => unknown): Promise<string> {
  try {
    await fn();
    return "no error";
  } catch (e) {
    return ename(e);
  }
}

describe("misuse errors", () => {
  conformance("misuse_errors", async (print) => {
    print(`current_task() outside a loop: ${attempt(() => currentTask())}`);
    print(`get_running_loop() outside a loop: ${attempt(() => getRunningLoop())}`);

    await run(function* () {
      const loop = getRunningLoop();
      const fut = loop.createFuture<number>();
      print(`pending Future.result(): ${attempt(() => fut.result())}`);
      print(`pending Future.exception(): ${attempt(() => fut.exception())}`);
      fut.setResult(1);
      print(`Future.set_result() twice: ${attempt(() => fut.setResult(2))}`);
      print(`Future.set_exception() on done: ${attempt(() => fut.setException(new Error()))}`);
      const c = loop.createFuture<number>();
      c.cancel();
      print(`cancelled Future.result(): ${attempt(() => c.result())}`);
      print(`cancelled Future.exception(): ${attempt(() => c.exception())}`);

      const t = createTask((function* () {
        yield* sleep(0);
      })());
      print(`Task.set_result(): ${attempt(() => t.setResult(undefined))}`);
      print(`Task.set_exception(): ${attempt(() => t.setException(new Error()))}`);
      yield* t;

      yield* attemptAsync(print, "sleep(NaN)", () => sleep(NaN));
      yield* attemptAsync(print, "wait([])", () => wait([]));
      const f2 = loop.createFuture<number>();
      f2.setResult(0);
      yield* attemptAsync(print, "wait(return_when=bogus)", () => wait([f2], { returnWhen: "bogus" as any }));
      const co = (function* () {
        yield* sleep(0);
      })();
      yield* attemptAsync(print, "wait([coroutine])", () => wait([co as any]));
      print(`create_task(123): ${attempt(() => createTask(123 as any))}`);
      print(`call_later(None): ${attempt(() => loop.callLater(null as any, () => {}))}`);

      function* awaitsBadYield() {
        yield 5;
      }
      yield* attemptAsync(print, "bad yield", () => createTask(awaitsBadYield()));
      function* awaitsItself() {
        yield* currentTask()!;
      }
      yield* attemptAsync(print, "task awaits itself", () => createTask(awaitsItself()));

      let cm!: Timeout;
      yield* timeout(1000, function* (t) {
        cm = t;
      });
      print(`Timeout.reschedule() after exit: ${attempt(() => cm.reschedule(null))}`);

      try {
        yield* timeout(10, function* (cm2) {
          try {
            yield* sleep(1000);
          } catch (e) {
            if (e instanceof CancelledError) {
              print(`Timeout.reschedule() while expiring: ${attempt(() => cm2.reschedule(null))}`);
            }
            throw e;
          }
        });
      } catch (e) {
        if (!(e instanceof TimeoutError)) throw e;
      }

      const f3 = loop.createFuture<void>();
      yield* attemptAsync(print, "wait(a future)", () => wait(f3 as any));
      print(`as_completed(a future): ${attempt(() => asCompleted(f3 as any))}`);

      const nested = attemptPromise(() => run(function* () {}));
      print(`run() inside a running loop: ${yield* wrapPromise(nested)}`);
      print(`run_forever() inside a running loop: ${yield* wrapPromise(attemptPromise(() => loop.runForever()))}`);

      loop.setDebug(true);
      print(`call_soon(coroutine function) in debug mode: ${attempt(() => loop.callSoon(function* () {}))}`);
      loop.setDebug(false);
    });

    const runner = new Runner();
    await runner.run(function* () {
      yield* sleep(0);
    });
    await runner.close();
    print(`Runner.run() after close: ${await attemptPromise(() => runner.run(function* () {}))}`);

    const stopped = newEventLoop();
    const never = stopped.createFuture<void>();
    stopped.callSoon(() => stopped.stop());
    print(`run_until_complete() stopped before done: ${await attemptPromise(() => stopped.runUntilComplete(never))}`);
    stopped.close();

    const closed = newEventLoop();
    closed.close();
    print(`call_soon() on a closed loop: ${attempt(() => closed.callSoon(() => {}))}`);
    print(`create_task() on a closed loop: ${attempt(() => closed.createTask(function* () {}))}`);
    print(`run_until_complete() on a closed loop: ${await attemptPromise(() => closed.runUntilComplete(function* () {}))}`);
  });
});
