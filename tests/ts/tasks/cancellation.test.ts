// Conformance: Task.cancel() / cancelling() / uncancel() and where CancelledError lands, against
// CPython 3.13. Each conformance("x", ...) is the twin of tests/cpython/loop/x.py.

import { describe } from "vitest";
import { CancelledError, createTask, currentTask, ExceptionGroup, gather, getRunningLoop, run, shield, sleep, taskGroup, timeout, TimeoutError, type Awaitable, type Task } from "../../../ts/index.ts";
import { VirtualClock } from "../../../host/clock.ts";
import { Boom, conformance, ename, outcome, repr, startTicker } from "../../cpython/trace.ts";

describe("Task.cancel() counting and delivery", () => {
  conformance("cancel_counting", async (print) => {
    function* body(name: string) {
      print(`${name} runs`);
      yield* sleep(0);
      print(`${name} finishes`);
      return name;
    }
    await run(function* () {
      const stop = startTicker(print);
      const t = createTask(body("t"));
      print(`cancel -> ${repr(t.cancel())}`);
      print(`cancel -> ${repr(t.cancel())}`);
      print(`cancel -> ${repr(t.cancel())}`);
      print(`cancelling ${t.cancelling()}`);
      print(`uncancel -> ${t.uncancel()}`);
      print(`uncancel -> ${t.uncancel()}`);
      print(`cancelling ${t.cancelling()}`);
      try {
        yield* t;
      } catch (e) {
        if (!(e instanceof CancelledError)) throw e;
        print("t raised CancelledError");
      }
      print(`t ${outcome(t)} cancelling ${t.cancelling()}`);
      print(`cancel done -> ${repr(t.cancel())}`);
      print(`uncancel done -> ${t.uncancel()}`);

      const u = createTask(body("u"));
      print(`cancel -> ${repr(u.cancel())}`);
      print(`uncancel -> ${u.uncancel()}`);
      print(`uncancel -> ${u.uncancel()}`);
      print(`u awaited -> ${yield* u}`);
      print(`u ${outcome(u)} cancelling ${u.cancelling()}`);
      print(`cancel done -> ${repr(u.cancel())}`);

      const fut = getRunningLoop().createFuture<void>();
      function* waiter() {
        try {
          yield* fut;
        } catch (e) {
          if (e instanceof CancelledError) print("waiter got CancelledError");
          throw e;
        }
      }
      const w = createTask(waiter());
      yield* sleep(0);
      print(`cancel waiter -> ${repr(w.cancel())} fut cancelled=${repr(fut.cancelled())}`);
      print(`cancel waiter -> ${repr(w.cancel())} cancelling ${w.cancelling()}`);
      yield* sleep(0);
      print(`w ${outcome(w)} cancelling ${w.cancelling()}`);

      const fut2 = getRunningLoop().createFuture<void>();
      function* plainWaiter() {
        yield* fut2;
      }
      const v = createTask(plainWaiter());
      const s = createTask(sleep(3_600_000));
      yield* sleep(0);
      fut2.cancel();
      s.cancel();
      yield* sleep(0);
      print(`v ${outcome(v)} cancelling ${v.cancelling()} uncancel -> ${v.uncancel()}`);
      print(`s ${outcome(s)} cancelling ${s.cancelling()} uncancel -> ${s.uncancel()} cancelling ${s.cancelling()}`);
      stop();
    });
  });

  conformance("cancelled_error_identity", async (print) => {
    await run(function* () {
      let inner: unknown;
      function* sleeper() {
        try {
          yield* sleep(3_600_000);
        } catch (e) {
          inner = e;
          throw e;
        }
      }
      const t = createTask(sleeper());
      yield* sleep(0);
      t.cancel("stop");
      const caught: CancelledError[] = [];
      for (let i = 0; i < 3; i++) {
        try {
          yield* t;
        } catch (e) {
          if (e instanceof CancelledError) caught.push(e);
        }
      }
      const args = (e: CancelledError) => (e.message ? `('${e.message}',)` : "()");
      print(`first is the coroutine's: ${repr(caught[0] === inner)}, args ${args(caught[0])}`);
      print(`second is the first: ${repr(caught[1] === caught[0])}, args ${args(caught[1])}`);
      print(`third is the second: ${repr(caught[2] === caught[1])}`);
      try {
        t.result();
      } catch (e) {
        print(`result() raises a fresh one: ${repr(e !== caught[2] && e !== inner)}`);
      }

      inner = undefined;
      const u = createTask(sleeper());
      yield* sleep(0);
      u.cancel("halt");
      yield* sleep(0);
      const raised: CancelledError[] = [];
      for (let i = 0; i < 2; i++) {
        try {
          u.exception();
        } catch (e) {
          if (e instanceof CancelledError) raised.push(e);
        }
      }
      print(`exception() first is the coroutine's: ${repr(raised[0] === inner)}, args ${args(raised[0])}; then a fresh one: ${repr(raised[1] !== inner)}, args ${args(raised[1])}`);
    });
  });

  conformance("cancel_after_wakeup", async (print) => {
    await run(function* () {
      const stop = startTicker(print);
      const fut = getRunningLoop().createFuture<string>();
      function* waiter() {
        try {
          const v = yield* fut;
          print(`waiter got ${v}`);
        } catch (e) {
          if (e instanceof CancelledError) print("waiter got CancelledError");
          throw e;
        }
      }
      const w = createTask(waiter());
      yield* sleep(0);
      fut.setResult("value");
      print(`cancel -> ${repr(w.cancel())}`);
      yield* sleep(0);
      print(`w ${outcome(w)} fut ${outcome(fut)}`);

      const fut2 = getRunningLoop().createFuture<string>();
      function* swallower() {
        try {
          yield* fut2;
          return "not reached";
        } catch (e) {
          if (!(e instanceof CancelledError)) throw e;
          print("swallower got CancelledError");
          return "swallowed";
        }
      }
      const s = createTask(swallower());
      yield* sleep(0);
      fut2.setResult("value");
      print(`cancel -> ${repr(s.cancel())}`);
      yield* sleep(0);
      print(`s ${outcome(s)} cancelling ${s.cancelling()}`);
      stop();
    });
  });

  conformance("cancel_final_step", async (print) => {
    await run(function* () {
      const stop = startTicker(print);
      function* selfCancel() {
        print(`cancel self -> ${repr(currentTask()!.cancel())}`);
        return "returned";
      }
      const t = createTask(selfCancel());
      yield* sleep(0);
      print(`t ${outcome(t)} cancelling ${t.cancelling()}`);

      function* cancelThenUncancel() {
        const me = currentTask()!;
        me.cancel();
        print(`uncancel -> ${me.uncancel()}`);
        return "returned";
      }
      const u = createTask(cancelThenUncancel());
      yield* sleep(0);
      print(`u ${outcome(u)}`);

      function* raisesCancelled(): Generator<unknown, never, unknown> {
        throw new CancelledError();
      }
      const r = createTask(raisesCancelled());
      yield* sleep(0);
      print(`r ${outcome(r)} cancelling ${r.cancelling()}`);

      function* twoSteps() {
        yield* sleep(0);
        print("two_steps last step");
        return "returned";
      }
      const s = createTask(twoSteps());
      yield* sleep(0);
      print(`cancel -> ${repr(s.cancel())}`);
      yield* sleep(0);
      print(`s ${outcome(s)}`);
      stop();
    });
  });

  conformance("cancel_swallowed", async (print) => {
    await run(function* () {
      const stop = startTicker(print);
      function* stubborn() {
        const me = currentTask()!;
        for (let i = 0; i < 2; i++) {
          try {
            yield* sleep(10_000);
          } catch (e) {
            if (!(e instanceof CancelledError)) throw e;
            print(`stubborn swallowed #${i} cancelling ${me.cancelling()}`);
          }
        }
        print(`stubborn uncancel -> ${me.uncancel()}`);
        print(`stubborn uncancel -> ${me.uncancel()}`);
        print(`stubborn uncancel -> ${me.uncancel()}`);
        yield* sleep(0);
        print("stubborn returns");
        return "done";
      }
      const t = createTask(stubborn());
      yield* sleep(0);
      print(`cancel -> ${repr(t.cancel())}`);
      yield* sleep(0);
      print(`after 1st cancel t ${outcome(t)} cancelling ${t.cancelling()}`);
      print(`cancel -> ${repr(t.cancel())}`);
      yield* sleep(0);
      yield* sleep(0);
      print(`t ${outcome(t)} cancelling ${t.cancelling()}`);
      stop();
    });
  });

  conformance("cancel_message", async (print) => {
    const msg = (e: unknown) => repr((e as Error).message);
    await run(function* () {
      const stop = startTicker(print);
      const loop = getRunningLoop();
      const fut = loop.createFuture<void>();
      fut.cancel("fut msg");
      try {
        fut.result();
      } catch (e) {
        if (e instanceof CancelledError) print(`fut.result() CancelledError ${msg(e)}`);
        else throw e;
      }

      function* sleeper() {
        try {
          yield* sleep(10_000);
        } catch (e) {
          if (e instanceof CancelledError) print(`inside CancelledError ${msg(e)}`);
          throw e;
        }
      }
      const t = createTask(sleeper());
      yield* sleep(0);
      t.cancel("task msg");
      try {
        yield* t;
      } catch (e) {
        if (e instanceof CancelledError) print(`await task CancelledError ${msg(e)}`);
        else throw e;
      }
      try {
        t.result();
      } catch (e) {
        if (e instanceof CancelledError) print("task.result() CancelledError");
        else throw e;
      }

      const u = createTask(sleeper());
      u.cancel("early msg");
      try {
        yield* u;
      } catch (e) {
        if (e instanceof CancelledError) print(`await early task CancelledError ${msg(e)}`);
        else throw e;
      }
      stop();
    });
  });

  conformance("cancel_propagation", async (print) => {
    const msg = (e: unknown) => repr((e as Error).message);
    function* sleeper(name: string) {
      try {
        yield* sleep(10_000);
      } catch (e) {
        if (e instanceof CancelledError) print(`${name} cancelled ${msg(e)}`);
        throw e;
      }
    }
    function* awaiter(name: string, aw: Awaitable<unknown>) {
      try {
        return yield* aw as Iterable<unknown>;
      } catch (e) {
        if (e instanceof CancelledError) print(`${name} cancelled ${msg(e)}`);
        throw e;
      }
    }
    await run(function* () {
      const stop = startTicker(print);
      const inner = createTask(sleeper("inner"));
      let outer = createTask(awaiter("outer", inner));
      yield* sleep(0);
      print(`outer.cancel -> ${repr(outer.cancel("stop it"))}`);
      yield* sleep(0);
      yield* sleep(0);
      print(`inner ${outcome(inner)} cancelling ${inner.cancelling()}; outer ${outcome(outer)} cancelling ${outer.cancelling()}`);

      const a = createTask(sleeper("a"));
      const b = createTask(sleeper("b"));
      const g = gather(a, b);
      outer = createTask(awaiter("gather-awaiter", g));
      yield* sleep(0);
      outer.cancel();
      for (let i = 0; i < 3; i++) yield* sleep(0);
      print(`a ${outcome(a)} b ${outcome(b)} gather ${outcome(g)} awaiter ${outcome(outer)}`);

      const prot = createTask(sleeper("protected"));
      outer = createTask(awaiter("shield-awaiter", shield(prot)));
      yield* sleep(0);
      outer.cancel();
      yield* sleep(0);
      yield* sleep(0);
      print(`protected ${outcome(prot)} awaiter ${outcome(outer)}`);
      prot.cancel();
      yield* sleep(0);

      const fut = getRunningLoop().createFuture<void>();
      const w = createTask(awaiter("future-awaiter", fut));
      yield* sleep(0);
      fut.cancel("fut msg");
      yield* sleep(0);
      print(`future-awaiter ${outcome(w)} cancelling ${w.cancelling()}`);
      stop();
    });
  });

  conformance("cancel_waiter_semantics", async (print) => {
    await run(function* () {
      const stop = startTicker(print);
      const loop = getRunningLoop();
      const fut = loop.createFuture<void>();
      function* selfThenAwait() {
        currentTask()!.cancel();
        print("cancelled self, awaiting a pending future");
        try {
          yield* fut;
        } catch (e) {
          if (e instanceof CancelledError) print(`got CancelledError, future cancelled=${repr(fut.cancelled())}`);
          throw e;
        }
      }
      let t = createTask(selfThenAwait());
      yield* sleep(0);
      print(`after one iteration: fut cancelled=${repr(fut.cancelled())} t ${outcome(t)}`);
      yield* sleep(0);
      print(`t ${outcome(t)}`);

      const done = loop.createFuture<string>();
      done.setResult("d");
      function* selfThenDone() {
        currentTask()!.cancel();
        const v = yield* done;
        print(`awaited done future: ${v}, still running`);
        try {
          yield* sleep(0);
          print("not reached");
        } catch (e) {
          if (e instanceof CancelledError) print("CancelledError at the next suspension");
          throw e;
        }
      }
      t = createTask(selfThenDone());
      yield* sleep(0);
      yield* sleep(0);
      print(`t ${outcome(t)}`);

      function* swallower() {
        try {
          yield* sleep(10_000);
        } catch (e) {
          if (!(e instanceof CancelledError)) throw e;
          print("inner swallows");
        }
        return "inner value";
      }
      function* outerFn(inner: Task<string>) {
        const v = yield* inner;
        print(`outer got ${v}, cancelling ${currentTask()!.cancelling()}`);
        yield* sleep(0);
        print("outer goes on");
        return v;
      }
      const inner = createTask(swallower());
      const outer = createTask(outerFn(inner));
      yield* sleep(0);
      print(`outer.cancel -> ${repr(outer.cancel())}`);
      for (let i = 0; i < 4; i++) yield* sleep(0);
      print(`inner ${outcome(inner)} cancelling ${inner.cancelling()}; outer ${outcome(outer)} cancelling ${outer.cancelling()}`);
      stop();
    });
  });

  conformance("cancel_baselines", async (print) => {
    await run(function* () {
      function* withTimeout() {
        const me = currentTask()!;
        try {
          yield* sleep(1000);
        } catch (e) {
          if (!(e instanceof CancelledError)) throw e;
          print(`swallowed a cancel, cancelling ${me.cancelling()}`);
        }
        try {
          yield* timeout(100, function* () {
            yield* sleep(1000);
          });
        } catch (e) {
          if (!(e instanceof TimeoutError)) throw e;
          print(`timeout: TimeoutError, cancelling ${me.cancelling()}`);
        }
        return "done";
      }
      let t = createTask(withTimeout());
      yield* sleep(50);
      t.cancel();
      print(`with_timeout -> ${yield* t}`);

      function* fail(): Generator<unknown, never, unknown> {
        yield* sleep(10);
        throw new Boom();
      }
      function* withGroup() {
        const me = currentTask()!;
        try {
          yield* sleep(1000);
        } catch (e) {
          if (!(e instanceof CancelledError)) throw e;
          print(`swallowed a cancel, cancelling ${me.cancelling()}`);
        }
        try {
          yield* taskGroup(function* (tg) {
            tg.createTask(fail());
            yield* sleep(1000);
          });
        } catch (e) {
          if (e instanceof ExceptionGroup) {
            print(`group: ExceptionGroup ${repr(e.errors.map(ename))}, cancelling ${me.cancelling()}`);
          } else {
            if (e instanceof CancelledError) print(`group: CancelledError, cancelling ${me.cancelling()}`);
            throw e;
          }
        }
        try {
          yield* sleep(0);
          print("after group: no cancel");
        } catch (e) {
          if (e instanceof CancelledError) print(`after group: CancelledError, cancelling ${me.cancelling()}`);
          throw e;
        }
        return "done";
      }
      t = createTask(withGroup());
      yield* sleep(50);
      t.cancel();
      try {
        print(`with_group -> ${yield* t}`);
      } catch (e) {
        if (!(e instanceof CancelledError)) throw e;
        print(`with_group cancelled, cancelling ${t.cancelling()}`);
      }
    }, { clock: new VirtualClock({ autojump: true }) });
  });

  conformance("cancel_message_more", async (print) => {
    const msg = (e: unknown) => repr((e as Error).message);
    function* sleeper(name: string) {
      try {
        yield* sleep(10_000);
      } catch (e) {
        if (e instanceof CancelledError) print(`${name} got CancelledError ${msg(e)}`);
        throw e;
      }
    }
    await run(function* () {
      const stop = startTicker(print);
      const a = createTask(sleeper("a"));
      const b = createTask(sleeper("b"));
      const g = gather(a, b);
      yield* sleep(0);
      print(`gather.cancel('gm') -> ${repr(g.cancel("gm"))}`);
      try {
        yield* g;
      } catch (e) {
        if (!(e instanceof CancelledError)) throw e;
        print(`gather raised CancelledError ${msg(e)}`);
      }

      const inner = createTask(sleeper("inner"));
      const sh = shield(inner);
      yield* sleep(0);
      sh.cancel("sm");
      try {
        yield* sh;
      } catch (e) {
        if (!(e instanceof CancelledError)) throw e;
        print(`shield raised CancelledError ${msg(e)}, inner ${outcome(inner)}`);
      }
      inner.cancel();
      yield* sleep(0);

      const t = createTask(sleeper("twice"));
      yield* sleep(0);
      print(`cancel('first') -> ${repr(t.cancel("first"))}`);
      print(`cancel('second') -> ${repr(t.cancel("second"))}`);
      try {
        yield* t;
      } catch (e) {
        if (!(e instanceof CancelledError)) throw e;
        print(`await twice: CancelledError ${msg(e)}, cancelling ${t.cancelling()}`);
      }

      const u = createTask(sleeper("uncancelled"));
      yield* sleep(0);
      u.cancel("sent");
      print(`uncancel -> ${u.uncancel()}`);
      try {
        yield* u;
      } catch (e) {
        if (!(e instanceof CancelledError)) throw e;
      }
      print(`u ${outcome(u)} cancelling ${u.cancelling()}`);
      stop();
    });
  });
});
