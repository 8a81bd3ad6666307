// Conformance: the low-level loop (runForever/stop, runUntilComplete, close) and the exception
// handler, against CPython 3.13. Each conformance("x", ...) is the twin of tests/cpython/loop/x.py.

import { describe } from "vitest";
import { currentTask, getRunningLoop, newEventLoop, run, sleep, type EventLoop } from "../../../ts/index.ts";
import { Boom, conformance, ename, repr } from "../../cpython/trace.ts";

describe("EventLoop", () => {
  conformance("loop_stop_run_forever", async (print) => {
    const loop = newEventLoop();
    const cb = (name: string, then?: string) => {
      print(`cb ${name} current_task=${repr(currentTask())}`);
      if (then) loop.callSoon(cb, then);
    };
    loop.callSoon(cb, "a", "a2");
    loop.callSoon(() => loop.stop());
    loop.callSoon(cb, "b", "b2");
    print("run_forever 1");
    await loop.runForever();
    print("stopped 1");
    loop.callSoon(cb, "c");
    loop.callSoon(() => loop.stop());
    print("run_forever 2");
    await loop.runForever();
    print("stopped 2");

    const fut = loop.createFuture<string>();
    loop.callLater(10, () => fut.setResult("from timer"));
    print(`run_until_complete -> ${await loop.runUntilComplete(fut)}`);
    function* coro() {
      yield* sleep(0);
      return "from coro";
    }
    print(`run_until_complete -> ${await loop.runUntilComplete(coro())}`);
    print(`is_running=${repr(loop.isRunning())} is_closed=${repr(loop.isClosed())}`);
    loop.close();
    print(`is_closed=${repr(loop.isClosed())}`);
    loop.close();
    print("close twice ok");
  });

  conformance("exception_handler", async (print) => {
    function* main(): Generator<unknown, never, unknown> {
      const loop = getRunningLoop();
      const handler = (lp: EventLoop, ctx: { message?: unknown; exception?: unknown; handle?: unknown }) => {
        print(
          `handler: same loop=${repr(lp === loop)} exception=${ename(ctx.exception)} ` +
            `has message=${repr(ctx.message !== undefined)} has handle=${repr(ctx.handle !== undefined)}`,
        );
      };
      loop.setExceptionHandler(handler);
      print(`get_exception_handler is handler: ${repr(loop.getExceptionHandler() === handler)}`);
      loop.callSoon(() => {
        print("bad raises");
        throw new Boom();
      });
      loop.callSoon(() => print("next callback runs"));
      yield* sleep(0);
      yield* sleep(0);
      loop.callExceptionHandler({ message: "custom", exception: new Boom() });
      loop.setExceptionHandler(null);
      print(`get_exception_handler after reset: ${repr(loop.getExceptionHandler())}`);
      throw new Boom("from main");
    }
    try {
      await run(main);
    } catch (e) {
      if (!(e instanceof Boom)) throw e;
      print(`run raised Boom ${e.message}`);
    }
  });
});
