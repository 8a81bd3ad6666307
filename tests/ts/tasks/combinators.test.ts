// Conformance: gather, shield, waitFor, wait and asCompleted, against CPython 3.13.
// Each conformance("x", ...) is the twin of tests/cpython/loop/x.py.

import { describe } from "vitest";
import { ALL_COMPLETED, asCompleted, CancelledError, createTask, FIRST_COMPLETED, FIRST_EXCEPTION, gather, getRunningLoop, run, shield, sleep, taskGroup, timeout, TimeoutError, wait, waitFor, type Future, type Task } from "../../../ts/index.ts";
import { VirtualClock } from "../../../host/clock.ts";
import { Boom, conformance, ename, outcome, repr, sortedNames, startTicker, worker } from "../../cpython/trace.ts";

const virtual = () => ({ clock: new VirtualClock({ autojump: true }) });

describe("gather()", () => {
  conformance("gather_order", async (print) => {
    await run(function* () {
      const stop = startTicker(print);
      const empty = gather();
      print(`empty done=${repr(empty.done())} result=${repr(empty.result())}`);
      let r: unknown[] = yield* gather(worker(print, "a", 3), worker(print, "b", 1), worker(print, "c", 2));
      print(`results ${repr(r)}`);
      const t = createTask(worker(print, "t", 1));
      r = yield* gather(t, t, worker(print, "d", 0));
      print(`results ${repr(r)}`);
      const co = worker(print, "same coroutine", 1);
      r = yield* gather(co, co);
      print(`results ${repr(r)}`);
      const fut = getRunningLoop().createFuture<string>();
      fut.setResult("done-fut");
      r = yield* gather(fut, worker(print, "e", 0));
      print(`results ${repr(r)}`);
      stop();
    });
  });

  conformance("gather_exceptions", async (print) => {
    await run(function* () {
      const stop = startTicker(print);
      const a = createTask(worker(print, "a", 3));
      try {
        yield* gather(a, worker(print, "b", 1, true), worker(print, "c", 2, true));
      } catch (e) {
        if (!(e instanceof Boom)) throw e;
        print(`gather raised Boom ${e.message}`);
      }
      print(`a done=${repr(a.done())}`);
      yield* a;
      print(`a done=${repr(a.done())}`);

      const c = createTask(worker(print, "cancelled-child", 5));
      const g = gather(worker(print, "x", 1), worker(print, "y", 2, true), c, { returnExceptions: true });
      yield* sleep(0);
      c.cancel();
      const r = yield* g;
      print(`results ${repr(r.map((x: unknown) => (typeof x === "string" ? x : ename(x))))}`);
      stop();
    });
  });

  conformance("gather_cancel", async (print) => {
    await run(function* () {
      const stop = startTicker(print);
      for (const rex of [false, true]) {
        print(`return_exceptions=${repr(rex)}`);
        const a = createTask(worker(print, "a", 1));
        const b = createTask(worker(print, "b", 5));
        const g = gather(a, b, { returnExceptions: rex });
        yield* sleep(0);
        yield* sleep(0);
        print(`a ${outcome(a)}`);
        print(`outer.cancel -> ${repr(g.cancel())}`);
        try {
          const r = yield* g;
          print(`gather returned ${repr(r)}`);
        } catch (e) {
          if (!(e instanceof CancelledError)) throw e;
          print("gather raised CancelledError");
        }
        print(`outer ${outcome(g)} a ${outcome(a)} b ${outcome(b)}`);
        print(`outer.cancel again -> ${repr(g.cancel())}`);
      }

      print("child cancellation");
      const c = createTask(worker(print, "c", 5));
      const d = createTask(worker(print, "d", 3));
      const g = gather(c, d);
      yield* sleep(0);
      c.cancel();
      try {
        yield* g;
      } catch (e) {
        if (!(e instanceof CancelledError)) throw e;
        print("gather raised CancelledError");
      }
      print(`outer cancelled()=${repr(g.cancelled())} d ${outcome(d)}`);
      yield* d;
      print(`d ${outcome(d)}`);
      stop();
    });
  });
});

