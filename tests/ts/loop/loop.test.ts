// EventLoop: scheduling, running, stopping, closing, errors and debug mode (ts/loop/loop.ts).
import { describe, it, expect, vi } from "vitest";
import { newEventLoop, run, sleep, createTask, getRunningLoop, currentTask, RuntimeError, Handle, TimerHandle, KeyboardInterrupt, eagerTaskFactory, Task, InternalError, wrapPromise, Lock, Queue, Semaphore, Event, Barrier, QueueFull } from "../../../ts/index.js";
import { VirtualClock } from "../../../host/clock.js";

describe("EventLoop scheduling", () => {
  it("callSoon runs callbacks FIFO with their arguments, in the next iteration", async () => {
    const loop = newEventLoop();
    const log: string[] = [];
    loop.callSoon((a: string, b: string) => log.push(a + b), "x", "y");
    loop.callSoon(() => {
      log.push("2");
      loop.callSoon(() => {
        log.push("4");
        loop.stop();
      });
    });
    loop.callSoon(() => log.push("3"));
    await loop.runForever();
    expect(log).toEqual(["xy", "2", "3", "4"]);
    loop.close();
  });

  it("only the handles ready at the start of an iteration run in it", async () => {
    const loop = newEventLoop();
    const iter: number[] = [];
    const at = () => loop._stats().iteration;
    loop.callSoon(() => {
      iter.push(at());
      loop.callSoon(() => {
        iter.push(at());
        loop.stop();
      });
    });
    loop.callSoon(() => iter.push(at()));
    await loop.runForever();
    expect(iter[0]).toBe(iter[1]);
    expect(iter[2]).toBe(iter[0] + 1);
    loop.close();
  });

  it("callLater and callAt run in deadline order, ties FIFO, and Handle.cancel drops a callback", async () => {
    const clock = new VirtualClock({ autojump: true });
    const loop = newEventLoop({ clock });
    const log: string[] = [];
    loop.callLater(30, () => log.push("30"));
    loop.callLater(10, () => log.push("10a"));
    loop.callAt(10, () => log.push("10b"));
    const h = loop.callLater(20, () => log.push("20"));
    expect(h).toBeInstanceOf(TimerHandle);
    expect(h.when()).toBe(20);
    h.cancel();
    h.cancel();
    expect(h.cancelled()).toBe(true);
    const s = loop.callSoon(() => log.push("soon"));
    expect(s).toBeInstanceOf(Handle);
    loop.callLater(40, () => loop.stop());
    await loop.runForever();
    expect(log).toEqual(["soon", "10a", "10b", "30"]);
    expect(loop.time()).toBe(40);
    loop.close();
  });

  it("a cancelled timer is counted until dropped, and the heap is rebuilt past half of 100", async () => {
    const loop = newEventLoop({ clock: new VirtualClock({ autojump: true }) });
    const hs = Array.from({ length: 200 }, (_, i) => loop.callLater(1000 + i, () => {}));
    for (let i = 0; i < 101; i++) hs[i].cancel();
    expect(loop._stats().cancelledTimers).toBe(101);
    loop.callSoon(() => loop.stop());
    await loop.runForever();
    expect(loop._stats().timers).toBe(99);
    expect(loop._stats().cancelledTimers).toBe(0);
    loop.close();
  });

  it("a timer due within the clock resolution counts as due", async () => {
    const clock = { t: 0, resolution: 5, now() { return this.t; } };
    const loop = newEventLoop({ clock });
    let ran = false;
    loop.callAt(4, () => (ran = true));
    loop.callSoon(() => loop.stop());
    await loop.runForever();
    expect(ran).toBe(true);
    loop.close();
  });

  it("rejects bad arguments with TypeError and RangeError", () => {
    const loop = newEventLoop();
    expect(() => loop.callSoon(42 as any)).toThrow(TypeError);
    expect(() => loop.callLater(null as any, () => {})).toThrow(TypeError);
    expect(() => loop.callAt(undefined as any, () => {})).toThrow(TypeError);
    expect(() => loop.callLater(NaN, () => {})).toThrow(RangeError);
    expect(() => loop.setExceptionHandler(3 as any)).toThrow(TypeError);
    expect(() => loop.setTaskFactory("x" as any)).toThrow(TypeError);
    loop.close();
  });
});

