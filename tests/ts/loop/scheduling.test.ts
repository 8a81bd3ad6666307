// Conformance: loop iterations, the ready queue, timers and task start-up, against CPython 3.13.
// Each conformance("x", ...) is the twin of tests/cpython/loop/x.py (read them side by side).

import { describe } from "vitest";
import { allTasks, CancelledError, createTask, ensureFuture, isFuture, newEventLoop, RuntimeError, Task, eagerTaskFactory, ExceptionGroup, currentTask, gather, getRunningLoop, run, sleep, taskGroup, type Future } from "../../../ts/index.ts";
import { VirtualClock } from "../../../host/clock.ts";
import { Boom, conformance, ename, outcome, repr, startTicker } from "../../cpython/trace.ts";

const virtual = () => ({ clock: new VirtualClock({ autojump: true }) });

describe("task start-up and await iteration counts", () => {
  conformance("create_task_next_iteration", async (print) => {
    function* child(name: string) {
      print(`${name} step 1`);
      yield* sleep(0);
      print(`${name} step 2`);
    }
    await run(function* () {
      const stop = startTicker(print);
      print("main before create_task");
      const a = createTask(child("a"));
      print("main after create_task a");
      const b = createTask(child("b"));
      print("main after create_task b");
      yield* sleep(0);
      print("main after sleep(0)");
      const c = createTask(child("c"));
      print("main after create_task c");
      yield* gather(a, b, c);
      print("main done");
      stop();
    });
  });

  conformance("await_task_iterations", async (print) => {
    function* returnsImmediately() {
      print("child runs");
      return 7;
    }
    await run(function* () {
      const stop = startTicker(print);
      print("main start");
      let r = yield* createTask(returnsImmediately());
      print(`main got ${r} from task`);
      const fut = getRunningLoop().createFuture<number>();
      fut.setResult(3);
      r = yield* fut;
      print(`main got ${r} from done future`);
      r = yield* returnsImmediately();
      print(`main got ${r} from bare coroutine`);
      yield* sleep(0);
      print("main after sleep(0)");
      const t = createTask(returnsImmediately());
      yield* sleep(0);
      print(`main after sleep(0), task done=${repr(t.done())}`);
      r = yield* t;
      print(`main got ${r} from done task`);
      stop();
    });
  });

  conformance("future_wakeup_order", async (print) => {
    function* waiter(fut: Future<string>) {
      print("waiter waits");
      const v = yield* fut;
      print(`waiter got ${v}`);
    }
    function* setter(fut: Future<string>) {
      print("setter sets");
      fut.setResult("x");
      print("setter after set_result");
      yield* sleep(0);
      print("setter after sleep(0)");
    }
    await run(function* () {
      const stop = startTicker(print);
      const fut = getRunningLoop().createFuture<string>();
      const w = createTask(waiter(fut));
      yield* sleep(0);
      const s = createTask(setter(fut));
      yield* gather(w, s);
      print("main done");
      stop();
    });
  });

  conformance("sleep_zero", async (print) => {
    function* other() {
      for (let i = 0; i < 4; i++) {
        print(`other ${i}`);
        yield* sleep(0);
      }
    }
    await run(function* () {
      const stop = startTicker(print);
      const t = createTask(other());
      print("main sleep(0)");
      yield* sleep(0);
      print("main sleep(-1)");
      yield* sleep(-1);
      print(`main sleep(0, 'r') -> ${yield* sleep(0, "r")}`);
      yield; // asyncio's bare yield
      print("main after a bare yield");
      yield* t;
      stop();
      print(`main sleep(0.01, 'late') -> ${yield* sleep(10, "late")}`);
    }, virtual());
  });

  conformance("eager_tasks", async (print) => {
    await run(function* () {
      const stop = startTicker(print);
      currentTask()!.setName("main");
      const cur = () => currentTask()!.getName();

      function* quick() {
        print(`quick runs in ${cur()}`);
        return "q";
      }
      print(`before eager create, in ${cur()}`);
      const t = createTask(quick(), { eager: true, name: "eager-quick" });
      print(`after eager create: ${outcome(t)}, back in ${cur()}`);
      print(`in all_tasks: ${repr(allTasks().has(t))}`);
      print(`await done eager -> ${yield* t}`);

      function* slow(label: string) {
        print(`${label} step 1 in ${cur()}`);
        yield* sleep(0);
        print(`${label} step 2 in ${cur()}`);
        return label;
      }
      const s = createTask(slow("eager"), { eager: true, name: "eager-slow" });
      print(`after eager create slow: ${outcome(s)} in all_tasks: ${repr(allTasks().has(s))}`);
      const lazy = createTask(slow("lazy"), { name: "lazy-slow" });
      print(`lazy created: ${outcome(lazy)}`);
      print(`eager -> ${yield* s}`);
      print(`lazy -> ${yield* lazy}`);

      function* raises(): Generator<unknown, never, unknown> {
        print(`raises runs in ${cur()}`);
        throw new Boom();
      }
      const e = createTask(raises(), { eager: true, name: "eager-raises" });
      print(`eager raising: ${outcome(e)}`);

      function* cancelsItself() {
        currentTask()!.cancel();
        yield* sleep(0);
        print("not reached");
      }
      const c = createTask(cancelsItself(), { eager: true, name: "eager-cancel" });
      print(`eager self-cancel: ${outcome(c)}`);
      yield* sleep(0);
      print(`eager self-cancel: ${outcome(c)}`);
      stop();
    });
  });
});