describe("shield()", () => {
  conformance("shield_semantics", async (print) => {
    await run(function* () {
      const stop = startTicker(print);
      const loop = getRunningLoop();

      const inner = createTask(worker(print, "inner", 3));
      function* caller() {
        try {
          return yield* shield(inner);
        } catch (e) {
          if (e instanceof CancelledError) print("caller got CancelledError");
          throw e;
        }
      }
      const c = createTask(caller());
      yield* sleep(0);
      print(`cancel caller -> ${repr(c.cancel())}`);
      yield* sleep(0);
      print(`caller ${outcome(c)} inner ${outcome(inner)}`);
      print(`inner result ${yield* inner}`);

      const inner2 = createTask(worker(print, "inner2", 1));
      const outer2 = shield(inner2);
      print(`outer is inner: ${repr((outer2 as unknown) === inner2)}`);
      print(`outer.cancel -> ${repr(outer2.cancel())}`);
      yield* sleep(0);
      print(`outer ${outcome(outer2)} inner ${outcome(inner2)}`);
      yield* inner2;

      print(`outer result ${yield* shield(worker(print, "coro", 1))}`);
      try {
        yield* shield(worker(print, "failing", 1, true, false));
      } catch (e) {
        if (!(e instanceof Boom)) throw e;
        print("shield raised Boom");
      }

      const inner3 = createTask(worker(print, "inner3", 5));
      const outer3 = shield(inner3);
      yield* sleep(0);
      inner3.cancel();
      try {
        yield* outer3;
      } catch (e) {
        if (!(e instanceof CancelledError)) throw e;
        print("outer3 raised CancelledError");
      }
      print(`outer3 ${outcome(outer3)}`);

      const done = loop.createFuture<number>();
      done.setResult(1);
      print(`shield(done) is done: ${repr((shield(done) as unknown) === done)}`);
      stop();
    });
  });
});

describe("waitFor()", () => {
  conformance("wait_for_semantics", async (print) => {
    function* slow(name: string, delay: number, cleanup = 0) {
      try {
        yield* sleep(delay);
        print(`${name} finishes`);
        return name;
      } catch (e) {
        if (e instanceof CancelledError) {
          print(`${name} cancelled`);
          if (cleanup) {
            yield* sleep(cleanup);
            print(`${name} cleanup done`);
          }
        }
        throw e;
      }
    }
    function* swallower() {
      try {
        yield* sleep(1000);
      } catch (e) {
        if (!(e instanceof CancelledError)) throw e;
        print("swallower swallows");
        yield* sleep(50);
        return "swallowed value";
      }
    }
    function* started(name: string) {
      print(`${name} started`);
      return name;
    }
    await run(function* () {
      const loop = getRunningLoop();
      print(`fast -> ${yield* waitFor(slow("fast", 50), 200)}`);
      try {
        yield* waitFor(slow("timed", 500, 50), 100);
      } catch (e) {
        if (!(e instanceof TimeoutError)) throw e;
        print(`TimeoutError cause ${ename(e.cause)}`);
      }
      print(`swallow -> ${yield* waitFor(swallower(), 100)}`);
      print(`none -> ${yield* waitFor(slow("none", 50), null)}`);

      for (const t of [0, -1]) {
        try {
          yield* waitFor(started(`zero${t}`), t);
        } catch (e) {
          if (!(e instanceof TimeoutError)) throw e;
          print(`timeout=${t}: TimeoutError`);
        }
      }
      const fut = loop.createFuture<string>();
      fut.setResult("ready");
      print(`done future, timeout=0 -> ${yield* waitFor(fut, 0)}`);
      const pending = loop.createFuture<void>();
      try {
        yield* waitFor(pending, 0);
      } catch (e) {
        if (!(e instanceof TimeoutError)) throw e;
        print(`pending future, timeout=0: TimeoutError, future cancelled=${repr(pending.cancelled())}`);
      }

      const inner = createTask(slow("inner", 1000));
      function* caller() {
        try {
          yield* waitFor(inner, 500);
        } catch (e) {
          if (e instanceof CancelledError) print("caller cancelled");
          throw e;
        }
      }
      const c = createTask(caller());
      yield* sleep(50);
      c.cancel();
      try {
        yield* c;
      } catch (e) {
        if (!(e instanceof CancelledError)) throw e;
      }
      print(`inner cancelled=${repr(inner.cancelled())}`);
    }, virtual());
  });
});

