// Conformance: TaskGroup, against CPython 3.13.
// `async with asyncio.TaskGroup() as tg:` is `yield* taskGroup(function* (tg) { ... })`.
// Each conformance("x", ...) is the twin of tests/cpython/loop/x.py.

import { describe } from "vitest";
import { CancelledError, createTask, currentTask, ExceptionGroup, run, sleep, taskGroup, timeout, TimeoutError, type Task, type TaskGroup, type Timeout } from "../../../ts/index.ts";
import { VirtualClock } from "../../../host/clock.ts";
import { Boom, conformance, ename, outcome, repr, startTicker, worker } from "../../cpython/trace.ts";

function isCancel(e: unknown): e is CancelledError {
  return e instanceof CancelledError;
}

/** Python's `[ename(e) + ' ' + str(e) for e in eg.exceptions]`. */
const members = (eg: ExceptionGroup) => repr(eg.errors.map((e) => `${ename(e)} ${(e as Error).message}`));

describe("taskGroup()", () => {
  conformance("taskgroup_errors", async (print) => {
    await run(function* () {
      const stop = startTicker(print);
      const me = currentTask()!;
      const ts: Record<string, Task<string>> = {};
      try {
        yield* taskGroup(function* (tg) {
          ts.a = tg.createTask(worker(print, "a", 5));
          ts.b = tg.createTask(worker(print, "b", 1, true));
          ts.c = tg.createTask(worker(print, "c", 1, true));
          ts.d = tg.createTask(worker(print, "d", 0));
          try {
            yield* sleep(10_000);
          } catch (e) {
            if (isCancel(e)) print(`body cancelled, cancelling ${me.cancelling()}`);
            throw e;
          }
        });
      } catch (e) {
        if (!(e instanceof ExceptionGroup)) throw e;
        print(`ExceptionGroup ${members(e)}`);
      }
      print(Object.entries(ts).map(([n, t]) => `${n} ${outcome(t)}`).join(" "));
      print(`after group cancelling ${me.cancelling()}`);

      try {
        yield* taskGroup(function* (tg) {
          tg.createTask(worker(print, "e", 3));
          yield* sleep(0);
          print("body raises");
          throw new Boom("body");
        });
      } catch (e) {
        if (!(e instanceof ExceptionGroup)) throw e;
        print(`ExceptionGroup ${members(e)}`);
      }

      let f!: Task<string>;
      let g!: Task<string>;
      yield* taskGroup(function* (tg) {
        f = tg.createTask(worker(print, "f", 3));
        g = tg.createTask(worker(print, "g", 2));
        yield* sleep(0);
        f.cancel();
      });
      print(`group exits normally: f ${outcome(f)} g ${outcome(g)}`);

      let h!: Task<string>;
      yield* taskGroup(function* (tg) {
        h = tg.createTask(worker(print, "h", 1));
      });
      print(`h ${outcome(h)} cancelling ${me.cancelling()}`);
      stop();
    });
  });

  conformance("taskgroup_cancel_count", async (print) => {
    await run(function* () {
      const stop = startTicker(print);

      function* parent1() {
        const me = currentTask()!;
        try {
          yield* taskGroup(function* (tg) {
            tg.createTask(worker(print, "p1-child", 5));
            yield* sleep(10_000);
          });
        } catch (e) {
          if (isCancel(e)) print(`parent1 CancelledError, cancelling ${me.cancelling()}`);
          throw e;
        }
      }
      let t: Task<unknown> = createTask(parent1());
      yield* sleep(0);
      yield* sleep(0);
      t.cancel();
      try {
        yield* t;
      } catch (e) {
        if (!isCancel(e)) throw e;
      }
      print(`parent1 ${outcome(t)} cancelling ${t.cancelling()}`);

      function* parent2() {
        const me = currentTask()!;
        try {
          yield* taskGroup(function* (tg) {
            tg.createTask(worker(print, "p2-fail", 1, true));
            tg.createTask(worker(print, "p2-slow", 5));
            try {
              yield* sleep(10_000);
            } catch (e) {
              if (isCancel(e)) {
                print(`parent2 body cancelled, cancelling ${me.cancelling()}`);
                me.cancel();
              }
              throw e;
            }
          });
        } catch (e) {
          if (e instanceof ExceptionGroup) {
            print(`parent2 ExceptionGroup ${repr(e.errors.map(ename))}, cancelling ${me.cancelling()}`);
          } else {
            if (isCancel(e)) print(`parent2 CancelledError, cancelling ${me.cancelling()}`);
            throw e;
          }
        }
        try {
          yield* sleep(0);
          print("parent2 not reached");
        } catch (e) {
          if (isCancel(e)) print(`parent2 re-cancelled at next await, cancelling ${me.cancelling()}`);
          throw e;
        }
      }
      t = createTask(parent2());
      try {
        yield* t;
      } catch (e) {
        if (!isCancel(e)) throw e;
      }
      print(`parent2 ${outcome(t)} cancelling ${t.cancelling()}`);

      function* parent3() {
        const me = currentTask()!;
        try {
          yield* taskGroup(function* (tg) {
            tg.createTask(worker(print, "p3-fail", 1, true));
            yield* sleep(10_000);
          });
        } catch (e) {
          if (!(e instanceof ExceptionGroup)) throw e;
          print(`parent3 ExceptionGroup, cancelling ${me.cancelling()}`);
        }
        yield* sleep(0);
        print("parent3 continues");
        return "p3";
      }
      print(`parent3 -> ${yield* createTask(parent3())}`);
      stop();
    });
  });

  conformance("taskgroup_create_task_errors", async (print) => {
    function* never(name: string) {
      print(`${name} runs (not expected)`);
    }
    function* fail(): Generator<unknown, never, unknown> {
      throw new Boom();
    }
    await run(function* () {
      let tg!: TaskGroup;
      yield* taskGroup(function* (g) {
        tg = g;
        tg.createTask((function* () {
          yield* sleep(0);
        })());
      });
      try {
        tg.createTask(never("after exit"));
      } catch (e) {
        print(`after exit: ${ename(e)}`);
      }

      let empty!: TaskGroup;
      yield* taskGroup(function* (g) {
        empty = g;
      });
      try {
        empty.createTask(never("after empty exit"));
      } catch (e) {
        print(`after empty exit: ${ename(e)}`);
      }

      try {
        yield* taskGroup(function* (g) {
          g.createTask(fail());
          try {
            yield* sleep(1000);
          } catch (e) {
            if (isCancel(e)) {
              try {
                g.createTask(never("while aborting"));
              } catch (e2) {
                print(`while aborting: ${ename(e2)}`);
              }
            }
            throw e;
          }
        });
      } catch (e) {
        if (!(e instanceof ExceptionGroup)) throw e;
        print(`ExceptionGroup ${repr(e.errors.map(ename))}`);
      }
      yield* sleep(0);
      yield* sleep(0);
      print("done");
    });
  });

  conformance("taskgroup_nested", async (print) => {
    const shape = (eg: ExceptionGroup): unknown[] =>
      eg.errors.map((e) => (e instanceof ExceptionGroup ? shape(e) : `${ename(e)} ${(e as Error).message}`));
    await run(function* () {
      const stop = startTicker(print);
      const me = currentTask()!;
      function* innerGroup(fail: boolean) {
        try {
          yield* taskGroup(function* (tg) {
            tg.createTask(worker(print, "inner-a", 4));
            tg.createTask(worker(print, "inner-b", 1, fail));
            yield* sleep(10_000);
          });
        } catch (e) {
          if (isCancel(e)) print("inner group body cancelled");
          throw e;
        }
      }
      try {
        yield* taskGroup(function* (tg) {
          tg.createTask(innerGroup(true));
          tg.createTask(worker(print, "outer-c", 5));
        });
      } catch (e) {
        if (!(e instanceof ExceptionGroup)) throw e;
        print(`outer: ${repr(shape(e))}`);
      }
      print(`cancelling ${me.cancelling()}`);

      try {
        yield* taskGroup(function* (tg) {
          tg.createTask(innerGroup(false));
          tg.createTask(worker(print, "outer-d", 2, true));
        });
      } catch (e) {
        if (!(e instanceof ExceptionGroup)) throw e;
        print(`outer: ${repr(shape(e))}`);
      }
      print(`cancelling ${me.cancelling()}`);

      try {
        yield* taskGroup(function* (outer) {
          outer.createTask(worker(print, "sibling", 3));
          yield* taskGroup(function* (inner) {
            inner.createTask(worker(print, "nested", 1, true));
          });
          print("not reached");
        });
      } catch (e) {
        if (!(e instanceof ExceptionGroup)) throw e;
        print(`body-nested: ${repr(shape(e))}`);
      }
      print(`cancelling ${me.cancelling()}`);
      stop();
    });
  });

  conformance("taskgroup_exit_cancel", async (print) => {
    function* kid(name: string) {
      try {
        yield* sleep(10_000);
      } catch (e) {
        if (isCancel(e)) {
          print(`${name} cancelled, cleaning up`);
          yield* sleep(0);
          yield* sleep(0);
          print(`${name} cleanup done`);
        }
        throw e;
      }
    }
    function* swallower(name: string) {
      try {
        yield* sleep(10_000);
      } catch (e) {
        if (!isCancel(e)) throw e;
        yield* sleep(0);
      }
      return name;
    }
    await run(function* () {
      const stop = startTicker(print);
      const ts: Record<string, Task<unknown>> = {};
      function* parent() {
        try {
          yield* taskGroup(function* (tg) {
            ts.a = tg.createTask(kid("a"));
            ts.b = tg.createTask(swallower("b"));
            print("body done");
          });
          print("not reached");
        } catch (e) {
          if (isCancel(e)) print(`parent CancelledError after children: a ${outcome(ts.a)} b ${outcome(ts.b)}`);
          throw e;
        }
      }
      const p = createTask(parent());
      yield* sleep(0);
      yield* sleep(0);
      print(`cancel parent -> ${repr(p.cancel())}`);
      try {
        yield* p;
      } catch (e) {
        if (!isCancel(e)) throw e;
        print(`parent ${outcome(p)} cancelling ${p.cancelling()}`);
      }
      stop();
    });
  });

  conformance("taskgroup_in_timeout", async (print) => {
    function* kid(name: string, delay: number, cleanup = 0, fail = false) {
      try {
        yield* sleep(delay);
      } catch (e) {
        if (isCancel(e)) {
          print(`${name} cancelled`);
          if (cleanup) {
            yield* sleep(cleanup);
            print(`${name} cleanup done`);
          }
        }
        throw e;
      }
      if (fail) {
        print(`${name} raises`);
        throw new Boom(name);
      }
      return name;
    }
    await run(function* () {
      const me = currentTask()!;
      try {
        yield* timeout(100, function* () {
          yield* taskGroup(function* (tg) {
            tg.createTask(kid("a", 1000));
          });
        });
      } catch (e) {
        if (!(e instanceof TimeoutError)) throw e;
        print(`1: TimeoutError, cancelling ${me.cancelling()}`);
      }

      let cm!: Timeout;
      try {
        yield* timeout(100, function* (c) {
          cm = c;
          yield* taskGroup(function* (tg) {
            tg.createTask(kid("b", 1000, 100));
            tg.createTask(kid("c", 50, 0, true));
          });
        });
      } catch (e) {
        if (e instanceof TimeoutError) print(`2: TimeoutError, cancelling ${me.cancelling()}`);
        else if (e instanceof ExceptionGroup) {
          print(`2: ExceptionGroup ${repr(e.errors.map(ename))}, expired=${repr(cm.expired())}, cancelling ${me.cancelling()}`);
        } else throw e;
      }
      try {
        yield* sleep(0);
        print("2: next await fine");
      } catch (e) {
        if (!isCancel(e)) throw e;
        print("2: next await CancelledError");
        me.uncancel();
      }

      function* timedChild() {
        try {
          yield* timeout(50, function* () {
            yield* sleep(1000);
          });
        } catch (e) {
          if (!(e instanceof TimeoutError)) throw e;
          print("child's own timeout: TimeoutError");
          return "recovered";
        }
      }
      let t!: Task<unknown>;
      let s!: Task<unknown>;
      yield* taskGroup(function* (tg) {
        t = tg.createTask(timedChild());
        s = tg.createTask(kid("sibling", 100));
      });
      print(`3: ${outcome(t)} ${outcome(s)}, cancelling ${me.cancelling()}`);
    }, { clock: new VirtualClock({ autojump: true }) });
  });
});
