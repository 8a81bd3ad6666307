// Conformance: timeout() / timeoutAt() and Timeout, against CPython 3.13.
// `async with asyncio.timeout(s) as cm:` is `yield* timeout(ms, function* (cm) { ... })`.
// Each conformance("x", ...) is the twin of tests/cpython/loop/x.py.

import { describe } from "vitest";
import { CancelledError, createTask, currentTask, getRunningLoop, run, sleep, timeout, timeoutAt, TimeoutError, waitFor, type Timeout } from "../../../ts/index.ts";
import { VirtualClock } from "../../../host/clock.ts";
import { conformance, ename, outcome, repr, startTicker } from "../../cpython/trace.ts";

const virtual = () => ({ clock: new VirtualClock({ autojump: true }) });

function isCancel(e: unknown): e is CancelledError {
  return e instanceof CancelledError;
}

describe("timeout()", () => {
  conformance("timeout_basic", async (print) => {
    function* main() {
      const loop = getRunningLoop();
      let t0 = loop.time();
      const rel = (when: number | null) => (when === null ? null : Math.round(when - t0));
      let cm!: Timeout;

      try {
        yield* timeout(100, function* (t) {
          cm = t;
          print(`when ${repr(rel(cm.when()))} expired=${repr(cm.expired())}`);
          yield* sleep(1000);
        });
      } catch (e) {
        if (!(e instanceof TimeoutError)) throw e;
        print(`TimeoutError cause ${ename(e.cause)} expired=${repr(cm.expired())}`);
      }
      t0 = loop.time();

      yield* timeout(100, function* (t) {
        cm = t;
        cm.reschedule(loop.time() + 300);
        print(`rescheduled when ${repr(rel(cm.when()))}`);
        yield* sleep(200);
        print("slept past the first deadline");
      });
      print(`exited normally expired=${repr(cm.expired())}`);

      yield* timeout(100, function* (t) {
        cm = t;
        cm.reschedule(null);
        print(`when ${repr(cm.when())}`);
        yield* sleep(200);
      });
      print(`disabled: exited normally expired=${repr(cm.expired())}`);

      yield* timeout(null, function* (t) {
        cm = t;
        yield* sleep(50);
        print(`timeout(None) when ${repr(cm.when())}`);
        cm.reschedule(loop.time() + 50);
        try {
          yield* sleep(200);
        } catch (e) {
          if (isCancel(e)) print("body sees CancelledError");
          throw e;
        }
      });
      print("not reached");
    }

    function* past() {
      const loop = getRunningLoop();
      let cm!: Timeout;
      try {
        yield* timeout(500, function* (t) {
          cm = t;
          cm.reschedule(loop.time() - 1000);
          print(`expired after reschedule to past: ${repr(cm.expired())}`);
          yield* sleep(0);
          print("not reached: fires on the next iteration");
        });
      } catch (e) {
        if (!(e instanceof TimeoutError)) throw e;
        print(`past: TimeoutError expired=${repr(cm.expired())}`);
      }

      try {
        yield* timeout(-1000, function* () {
          print("timeout(-1) body runs until its first await");
          yield* sleep(0);
          print("not reached");
        });
      } catch (e) {
        if (!(e instanceof TimeoutError)) throw e;
        print("timeout(-1): TimeoutError");
      }

      try {
        yield* timeoutAt(loop.time() + 50, function* (t) {
          cm = t;
          yield* sleep(1000);
        });
      } catch (e) {
        if (!(e instanceof TimeoutError)) throw e;
        print(`timeout_at: TimeoutError expired=${repr(cm.expired())}`);
      }

      yield* timeout(50, function* () {});
      yield* sleep(100);
      print("no late expiry");
    }

    await run(function* () {
      try {
        yield* main();
      } catch (e) {
        if (!(e instanceof TimeoutError)) throw e;
        print("timeout(None) rescheduled: TimeoutError");
      }
      yield* past();
    }, virtual());
  });

  conformance("timeout_nested", async (print) => {
    function* kase(outerD: number, innerD: number, label: string) {
      let outer!: Timeout;
      let inner!: Timeout;
      try {
        yield* timeout(outerD, function* (o) {
          outer = o;
          try {
            yield* timeout(innerD, function* (i) {
              inner = i;
              yield* sleep(1000);
            });
          } catch (e) {
            if (e instanceof TimeoutError) {
              print(`${label}: inner raised TimeoutError (inner expired=${repr(inner.expired())})`);
              yield* sleep(200);
              print(`${label}: not reached`);
            } else {
              if (isCancel(e)) print(`${label}: inner raised CancelledError (inner expired=${repr(inner.expired())})`);
              throw e;
            }
          }
        });
      } catch (e) {
        if (!(e instanceof TimeoutError)) throw e;
        print(
          `${label}: outer raised TimeoutError (outer expired=${repr(outer.expired())} inner expired=${repr(inner.expired())})`,
        );
      }
      print(`${label}: cancelling ${currentTask()!.cancelling()}`);
    }

    await run(function* () {
      yield* kase(200, 100, "inner first");
      yield* kase(100, 200, "outer first");
      const loop = getRunningLoop();
      const when = loop.time() + 100;
      let outer!: Timeout;
      let inner!: Timeout;
      try {
        yield* timeoutAt(when, function* (o) {
          outer = o;
          try {
            yield* timeoutAt(when, function* (i) {
              inner = i;
              yield* sleep(1000);
            });
          } catch (e) {
            if (e instanceof TimeoutError) print("same: inner raised TimeoutError");
            else {
              if (isCancel(e)) print("same: inner raised CancelledError");
              throw e;
            }
          }
        });
      } catch (e) {
        if (!(e instanceof TimeoutError)) throw e;
        print(`same: outer raised TimeoutError (outer expired=${repr(outer.expired())} inner expired=${repr(inner.expired())})`);
      }
      print(`same: cancelling ${currentTask()!.cancelling()}`);
    }, virtual());
  });

  conformance("timeout_foreign_cancel", async (print) => {
    await run(function* () {
      function* body() {
        let cm!: Timeout;
        try {
          yield* timeout(1000, function* (t) {
            cm = t;
            yield* sleep(2000);
          });
        } catch (e) {
          if (e instanceof TimeoutError) print("not reached: TimeoutError");
          else {
            if (isCancel(e)) print(`body: CancelledError passes through, expired=${repr(cm.expired())}`);
            throw e;
          }
        }
      }
      const t = createTask(body());
      yield* sleep(50);
      t.cancel();
      yield* sleep(0);
      print(`t ${outcome(t)} cancelling ${t.cancelling()}`);

      const loop = getRunningLoop();
      const holder: { cm?: Timeout } = {};
      function* body2() {
        try {
          yield* timeout(100, function* (cm) {
            holder.cm = cm;
            yield* sleep(2000);
          });
        } catch (e) {
          if (e instanceof TimeoutError) print("not reached: TimeoutError");
          else {
            if (isCancel(e)) print(`body2: CancelledError passes through, expired=${repr(holder.cm!.expired())}`);
            throw e;
          }
        }
      }
      const t2 = createTask(body2());
      yield* sleep(0);
      loop.callAt(holder.cm!.when()!, () => t2.cancel());
      try {
        yield* t2;
      } catch (e) {
        if (!isCancel(e)) throw e;
      }
      print(`t2 ${outcome(t2)} cancelling ${t2.cancelling()}`);

      function* swallow() {
        let cm!: Timeout;
        yield* timeout(50, function* (t) {
          cm = t;
          try {
            yield* sleep(1000);
          } catch (e) {
            if (!isCancel(e)) throw e;
            print("swallow: swallowed");
          }
        });
        print(`swallow: exited normally, expired=${repr(cm.expired())} cancelling ${currentTask()!.cancelling()}`);
        return "ok";
      }
      print(`swallow -> ${yield* createTask(swallow())}`);
    }, virtual());
  });

  conformance("timeout_race_wakeup", async (print) => {
    const clock = new VirtualClock({ autojump: true });
    /** time.sleep() in the Python program: hold the loop past the pending timers. */
    const block = (ms: number) => clock.advance(ms);
    await run(function* () {
      const stop = startTicker(print);
      const loop = getRunningLoop();
      const fut = loop.createFuture<string>();
      const holder: { cm?: Timeout } = {};
      function* body() {
        yield* timeout(10_000, function* (cm) {
          holder.cm = cm;
          const v = yield* fut;
          print(`body got ${v}, expired=${repr(cm.expired())}`);
        });
        return "body done";
      }
      const t = createTask(body());
      yield* sleep(0);
      fut.setResult("value");
      holder.cm!.reschedule(loop.time() - 1000);
      print("result set, deadline moved to the past");
      print(`t -> ${yield* t}`);
      stop();

      const fut2 = loop.createFuture<string>();
      function* body2() {
        let cm!: Timeout;
        try {
          yield* timeout(200, function* (c) {
            cm = c;
            const v = yield* fut2;
            print(`not reached: got ${v}`);
          });
        } catch (e) {
          if (!(e instanceof TimeoutError)) throw e;
          print(`body2: TimeoutError cause ${ename(e.cause)} expired=${repr(cm.expired())}`);
        }
      }
      const t2 = createTask(body2());
      yield* sleep(0);
      loop.callLater(100, () => fut2.setResult("value"));
      block(500);
      yield* t2;
      print(`fut2 result ${fut2.result()}`);

      const fut3 = loop.createFuture<string>();
      loop.callLater(100, () => fut3.setResult("value"));
      function* body3() {
        try {
          print(`wait_for -> ${yield* waitFor(fut3, 200)}`);
        } catch (e) {
          if (!(e instanceof TimeoutError)) throw e;
          print("wait_for: TimeoutError");
        }
      }
      const t3 = createTask(body3());
      yield* sleep(0);
      block(500);
      yield* t3;
      print(`fut3 result ${fut3.result()}`);
    }, { clock });
  });
});