describe("wait()", () => {
  conformance("wait_modes", async (print) => {
    function* job(name: string, delay: number, fail: boolean) {
      yield* sleep(delay);
      if (fail) {
        print(`${name} raises`);
        throw new Boom(name);
      }
      print(`${name} finishes`);
      return name;
    }
    const names = (s: Set<Future<any>>, tasks: Record<string, Task<any>>) =>
      sortedNames(Object.keys(tasks).filter((n) => s.has(tasks[n])));
    await run(function* () {
      const mk = (...specs: [string, number, boolean][]) =>
        Object.fromEntries(specs.map(([n, d, f]) => [n, createTask(job(n, d, f))])) as Record<string, Task<any>>;

      let ts = mk(["a", 100, false], ["b", 200, false], ["c", 300, false]);
      let [done, pending] = yield* wait([...Object.values(ts), ts.a], { returnWhen: FIRST_COMPLETED });
      print(`FIRST_COMPLETED done ${names(done, ts)} pending ${names(pending, ts)}`);
      [done, pending] = yield* wait(Object.values(ts));
      print(`ALL_COMPLETED done ${names(done, ts)} pending ${names(pending, ts)}`);

      ts = mk(["d", 100, false], ["e", 200, true], ["f", 300, false]);
      [done, pending] = yield* wait(Object.values(ts), { returnWhen: FIRST_EXCEPTION });
      print(`FIRST_EXCEPTION done ${names(done, ts)} pending ${names(pending, ts)}`);
      yield* ts.f;
      ts.e.exception();

      ts = mk(["g", 100, false], ["h", 300, false]);
      [done, pending] = yield* wait(Object.values(ts), { timeout: 200 });
      print(`timeout done ${names(done, ts)} pending ${names(pending, ts)} h cancelled=${repr(ts.h.cancelled())}`);
      [done, pending] = yield* wait(Object.values(ts), { timeout: 500, returnWhen: ALL_COMPLETED });
      print(`timeout done ${names(done, ts)} pending ${names(pending, ts)}`);

      ts = mk(["i", 100, false], ["j", 200, false]);
      [done, pending] = yield* wait(Object.values(ts), { returnWhen: FIRST_EXCEPTION });
      print(`FIRST_EXCEPTION no error done ${names(done, ts)} pending ${names(pending, ts)}`);

      const loop = getRunningLoop();
      const f1 = loop.createFuture<number>();
      const f2 = loop.createFuture<number>();
      loop.callSoon(() => f1.setResult(1));
      loop.callSoon(() => f2.setResult(2));
      [done, pending] = yield* wait([f1, f2], { returnWhen: FIRST_COMPLETED });
      print(`same iteration done ${done.size} pending ${pending.size}`);

      ts = mk(["k", 200, false]);
      function* caller() {
        yield* wait(Object.values(ts));
      }
      const c = createTask(caller());
      yield* sleep(100);
      c.cancel();
      yield* sleep(0);
      print(`caller cancelled=${repr(c.cancelled())} k cancelled=${repr(ts.k.cancelled())}`);
      yield* ts.k;
    }, virtual());
  });
});