describe("EventLoop running and closing", () => {
  it("stop() lets the iteration finish and keeps later callbacks for the next run", async () => {
    const loop = newEventLoop();
    const log: string[] = [];
    loop.callSoon(() => {
      loop.stop();
      log.push("a");
      loop.callSoon(() => log.push("next-run"));
    });
    loop.callSoon(() => log.push("b"));
    await loop.runForever();
    expect(log).toEqual(["a", "b"]);
    loop.callSoon(() => loop.stop());
    await loop.runForever();
    expect(log).toEqual(["a", "b", "next-run"]);
    loop.close();
  });

  it("runUntilComplete returns the result, and raises if the loop stopped first", async () => {
    const loop = newEventLoop();
    expect(await loop.runUntilComplete(function* () { yield* sleep(1); return 7; })).toBe(7);
    const t = loop.createTask(function* () { yield* sleep(1000); });
    loop.callSoon(() => loop.stop());
    await expect(loop.runUntilComplete(t)).rejects.toThrow(RuntimeError);
    t.cancel();
    await expect(loop.runUntilComplete(t)).rejects.toThrow();
    loop.close();
  });

  it("misuse: running twice, another loop running, closing while running, using a closed loop", async () => {
    const a = newEventLoop();
    const b = newEventLoop();
    a.callSoon(async () => {
      await expect(a.runForever()).rejects.toThrow(RuntimeError);
      await expect(b.runForever()).rejects.toThrow(RuntimeError);
      expect(() => a.close()).toThrow(RuntimeError);
      a.stop();
    });
    await a.runForever();
    a.close();
    a.close(); // idempotent
    expect(a.isClosed()).toBe(true);
    expect(() => a.callSoon(() => {})).toThrow(RuntimeError);
    expect(() => a.createTask(function* () {})).toThrow(RuntimeError);
    await expect(a.runForever()).rejects.toThrow(RuntimeError);
    b.close();
  });

  it("getRunningLoop and currentTask throw RuntimeError outside a loop; currentTask is null in a callback", async () => {
    expect(() => getRunningLoop()).toThrow(RuntimeError);
    expect(() => currentTask()).toThrow(RuntimeError);
    const loop = newEventLoop();
    let inCb: unknown = "unset";
    let inTask: unknown = null;
    loop.callSoon(() => (inCb = currentTask()));
    const t = loop.createTask(function* () {
      inTask = currentTask();
      expect(getRunningLoop()).toBe(loop);
    });
    await loop.runUntilComplete(t);
    expect(inCb).toBe(null);
    expect(inTask).toBe(t);
    loop.close();
  });

  it("run() inside a running loop is a RuntimeError; run() of a non-coroutine is a TypeError", async () => {
    await run(function* () {
      let err: unknown;
      try {
        yield* wrapPromise(run(function* () {}));
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(RuntimeError);
    });
    await expect(run(42 as any)).rejects.toThrow(TypeError);
    await expect(run([1, 2] as any)).rejects.toThrow(TypeError);
  });

  it("close() drops pending callbacks and timers", async () => {
    const loop = newEventLoop();
    let ran = false;
    loop.callSoon(() => (ran = true));
    loop.callLater(10, () => (ran = true));
    loop.close();
    expect(ran).toBe(false);
    expect(loop._stats().liveHandles).toBe(0);
  });
});

describe("exception handling", () => {
  it("a callback's error goes to the exception handler with the handle; the loop goes on", async () => {
    const loop = newEventLoop();
    const seen: any[] = [];
    loop.setExceptionHandler((l, ctx) => seen.push({ l, ...ctx }));
    expect(typeof loop.getExceptionHandler()).toBe("function");
    const boom = new Error("boom");
    const h = loop.callSoon(() => {
      throw boom;
    });
    loop.callSoon(() => loop.stop());
    await loop.runForever();
    expect(seen).toHaveLength(1);
    expect(seen[0].l).toBe(loop);
    expect(seen[0].exception).toBe(boom);
    expect(seen[0].handle).toBe(h);
    expect(seen[0].message).toMatch(/Exception in callback/);
    loop.close();
  });

  it("an error inside the custom handler is reported by the default handler", async () => {
    const loop = newEventLoop();
    const spy = vi.spyOn(console, "error").mockImplementation(() => {});
    loop.setExceptionHandler(() => {
      throw new Error("handler broke");
    });
    loop.callExceptionHandler({ message: "first" });
    expect(spy).toHaveBeenCalled();
    expect(String(spy.mock.calls[0][0])).toMatch(/Unhandled error in exception handler/);
    spy.mockRestore();
    loop.setExceptionHandler(null);
    expect(loop.getExceptionHandler()).toBe(null);
    loop.close();
  });

  it("KeyboardInterrupt raised in a callback escapes the loop", async () => {
    const loop = newEventLoop();
    loop.callSoon(() => {
      throw new KeyboardInterrupt();
    });
    await expect(loop.runForever()).rejects.toBeInstanceOf(KeyboardInterrupt);
    expect(loop.isRunning()).toBe(false);
    expect(() => getRunningLoop()).toThrow(RuntimeError);
    loop.close();
  });

  it("KeyboardInterrupt raised in a task escapes the loop and is the task's exception", async () => {
    const loop = newEventLoop();
    const t = loop.createTask(function* () {
      yield* sleep(0);
      throw new KeyboardInterrupt();
    });
    await expect(loop.runUntilComplete(t)).rejects.toBeInstanceOf(KeyboardInterrupt);
    expect(t.exception()).toBeInstanceOf(KeyboardInterrupt);
    loop.close();
  });
});

describe("debug mode", () => {
  it("warns about a slow callback and rejects generator functions in callSoon", async () => {
    const loop = newEventLoop({ debug: true });
    expect(loop.getDebug()).toBe(true);
    loop.slowCallbackDuration = 5;
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    loop.callSoon(() => {
      const t0 = performance.now();
      while (performance.now() - t0 < 10);
    });
    loop.callSoon(() => loop.stop());
    await loop.runForever();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0][0])).toMatch(/Executing <Handle .*> took 0\.0\d\d seconds/);
    warn.mockRestore();
    expect(() => loop.callSoon(function* () {} as any)).toThrow(TypeError);
    loop.setDebug(false);
    expect(loop.getDebug()).toBe(false);
    loop.close();
  });

  it("run({ debug: true }) turns debug mode on", async () => {
    const on = await run(function* () { return getRunningLoop().getDebug(); }, { debug: true });
    expect(on).toBe(true);
  });
});

