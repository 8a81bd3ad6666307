// Conformance: Queue, LifoQueue, PriorityQueue against CPython 3.13. Each conformance("x", ...)
// is the twin of tests/cpython/sync/x.py.

import { describe } from "vitest";
import { CancelledError, LifoQueue, PriorityQueue, Queue, QueueEmpty, QueueFull, QueueShutDown, createTask, gather, run, sleep } from "../../../ts/index.js";
import { conformance, ename, outcome, py, startTicker } from "../../cpython/trace.js";

const RX = { returnExceptions: true } as any;

describe("Queue", () => {
  conformance("queue_order", async (print) => {
    await run(function* () {
      const stop = startTicker(print);
      for (const cls of [Queue, LifoQueue]) {
        const q = new cls<number>();
        for (let i = 0; i < 4; i++) q.putNowait(i);
        print(py`${cls.name}: ${[0, 1, 2, 3].map(() => q.getNowait())}`);
      }
      const pq = new PriorityQueue<[number, string]>();
      for (const it of [[3, "c"], [1, "a1"], [2, "b"], [1, "a2"], [0, "z"], [1, "a3"]] as [number, string][]) pq.putNowait(it);
      print(py`PriorityQueue: ${[0, 1, 2, 3, 4, 5].map(() => pq.getNowait()[1])}`);

      let q = new Queue<unknown>(2);
      print(py`maxsize ${q.maxsize} empty ${q.empty()} full ${q.full()}`);
      yield* q.put("a");
      yield* q.put("b");
      print(py`qsize ${q.qsize()} full ${q.full()}`);
      try {
        q.putNowait("c");
      } catch (e) {
        if (e instanceof QueueFull) print(`put_nowait full -> ${ename(e)}`);
      }
      function* putter(x: string) {
        print(`putter ${x} waits`);
        yield* q.put(x);
        print(`putter ${x} done, qsize ${q.qsize()}`);
      }
      const ps = ["c", "d"].map((x) => createTask(putter(x)));
      yield* sleep(0);
      print(`got ${q.getNowait()}`);
      print(`got ${q.getNowait()}`);
      yield* gather(...ps);
      const n = q.qsize();
      const items = [];
      for (let i = 0; i < n; i++) items.push(q.getNowait());
      print(py`items ${items}`);
      try {
        q.getNowait();
      } catch (e) {
        if (e instanceof QueueEmpty) print(`get_nowait empty -> ${ename(e)}`);
      }
      function* getter(name: string) {
        print(`${name} waits`);
        const v = yield* q.get();
        print(`${name} got ${v}`);
      }
      const gs = ["g1", "g2"].map((x) => createTask(getter(x)));
      yield* sleep(0);
      q.putNowait(1);
      print(`put 1, stolen by get_nowait -> ${q.getNowait()}`);
      yield* sleep(0);
      print(`g1 waits again: qsize ${q.qsize()}`);
      q.putNowait(2);
      q.putNowait(3);
      yield* gather(...gs);

      const fq = new Queue(1.5);
      fq.putNowait(1);
      print(py`maxsize 1.5: full ${fq.full()}`);
      fq.putNowait(2);
      print(py`maxsize 1.5 after 2: full ${fq.full()} qsize ${fq.qsize()}`);
      q = new Queue(-1);
      for (let i = 0; i < 5; i++) q.putNowait(i);
      print(py`maxsize -1: full ${q.full()} qsize ${q.qsize()}`);
      stop();
    });
  });

  conformance("queue_cancel", async (print) => {
    await run(function* () {
      const stop = startTicker(print);
      let q = new Queue<string>();
      function* getter(name: string) {
        let v: string;
        try {
          v = yield* q.get();
        } catch (e) {
          if (e instanceof CancelledError) print(`${name} cancelled, qsize ${q.qsize()}`);
          throw e;
        }
        print(`${name} got ${v}`);
        return v;
      }
      const a = createTask(getter("a"));
      const b = createTask(getter("b"));
      yield* sleep(0);
      q.putNowait("x");
      print(py`cancel a -> ${a.cancel()} getters ${q.statistics().getters}`);
      yield* gather(a, b, RX);
      print(`a ${outcome(a)} b ${outcome(b)} qsize ${q.qsize()}`);

      const c = createTask(getter("c"));
      const d = createTask(getter("d"));
      yield* sleep(0);
      c.cancel();
      print(`getters ${q.statistics().getters}`);
      q.putNowait("y");
      print(`after put getters ${q.statistics().getters}`);
      yield* gather(c, d, RX);
      print(`c ${outcome(c)} d ${outcome(d)} qsize ${q.qsize()}`);

      q = new Queue<string>(1);
      q.putNowait("full");
      function* putter(x: string) {
        try {
          yield* q.put(x);
        } catch (e) {
          if (e instanceof CancelledError) print(`putter ${x} cancelled, qsize ${q.qsize()}`);
          throw e;
        }
        print(`putter ${x} put, qsize ${q.qsize()}`);
      }
      const p1 = createTask(putter("p1"));
      const p2 = createTask(putter("p2"));
      yield* sleep(0);
      print(`got ${q.getNowait()}`);
      print(py`cancel p1 -> ${p1.cancel()} putters ${q.statistics().putters}`);
      yield* gather(p1, p2, RX);
      const items = [];
      for (let i = q.qsize(); i > 0; i--) items.push(q.getNowait());
      print(py`p1 ${outcome(p1)} p2 ${outcome(p2)} items ${items}`);

      q = new Queue<string>();
      const e = createTask(getter("e"));
      const f = createTask(getter("f"));
      yield* sleep(0);
      q.putNowait("z");
      print(`stolen ${q.getNowait()}`);
      e.cancel();
      yield* sleep(0);
      yield* sleep(0);
      print(`e ${outcome(e)} f ${outcome(f)} getters ${q.statistics().getters}`);
      q.putNowait("w");
      yield* f;
      print(`f ${outcome(f)}`);
      stop();
    });
  });

  conformance("queue_join_shutdown", async (print) => {
    await run(function* () {
      const stop = startTicker(print);
      let q = new Queue<unknown>();
      const unf = () => q.statistics().unfinished;
      yield* q.join();
      print("join on an empty queue returns at once");
      for (let i = 0; i < 3; i++) q.putNowait(i);
      function* joiner(name: string) {
        yield* q.join();
        print(`${name} joined`);
      }
      const js = ["j1", "j2"].map((n) => createTask(joiner(n)));
      yield* sleep(0);
      for (let i = 0; i < 3; i++) {
        print(`got ${q.getNowait()}`);
        q.taskDone();
        print(`task_done, unfinished ${unf()}`);
        yield* sleep(0);
      }
      yield* gather(...js);
      try {
        q.taskDone();
      } catch (e) {
        print(`task_done too many -> ${ename(e)}`);
      }
      q.putNowait("a");
      const j3 = createTask(joiner("j3"));
      yield* sleep(0);
      q.getNowait();
      q.taskDone();
      q.putNowait("b");
      yield* j3;
      print(`unfinished ${unf()} qsize ${q.qsize()}`);

      q = new Queue();
      function* getter(name: string) {
        try {
          const v = yield* q.get();
          print(`${name} got ${v}`);
        } catch (e) {
          if (!(e instanceof QueueShutDown)) throw e;
          print(`${name} -> ${ename(e)}`);
        }
      }
      const gs = ["g1", "g2"].map((n) => createTask(getter(n)));
      yield* sleep(0);
      q.shutdown();
      print(`shut down, getters ${q.statistics().getters}`);
      yield* gather(...gs);
      for (const [what, fn] of [["put_nowait", () => q.putNowait(1)], ["get_nowait", () => q.getNowait()]] as const) {
        try {
          fn();
        } catch (e) {
          if (e instanceof QueueShutDown) print(`${what} after shutdown -> ${ename(e)}`);
        }
      }
      try {
        yield* q.put(1);
      } catch (e) {
        if (e instanceof QueueShutDown) print(`put after shutdown -> ${ename(e)}`);
      }

      q = new Queue(2);
      q.putNowait("x");
      q.putNowait("y");
      function* putter(v: string) {
        try {
          yield* q.put(v);
          print(`put ${v}`);
        } catch (e) {
          if (!(e instanceof QueueShutDown)) throw e;
          print(`putter ${v} -> ${ename(e)}`);
        }
      }
      const p = createTask(putter("z"));
      yield* sleep(0);
      q.shutdown();
      yield* p;
      print(`after shutdown get -> ${yield* q.get()} then ${q.getNowait()}`);
      try {
        yield* q.get();
      } catch (e) {
        if (e instanceof QueueShutDown) print(`get on empty shut-down queue -> ${ename(e)}`);
      }
      print(`unfinished ${unf()}`);

      q = new Queue();
      for (let i = 0; i < 3; i++) q.putNowait(i);
      q.getNowait();
      const jj = createTask(joiner("jj"));
      yield* sleep(0);
      print(`before: qsize ${q.qsize()} unfinished ${unf()}`);
      q.shutdown(true);
      print(`immediate: qsize ${q.qsize()} unfinished ${unf()}`);
      const g = createTask(getter("g"));
      yield* sleep(0);
      print(`jj ${outcome(jj)} g ${outcome(g)}`);
      q.taskDone();
      print(`task_done after immediate, unfinished ${unf()}`);
      yield* gather(jj, g);

      q = new Queue();
      q.putNowait("only");
      const jk = createTask(joiner("jk"));
      yield* sleep(0);
      q.shutdown(true);
      print(`immediate 2: unfinished ${unf()}`);
      yield* jk;
      try {
        q.getNowait();
      } catch (e) {
        if (e instanceof QueueShutDown) print(`get_nowait -> ${ename(e)}`);
      }
      stop();
    });
  });
});