describe("callbacks and the ready queue", () => {
  conformance("done_callbacks_order", async (print) => {
    await run(function* () {
      const stop = startTicker(print);
      const loop = getRunningLoop();
      const fut = loop.createFuture<number>();
      const cb = (name: string) => (f: Future<number>) => print(`cb ${name} sees ${f.result()}`);
      const soon = (name: string) => () => print(`soon ${name}`);

      const [cb1, cb2, cb3, cb4] = [cb("1"), cb("2"), cb("3"), cb("4")];
      fut.addDoneCallback(cb1);
      fut.addDoneCallback(cb2);
      fut.addDoneCallback(cb3);
      fut.addDoneCallback(cb3);
      print(`removed ${fut.removeDoneCallback(cb3)}`);
      fut.addDoneCallback(cb4);
      loop.callSoon(soon("A"));
      fut.setResult(42);
      print("after set_result");
      loop.callSoon(soon("B"));
      fut.addDoneCallback(cb("late"));
      loop.callSoon(soon("C"));
      print(`removed after done ${fut.removeDoneCallback(cb1)}`);
      yield* sleep(0);
      print("main after sleep(0)");
      yield* sleep(0);
      print("main after 2nd sleep(0)");

      function* child() {
        print("child returns");
        return "c";
      }
      const t = createTask(child());
      t.addDoneCallback((f) => print(`task cb sees ${f.result()}`));
      loop.callSoon(soon("D"));
      yield* t;
      print("main after await task");
      stop();
    });
  });

  conformance("call_soon_fifo", async (print) => {
    await run(function* () {
      const stop = startTicker(print);
      const loop = getRunningLoop();
      const cb = (name: string, depth: number) => {
        print(`cb ${name} depth ${depth}`);
        if (depth < 2) loop.callSoon(cb, name + "'", depth + 1);
      };
      loop.callSoon(cb, "a", 0);
      loop.callSoon(cb, "b", 0);
      loop.callSoon(print, "print with args", 1, 2);
      loop.callSoon(cb, "c", 1);
      print("main queued");
      for (let i = 0; i < 4; i++) {
        yield* sleep(0);
        print(`main resumed ${i}`);
      }
      stop();
    });
  });

  conformance("call_later_order", async (print) => {
    await run(function* () {
      const loop = getRunningLoop();
      const done = loop.createFuture<void>();
      const t0 = loop.time();
      const cb = (name: string) => print(`timer ${name}`);

      loop.callLater(300, cb, "c 300");
      loop.callLater(100, cb, "a 100");
      loop.callAt(t0 + 200, cb, "b at+200");
      loop.callLater(50, () => {
        print("timer z 50");
        loop.callSoon(cb, "soon from z");
      });
      loop.callLater(400, () => done.setResult());
      const h = loop.callLater(150, cb, "cancelled 150");
      print(`when-now ~ ${Math.round(h.when() - t0)}`);
      loop.callSoon(cb, "soon 0");
      loop.callLater(0, cb, "later 0");
      loop.callLater(-5, cb, "later -5");
      h.cancel();
      print("main waits");
      yield* done;
      print("main done");
    }, virtual());
  });

  conformance("handle_cancel", async (print) => {
    await run(function* () {
      const stop = startTicker(print);
      const loop = getRunningLoop();
      const hs: Record<string, ReturnType<typeof loop.callSoon>> = {};
      const cb = (name: string) => print(`cb ${name}`);
      const canceller = () => {
        print("canceller runs");
        hs.b.cancel();
        print(`b cancelled=${repr(hs.b.cancelled())}`);
      };
      loop.callSoon(canceller);
      hs.b = loop.callSoon(cb, "b");
      hs.c = loop.callSoon(cb, "c");
      print(`c cancelled=${repr(hs.c.cancelled())}`);
      hs.c.cancel();
      hs.c.cancel();
      print(`c cancelled=${repr(hs.c.cancelled())}`);
      loop.callSoon(cb, "d");
      yield* sleep(0);
      print("main after sleep(0)");

      const t = loop.callLater(50, cb, "timer");
      t.cancel();
      print(`timer cancelled=${repr(t.cancelled())}`);
      stop();
      yield* sleep(100);
      print("main done");
    }, virtual());
  });

  conformance("eager_task_factory", async (print) => {
    function* quick(name: string) {
      print(`${name} runs`);
      return name;
    }
    function* hop(name: string) {
      print(`${name} step 1`);
      yield* sleep(0);
      print(`${name} step 2`);
      return name;
    }
    await run(function* () {
      const stop = startTicker(print);
      const loop = getRunningLoop();
      loop.setTaskFactory(eagerTaskFactory);
      print(`factory set: ${repr(loop.getTaskFactory() === eagerTaskFactory)}`);
      const t = createTask(quick("t"));
      print(`after create_task: ${outcome(t)}`);
      const h = createTask(hop("h"));
      print(`after create_task: ${outcome(h)}`);
      const r = yield* gather(quick("g1"), hop("g2"));
      print(`gather -> ${repr(r)}`);
      yield* h;

      let b!: Task<string>;
      yield* taskGroup(function* (tg) {
        const a = tg.createTask(quick("tg-a"));
        print(`tg-a ${outcome(a)}`);
        b = tg.createTask(hop("tg-b"));
        print(`tg-b ${outcome(b)}`);
      });
      print(`group done: tg-b ${outcome(b)}`);

      function* fails(): Generator<unknown, never, unknown> {
        print("fails runs");
        throw new Boom();
      }
      try {
        yield* taskGroup(function* (tg) {
          tg.createTask(fails());
          print("body after eager failing child");
          tg.createTask(hop("after-fail"));
          print("body continues");
          yield* sleep(0);
          print("not reached");
        });
      } catch (e) {
        if (!(e instanceof ExceptionGroup)) throw e;
        print(`ExceptionGroup ${repr(e.errors.map(ename))}`);
      }
      loop.setTaskFactory(null);
      print(`factory reset: ${repr(loop.getTaskFactory())}`);
      const lazy = createTask(quick("lazy"));
      print(`after create_task: ${outcome(lazy)}`);
      yield* lazy;
      stop();
    });
  });

  conformance("timer_cancel_in_batch", async (print) => {
    const clock = new VirtualClock({ autojump: true });
    await run(function* () {
      const loop = getRunningLoop();
      const hs: Record<string, { cancel(): void }> = {};
      const cb = (name: string) => print(`timer ${name}`);
      const canceller = () => {
        print("timer t20 cancels t30");
        hs.t30.cancel();
        loop.callLater(-1, cb, "added from t20");
        loop.callSoon(cb, "soon from t20");
      };
      loop.callLater(40, cb, "t40");
      hs.t30 = loop.callLater(30, cb, "t30");
      loop.callLater(20, canceller);
      loop.callLater(10, cb, "t10");
      loop.callSoon(cb, "soon (ready before the timers)");
      const stop = startTicker(print);
      clock.advance(100); // time.sleep(0.1) in the Python program: the loop is held
      print("loop held past every deadline");
      yield* sleep(0);
      print("main after sleep(0)");
      yield* sleep(0);
      print("main after 2nd sleep(0)");
      stop();
    }, { clock });
  });

  conformance("future_waiters_order", async (print) => {
    await run(function* () {
      const stop = startTicker(print);
      const loop = getRunningLoop();
      const fut = loop.createFuture<string>();
      function* waiter(name: string) {
        const v = yield* fut;
        print(`task ${name} resumes with ${v}`);
      }
      const cb = (name: string) => () => print(`cb ${name}`);
      fut.addDoneCallback(cb("1"));
      const t1 = createTask(waiter("A"));
      yield* sleep(0);
      const c2 = cb("2");
      fut.addDoneCallback(c2);
      const t2 = createTask(waiter("B"));
      yield* sleep(0);
      fut.addDoneCallback(cb("3"));
      print(`removed ${fut.removeDoneCallback(c2)}`);
      fut.setResult("v");
      yield* gather(t1, t2);
      print("main done");
      stop();
    });
  });

  conformance("task_introspection", async (print) => {
    await run(function* () {
      const me = currentTask()!;
      function* quick() {
        return 1;
      }
      const coro = quick();
      const t = createTask(coro, { name: "first" });
      print(`get_coro is coro: ${repr(t.getCoro() === coro)}`);
      print(`name ${t.getName()}`);
      t.setName("renamed");
      print(`name ${t.getName()}`);
      yield* t;
      print(`after done get_coro is coro: ${repr(t.getCoro() === coro)}`);

      const e = createTask(quick(), { eager: true });
      print(`eager done: get_coro is None: ${repr(e.getCoro() === null)}`);

      function* fails(): Generator<unknown, never, unknown> {
        throw new Boom();
      }
      const f = createTask(fails());
      const errs: unknown[] = [];
      for (let i = 0; i < 2; i++) {
        try {
          yield* f;
        } catch (x) {
          if (!(x instanceof Boom)) throw x;
          errs.push(x);
        }
      }
      print(`same exception object: ${repr(errs[0] === errs[1])} and is exception(): ${repr(f.exception() === errs[0])}`);

      function* forever() {
        yield* sleep(10_000);
      }
      const c = createTask(forever());
      yield* sleep(0);
      const all = allTasks();
      print(`all_tasks has main=${repr(all.has(me))} c=${repr(all.has(c))} done t=${repr(all.has(t))} size=${all.size}`);
      c.cancel();
      yield* sleep(0);
      try {
        c.exception();
      } catch (x) {
        if (!(x instanceof CancelledError)) throw x;
        print("exception() of a cancelled task: CancelledError");
      }
      print(`all_tasks size=${allTasks().size}`);
    });
  });

  conformance("handle_after_run", async (print) => {
    await run(function* () {
      let stop = startTicker(print);
      const loop = getRunningLoop();
      const h = loop.callSoon(print, "soon ran");
      yield* sleep(0);
      print(`ran: cancelled=${repr(h.cancelled())}`);
      h.cancel();
      print(`cancel after run: cancelled=${repr(h.cancelled())}`);

      const t0 = loop.time();
      const th = loop.callAt(t0 + 250, print, "timer ran");
      print(`when-t0 ${Math.round(th.when() - t0)}`);
      const z = loop.callLater(0, print, "later 0 ran");
      print(`later 0: when-t0 ${Math.round(z.when() - t0)}`);
      stop();
      yield* sleep(300);
      th.cancel();
      print(`timer cancel after run: cancelled=${repr(th.cancelled())}`);

      stop = startTicker(print);
      const fut = loop.createFuture<number>();
      fut.addDoneCallback((f) => {
        print("outer cb, adds inner cb");
        f.addDoneCallback(() => print("inner cb"));
      });
      fut.addDoneCallback(() => print("second cb"));
      fut.setResult(1);
      yield* sleep(0);
      yield* sleep(0);
      print("main done");
      stop();
    }, virtual());
  });

  conformance("eager_edge_cases", async (print) => {
    await run(function* () {
      const stop = startTicker(print);
      const loop = getRunningLoop();
      function* cancelAndReturn() {
        currentTask()!.cancel();
        return "r";
      }
      const t = createTask(cancelAndReturn(), { eager: true });
      print(`cancel and return: ${outcome(t)}`);

      const fut = loop.createFuture<void>();
      function* cancelAndWait() {
        currentTask()!.cancel();
        yield* fut;
      }
      const u = createTask(cancelAndWait(), { eager: true });
      print(`cancel and wait: ${outcome(u)} fut cancelled=${repr(fut.cancelled())}`);
      yield* sleep(0);
      print(`cancel and wait: ${outcome(u)}`);

      loop.callSoon(() => {
        function* body() {
          print(`eager body current is a task: ${repr(currentTask() !== null)}`);
          yield* sleep(0);
          print("eager body step 2");
        }
        const e = createTask(body(), { eager: true });
        print(`callback after eager start: current_task=${repr(currentTask())} e ${outcome(e)}`);
      });
      yield* sleep(0);
      yield* sleep(0);
      print("main done");
      stop();
    });
  });

  conformance("future_misc", async (print) => {
    await run(function* () {
      const loop = getRunningLoop();
      const f = loop.createFuture<void>();
      f.setException(new CancelledError());
      print(`set_exception(CancelledError()): ${outcome(f)} cancelled()=${repr(f.cancelled())}`);

      const g = loop.createFuture<void>();
      function* waiter() {
        yield* g;
      }
      const t = createTask(waiter());
      yield* sleep(0);
      g.setException(new CancelledError());
      yield* sleep(0);
      yield* sleep(0);
      print(`task awaiting it: ${outcome(t)} cancelling ${t.cancelling()}`);

      const h = loop.createFuture<void>();
      h.setException(Boom);
      print(`set_exception(Boom) -> exception() is a Boom instance: ${repr(h.exception() instanceof Boom)}`);

      const seen: boolean[] = [];
      const k = loop.createFuture<number>();
      k.addDoneCallback((x) => seen.push(x === k));
      k.setResult(1);
      yield* sleep(0);
      print(`callback got the future: ${repr(seen)}`);

      function* coro() {
        return "c";
      }
      print(`ensure_future(fut) is fut: ${repr(ensureFuture(k) === k)}`);
      print(`ensure_future(task) is task: ${repr(ensureFuture(t) === t)}`);
      const c = ensureFuture(coro());
      print(`ensure_future(coro) is a Task: ${repr(c instanceof Task)} -> ${yield* c}`);
      print(`isfuture: fut=${repr(isFuture(k))} task=${repr(isFuture(t))} number=${repr(isFuture(5))}`);

      const other = newEventLoop();
      const foreign = other.createFuture<void>();
      function* awaitsForeign() {
        yield* foreign;
      }
      try {
        yield* createTask(awaitsForeign());
      } catch (e) {
        if (!(e instanceof RuntimeError)) throw e;
        print(`future of another loop: ${ename(e)}`);
      }
      other.close();
    });
  });
});