describe("asCompleted()", () => {
  conformance("as_completed_order", async (print) => {
    function* job(name: string, delay: number) {
      yield* sleep(delay);
      return name;
    }
    const mk = (...specs: [string, number][]) => specs.map(([n, d]) => createTask(job(n, d)));
    await run(function* () {
      let ts = mk(["a", 300], ["b", 100], ["c", 200]);
      for (const op of asCompleted(ts)) print(`plain got ${yield* op}`);

      ts = mk(["a", 300], ["b", 100], ["c", 200]);
      const ts2 = ts;
      // async iteration is for async functions (generators cannot `for await`): run it as a task
      yield* createTask(async () => {
        for await (const t of asCompleted(ts2)) {
          print(`async got original=${repr(ts2.includes(t as unknown as Task<string>))} result ${(t as unknown as Task<string>).result()}`);
        }
      });

      ts = mk(["a", 300], ["b", 100], ["c", 500]);
      try {
        for (const op of asCompleted(ts, { timeout: 200 })) print(`timeout got ${yield* op}`);
      } catch (e) {
        if (!(e instanceof TimeoutError)) throw e;
        print("timeout: TimeoutError");
      }
      print(`cancelled ${repr(ts.map((t) => t.cancelled()))}`);
      for (const op of asCompleted(ts)) print(`rest got ${yield* op}`);

      ts = mk(["a", 300], ["b", 100]);
      const it = asCompleted(ts, { timeout: 200 })[Symbol.iterator]();
      const ops = [it.next().value!, it.next().value!];
      for (const op of ops) {
        try {
          print(`each got ${yield* op}`);
        } catch (e) {
          if (!(e instanceof TimeoutError)) throw e;
          print("each: TimeoutError");
        }
      }
      yield* ts[0];
      print(`a cancelled=${repr(ts[0].cancelled())}`);

      for (const op of asCompleted([job("x", 200), job("y", 100)])) print(`coro got ${yield* op}`);
    }, virtual());
  });
});