describe("task factories", () => {
  it("setTaskFactory is used by createTask, and null restores the default", async () => {
    const loop = newEventLoop();
    const made: string[] = [];
    loop.setTaskFactory((l, coro, opts) => {
      made.push(opts?.name ?? "?");
      return new Task(coro, { ...opts, loop: l });
    });
    await loop.runUntilComplete(function* () {
      const t = createTask(function* () { return 1; }, { name: "child" });
      return yield* t;
    });
    expect(made).toEqual(["?", "child"]);
    loop.setTaskFactory(null);
    expect(loop.getTaskFactory()).toBe(null);
    loop.close();
  });

  it("eagerTaskFactory runs the first step inside createTask with currentTask set to the new task", async () => {
    const loop = newEventLoop();
    loop.setTaskFactory(eagerTaskFactory);
    const log: string[] = [];
    await loop.runUntilComplete(function* () {
      const parent = currentTask();
      let inner: unknown;
      const t = createTask(function* () {
        inner = currentTask();
        log.push("child-start");
        return 5;
      });
      log.push("after-create");
      expect(inner).toBe(t);
      expect(t.done()).toBe(true); // finished without suspending: never scheduled
      expect(currentTask()).toBe(parent);
      const u = createTask(function* () {
        log.push("u-start");
        yield* sleep(0);
        log.push("u-end");
      });
      expect(u.done()).toBe(false);
      yield* u;
    });
    expect(log).toEqual(["child-start", "after-create", "u-start", "u-end"]);
    loop.close();
  });
});

describe("core checks build", () => {
  it("a loop can run on the core build with assertions", async () => {
    const loop = newEventLoop({ coreChecks: true });
    expect(await loop.runUntilComplete(function* () { yield* sleep(1); return "ok"; })).toBe("ok");
    loop.close();
  });

  it("a core trap is an InternalError that names the core's file, and poisons the loop", async () => {
    const loop = newEventLoop({ coreChecks: true });
    expect(() => loop._core.taskStepWait(12345)).toThrow(InternalError);
    try {
      loop._core.taskStepWait(12345);
    } catch (e) {
      expect(String((e as Error).message)).toMatch(/assembly\/task\.ts:\d+/);
    }
    loop.close();
  });
});

