// Conformance: run() and Runner, against CPython 3.13: what is left when main returns is
// cancelled and awaited at close. Each conformance("x", ...) is the twin of tests/cpython/loop/x.py.

import { describe } from "vitest";
import { allTasks, CancelledError, createTask, currentTask, getRunningLoop, KeyboardInterrupt, run, Runner, sleep, SystemExit } from "../../ts/index.ts";
import { Boom, conformance, ename, outcome, repr } from "../cpython/trace.ts";

describe("run() and Runner", () => {
  conformance("run_leftover_tasks", async (print) => {
    function* leftover(name: string, cleanupHops: number) {
      try {
        yield* sleep(10_000);
      } catch (e) {
        if (e instanceof CancelledError) {
          print(`${name} cancelled at close`);
          for (let i = 0; i < cleanupHops; i++) {
            yield* sleep(0);
            print(`${name} cleanup hop ${i}`);
          }
        }
        throw e;
      } finally {
        print(`${name} finally`);
      }
    }
    function* stubborn() {
      try {
        yield* sleep(10_000);
      } catch (e) {
        if (!(e instanceof CancelledError)) throw e;
        print("stubborn swallows the close cancel");
      }
      return "stubborn result";
    }
    function* main() {
      createTask(leftover("a", 2));
      yield* sleep(0);
      print("main returns");
      return "main result";
    }
    function* main2() {
      createTask(stubborn());
      yield* sleep(0);
      print("main2 returns");
      return "main2 result";
    }
    print(`run -> ${await run(main)}`);
    print(`run -> ${await run(main2)}`);

    const runner = new Runner();
    function* first() {
      createTask(leftover("kept", 0));
      yield* sleep(0);
      print("first returns");
      return 1;
    }
    function* second() {
      print(`second sees ${allTasks().size} tasks`);
      return 2;
    }
    print(`runner.run -> ${await runner.run(first)}`);
    print(`runner.run -> ${await runner.run(second)}`);
    print("closing runner");
    await runner.close();
    print("runner closed");
  });

  conformance("base_exceptions_escape", async (print) => {
    function* mainSi() {
      function* exits(): Generator<unknown, never, unknown> {
        yield* sleep(0);
        print("child raises SystemExit");
        throw new SystemExit(3);
      }
      const t = createTask(exits());
      try {
        yield* sleep(10_000);
        print("not reached");
      } catch (e) {
        if (e instanceof CancelledError) print(`main cancelled at shutdown, child ${outcome(t)}`);
        throw e;
      }
    }
    try {
      await run(mainSi);
    } catch (e) {
      if (!(e instanceof SystemExit)) throw e;
      print(`run raised SystemExit ${e.code}`);
    }
    function* mainKi(): Generator<unknown, never, unknown> {
      print("main raises KeyboardInterrupt");
      throw new KeyboardInterrupt();
    }
    try {
      await run(mainKi);
    } catch (e) {
      if (!(e instanceof KeyboardInterrupt)) throw e;
      print("run raised KeyboardInterrupt");
    }
    function* mainCb() {
      getRunningLoop().callSoon(() => {
        print("callback raises SystemExit");
        throw new SystemExit(5);
      });
      try {
        yield* sleep(10_000);
      } catch (e) {
        if (e instanceof CancelledError) print("main cancelled at shutdown");
        throw e;
      }
    }
    try {
      await run(mainCb);
    } catch (e) {
      if (!(e instanceof SystemExit)) throw e;
      print(`run raised SystemExit ${e.code}`);
    }
  });

  conformance("run_shutdown_errors", async (print) => {
    function* badCleanup() {
      try {
        yield* sleep(10_000);
      } catch (e) {
        if (e instanceof CancelledError) {
          print("leftover raises Boom in its cleanup");
          throw new Boom();
        }
        throw e;
      }
    }
    function* main() {
      const loop = getRunningLoop();
      loop.setExceptionHandler((_lp, ctx) =>
        print(`handler: exception=${ename(ctx.exception)} has task=${repr(ctx.task !== undefined)}`),
      );
      createTask(badCleanup());
      yield* sleep(0);
      print("main returns");
      return "value";
    }
    print(`run -> ${await run(main)}`);
  });

  conformance("run_main_cancelled", async (print) => {
    function* main() {
      const me = currentTask()!;
      getRunningLoop().callSoon(() => me.cancel());
      try {
        yield* sleep(1000);
      } finally {
        print(`main finally, cancelling ${me.cancelling()}`);
      }
    }
    try {
      await run(main);
    } catch (e) {
      if (!(e instanceof CancelledError)) throw e;
      print("run raised CancelledError");
    }
    function* main2() {
      const me = currentTask()!;
      getRunningLoop().callSoon(() => me.cancel());
      try {
        yield* sleep(1000);
      } catch (e) {
        if (!(e instanceof CancelledError)) throw e;
        print("main2 swallows");
      }
      return "main2 value";
    }
    print(`run -> ${await run(main2)}`);
  });
});
