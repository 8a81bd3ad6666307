// Node only: these scenarios cancel async-function tasks at their next wasyncio await, which
// needs async context tracking (AsyncLocalStorage); browsers deliver it through task.signal.
// Conformance: async-function tasks, the interop side of wasyncio (API.md: they get asyncio's
// cancellation, not its orderings), against the same program written with coroutines in
// CPython 3.13. The twin of tests/cpython/loop/async_function_tasks.py: no tick lines there, and every
// line is ordered by distinct timers or an await, so microtask resumption cannot reorder it.

import { describe } from "vitest";
import { CancelledError, createTask, currentTask, ExceptionGroup, gather, getRunningLoop, run, sleep, taskGroup, TimeoutError, waitFor, type Task } from "../../../ts/index.ts";
import { VirtualClock } from "../../../host/clock.ts";
import { Boom, conformance, ename, outcome, repr } from "../../cpython/trace.ts";

describe("async-function tasks", () => {
  conformance("async_function_tasks", async (print) => {
    await run(async () => {
      const worker = async (name: string, delay: number) => {
        print(`${name} starts`);
        await sleep(delay);
        print(`${name} woke`);
        return name;
      };
      const named = async () => {
        print(`current task inside: ${currentTask()!.getName()}`);
        await sleep(10);
        print(`current task after an await: ${currentTask()!.getName()}`);
        return "named";
      };
      print(`w1 -> ${await createTask(() => worker("w1", 100))}`);
      print(`named -> ${await createTask(named, { name: "the-task" })}`);

      const s = createTask(async () => {
        try {
          await sleep(1000);
        } catch (e) {
          if (e instanceof CancelledError) print("sleeper got CancelledError");
          throw e;
        }
      });
      await sleep(50);
      print(`cancel -> ${repr(s.cancel())}`);
      try {
        await s;
      } catch (e) {
        if (!(e instanceof CancelledError)) throw e;
        print(`sleeper ${outcome(s)} cancelling ${s.cancelling()}`);
      }

      const w = createTask(async () => {
        try {
          await sleep(1000);
        } catch (e) {
          if (!(e instanceof CancelledError)) throw e;
          print("swallower swallows");
        }
        await sleep(10);
        return "kept";
      });
      await sleep(50);
      w.cancel();
      print(`swallower -> ${await w} cancelling ${w.cancelling()}`);

      const r = await gather(() => worker("g1", 30), () => worker("g2", 10));
      print(`gather -> ${repr(r)}`);

      const loop = getRunningLoop();
      const fut = loop.createFuture<string>();
      loop.callLater(20, () => fut.setResult("from timer"));
      print(`future -> ${await createTask(async () => await fut)}`);
    }, { clock: new VirtualClock({ autojump: true }) });
  });

  conformance("async_interop_cancel", async (print) => {
    const sleeperAsync = async (name: string, delay: number) => {
      try {
        await sleep(delay);
      } catch (e) {
        if (e instanceof CancelledError) print(`${name} cancelled`);
        throw e;
      }
      return name;
    };
    const failerAsync = async (delay: number) => {
      await sleep(delay);
      throw new Boom("async");
    };
    await run(function* () {
      const inner = createTask(() => sleeperAsync("async inner", 1000));
      function* outerGen() {
        try {
          return yield* inner;
        } catch (e) {
          if (e instanceof CancelledError) print("generator outer cancelled");
          throw e;
        }
      }
      const outer = createTask(outerGen());
      yield* sleep(50);
      outer.cancel();
      yield* gather(outer, { returnExceptions: true });
      print(`outer ${outcome(outer)} inner ${outcome(inner)}`);

      const t = createTask(() => sleeperAsync("async waited", 1000));
      try {
        yield* waitFor(t, 100);
      } catch (e) {
        if (!(e instanceof TimeoutError)) throw e;
        print(`wait_for: TimeoutError, task ${outcome(t)}`);
      }

      let s!: Task<string>;
      try {
        yield* taskGroup(function* (tg) {
          s = tg.createTask(() => sleeperAsync("async sibling", 1000));
          tg.createTask(() => failerAsync(50));
        });
      } catch (e) {
        if (!(e instanceof ExceptionGroup)) throw e;
        print(`ExceptionGroup ${repr(e.errors.map(ename))}, sibling ${outcome(s)}`);
      }

      const r = yield* gather(() => sleeperAsync("g-async", 20), createTask(() => sleeperAsync("g-task", 10)));
      print(`gather -> ${repr(r)}`);
    }, { clock: new VirtualClock({ autojump: true }) });
  });
});