describe("core instances of closed loops", () => {
  it("a closed loop hands its reset core to the next loop; what is left of the old loop cannot reach it", async () => {
    const a = newEventLoop();
    const stuck = a.createTask(function* () { yield* sleep(60_000); });
    a.callLater(10, () => {});
    a.callSoon(() => a.stop());
    await a.runForever();
    const used = a._core;
    a.close();
    const b = newEventLoop();
    expect(b._core).toBe(used); // reused, not a new instance
    expect(b._stats()).toMatchObject({ liveHandles: 0, liveTasks: 0, timers: 0, ready: 0 });
    // The old loop's pending task is cut off from the instance b now owns.
    expect(() => stuck.cancel()).toThrow(RuntimeError);
    expect(await b.runUntilComplete(function* () { yield* sleep(1); return yield* createTask(function* () { return 7; }); })).toBe(7);
    b.close();
  });

  it("loops share nothing (#9): a closed loop leaves tasks, timers, waiters and items nowhere; its primitives still answer", async () => {
    const a = newEventLoop();
    const lock = new Lock();
    const sem = new Semaphore(1);
    const ev = new Event();
    const q = new Queue<number>(5);
    const bar = new Barrier(3);
    let parked: Task<unknown> | null = null;
    a.callLater(60_000, () => {});
    a.callLater(30_000, () => {}).cancel();
    await a.runUntilComplete(function* () {
      yield* lock.acquire();
      yield* sem.acquire();
      for (let i = 1; i <= 5; i++) q.putNowait(i);
      parked = createTask(function* () { yield* lock.acquire(); return "never"; });
      createTask(function* () { yield* sem.acquire(); });
      createTask(function* () { yield* ev.wait(); });
      createTask(function* () { yield* q.put(6); });
      createTask(function* () { yield* bar.wait(); });
      createTask(function* () { yield* sleep(60_000); });
      yield; // every task parks
      expect(lock.statistics().waiters).toBe(1);
      expect(q.statistics().putters).toBe(1);
    });
    const c = a._core as any;
    expect(c.liveTasks()).toBeGreaterThan(0);
    a.close();
    // The instance is reused (V8 keeps the façade's core calls monomorphic) and holds nothing.
    const b = newEventLoop();
    expect(b._core).toBe(c);
    expect([c.liveHandles(), c.liveTasks(), c.timerCount(), c.cancelledTimers(), c.readyCount()]).toEqual([0, 0, 0, 0, 0]);
    expect([c.liveWaiters(), c.livePrimitives(), c.liveLists(), c.liveItems()]).toEqual([0, 0, 0, 0]);
    // The old primitives answer outside any loop as the closed loop left them (their waiters are
    // gone with its tasks).
    expect(lock.locked()).toBe(true);
    expect(lock.statistics()).toEqual({ locked: true, waiters: 0 });
    expect(sem.statistics()).toEqual({ value: 0, waiters: 0 });
    expect(ev.isSet()).toBe(false);
    expect(q.qsize()).toBe(5);
    expect(q.statistics()).toEqual({ qsize: 5, maxsize: 5, getters: 0, putters: 0, unfinished: 5, shutdown: false });
    expect(bar.statistics()).toMatchObject({ parties: 3, nWaiting: 0, broken: false });
    expect(parked!.done()).toBe(false);
    // b runs on its own; the old primitives are bound to the closed loop, where they waited:
    // b may use them as long as it does not wait on them (asyncio's rule).
    const r = await b.runUntilComplete(function* () {
      expect(() => q.putNowait(6)).toThrow(QueueFull);
      expect(q.getNowait()).toBe(1);
      q.putNowait(6);
      let refused = "";
      try {
        yield* lock.acquire(); // held: it would wait
      } catch (e) {
        refused = String(e);
      }
      expect(refused).toMatch(/Lock.*bound to a different event loop/);
      const mine = new Lock();
      yield* mine.acquire();
      const other = createTask(function* () { yield* mine.acquire(); return 1; });
      yield;
      mine.release();
      return yield* other;
    });
    expect(r).toBe(1);
    // Outside any loop the old ones still work: a release and a get change only their own state.
    lock.release();
    expect(lock.locked()).toBe(false);
    expect(q.getNowait()).toBe(2);
    expect(b._stats().ready).toBe(0);
    b.close();
  });
});

describe("callSoonThreadsafe (#11)", () => {
  it("from a host timer, a promise and a MessageChannel message, wakes the idle loop in order", async () => {
    const log: string[] = [];
    await run(function* () {
      const loop = getRunningLoop();
      const done = loop.createFuture<void>();
      // The loop is idle (nothing ready, no timer of its own) when each of these fires.
      setTimeout(() => loop.callSoonThreadsafe(() => log.push("from a host timer")), 5);
      void new Promise<void>((r) => setTimeout(r, 15)).then(() => loop.callSoonThreadsafe(() => log.push("from a promise")));
      const ch = new MessageChannel();
      ch.port1.onmessage = () => {
        loop.callSoonThreadsafe(() => {
          log.push("from a message");
          ch.port1.close();
          done.setResult();
        });
      };
      setTimeout(() => ch.port2.postMessage(0), 25);
      yield* done;
    });
    expect(log).toEqual(["from a host timer", "from a promise", "from a message"]);
  });
});