describe("waitFor() and asCompleted() edge cases", () => {
  conformance("wait_for_edges", async (print) => {
    function* raisesOnCancel() {
      try {
        yield* sleep(1000);
      } catch (e) {
        if (!(e instanceof CancelledError)) throw e;
        print("inner converts its cancel to Boom");
        throw new Boom();
      }
    }
    function* swallowsForever(name: string) {
      try {
        yield* sleep(300);
      } catch (e) {
        if (!(e instanceof CancelledError)) throw e;
        print(`${name} swallows`);
      }
      yield* sleep(50);
      print(`${name} returns`);
      return name;
    }
    await run(function* () {
      try {
        yield* waitFor(raisesOnCancel(), 100);
      } catch (e) {
        if (e instanceof Boom) print("wait_for raised Boom");
        else if (e instanceof TimeoutError) print("wait_for raised TimeoutError");
        else throw e;
      }
      function* quick() {
        return "quick";
      }
      const t = createTask(quick());
      yield* sleep(0);
      print(`done task -> ${yield* waitFor(t, 100)}`);

      function* caller() {
        try {
          const r = yield* waitFor(swallowsForever("inner"), 1000);
          print(`caller got ${r}`);
          return r;
        } catch (e) {
          if (e instanceof CancelledError) print("caller CancelledError");
          throw e;
        }
      }
      const c = createTask(caller());
      yield* sleep(100);
      c.cancel();
      try {
        yield* c;
      } catch (e) {
        if (!(e instanceof CancelledError)) throw e;
      }
      print(`caller ${outcome(c)} cancelling ${c.cancelling()}`);
    }, virtual());
  });

  conformance("as_completed_dedupe", async (print) => {
    function* job(name: string, delay: number) {
      yield* sleep(delay);
      return name;
    }
    await run(function* () {
      const loop = getRunningLoop();
      const a = createTask(job("a", 200));
      const done = loop.createFuture<string>();
      done.setResult("done");
      let n = 0;
      for (const op of asCompleted<string>([a, a, done])) {
        n += 1;
        print(`got ${yield* op}`);
      }
      print(`${n} awaitables`);
    }, virtual());
  });

  conformance("combinator_iterations", async (print) => {
    function* returnsImmediately(name: string) {
      print(`${name} runs`);
      return name;
    }
    await run(function* () {
      const stop = startTicker(print);
      const loop = getRunningLoop();
      print("gather");
      print(`gather -> ${repr(yield* gather(returnsImmediately("g")))}`);
      print("gather of a done future");
      const done = loop.createFuture<string>();
      done.setResult("d");
      print(`gather -> ${repr(yield* gather(done))}`);
      print("wait_for");
      print(`wait_for -> ${yield* waitFor(returnsImmediately("wf"), 10_000)}`);
      print("wait_for(None)");
      print(`wait_for -> ${yield* waitFor(returnsImmediately("wfn"), null)}`);
      print("shield");
      print(`shield -> ${yield* shield(returnsImmediately("s"))}`);
      print("wait");
      const t = createTask(returnsImmediately("w"));
      let [d, p]: [Set<Future<any>>, Set<Future<any>>] = yield* wait([t]);
      print(`wait -> ${d.size} done`);
      print("wait on done");
      [d, p] = yield* wait([done]);
      print(`wait -> ${d.size} done`);
      print("wait timeout=0 on pending");
      const pending = loop.createFuture<void>();
      [d, p] = yield* wait([pending], { timeout: 0 });
      print(`wait -> ${d.size} done ${p.size} pending`);
      print("as_completed");
      for (const op of asCompleted([returnsImmediately("ac")])) print(`as_completed -> ${yield* op}`);
      print("timeout");
      yield* timeout(10_000, function* () {});
      print("timeout done");
      print("empty TaskGroup");
      yield* taskGroup(function* () {});
      print("empty TaskGroup done");
      print("TaskGroup with one child");
      yield* taskGroup(function* (tg) {
        tg.createTask(returnsImmediately("tg"));
      });
      print("TaskGroup done");
      print("sleep(0) after all");
      yield* sleep(0);
      print("end");
      stop();
    }, virtual());
  });

  conformance("gather_cancel_swallowed", async (print) => {
    function* swallower(name: string) {
      try {
        yield* sleep(10_000);
      } catch (e) {
        if (!(e instanceof CancelledError)) throw e;
        print(`${name} swallows`);
      }
      return name;
    }
    await run(function* () {
      for (const rex of [false, true]) {
        const a = createTask(swallower("a"));
        const g = gather(a, { returnExceptions: rex });
        yield* sleep(0);
        print(`outer.cancel -> ${repr(g.cancel())}`);
        try {
          print(`gather -> ${repr(yield* g)}`);
        } catch (e) {
          if (!(e instanceof CancelledError)) throw e;
          print(`return_exceptions=${repr(rex)}: gather raised CancelledError, a ${outcome(a)}`);
        }
      }
      function* withCleanup() {
        try {
          yield* sleep(1000);
        } catch (e) {
          if (e instanceof CancelledError) {
            print("task cleanup starts");
            yield* sleep(50);
            print("task cleanup ends");
          }
          throw e;
        }
      }
      const t = createTask(withCleanup());
      try {
        yield* waitFor(t, 100);
      } catch (e) {
        if (!(e instanceof TimeoutError)) throw e;
        print(`wait_for(task): TimeoutError, task ${outcome(t)}`);
      }
    }, virtual());
  });

  conformance("wait_edges", async (print) => {
    function* job(name: string, delay: number) {
      yield* sleep(delay);
      print(`${name} finishes`);
      return name;
    }
    await run(function* () {
      const a = createTask(job("a", 100));
      const b = createTask(job("b", 300));
      const c = createTask(job("c", 200));
      getRunningLoop().callLater(50, () => a.cancel());
      let [done, pending]: [Set<Future<any>>, Set<Future<any>>] = yield* wait([a, b, c], { returnWhen: FIRST_EXCEPTION });
      print(`FIRST_EXCEPTION with a cancelled task: ${done.size} done, ${pending.size} pending, a cancelled=${repr(a.cancelled())}`);

      const d = createTask(job("d", 100));
      yield* sleep(0);
      [done, pending] = yield* wait([d, b], { timeout: 0 });
      print(`timeout=0: ${done.size} done, ${pending.size} pending`);
      yield* d;

      const f = getRunningLoop().createFuture<string>();
      f.setResult("ready");
      const e = createTask(job("e", 100));
      [done, pending] = yield* wait([f, e, f], { returnWhen: FIRST_COMPLETED });
      print(`FIRST_COMPLETED with a done future: ${done.size} done, ${pending.size} pending`);
      yield* e;
    }, virtual());
  });
});
