// Conformance of random interleavings: the twin of tests/cpython/sync/replay.py. The seeded random
// programs are read back from CPython's recording ("== program k <json>" lines) and replayed
// here by the same interpreter, written in wasyncio; every line must match.

import { describe } from "vitest";
import { CancelledError, Condition, Event, Lock, Queue, QueueEmpty, QueueFull, QueueShutDown, Semaphore, createTask, gather, getRunningLoop, sleep, type Task } from "../../../ts/index.js";
import { conformance, ename, expected, outcome, py, sharedRun, startTicker, type Print } from "../../cpython/trace.js";

const runShared = sharedRun();

type Cmd = [string, ...any[]];
const N_STEPS_END = 10;

function* replay(print: Print, kind: string, cmds: Cmd[]) {
  const stop = startTicker(print, 300);
  const tasks = new Map<number, Task<unknown>>();
  const signals = new Map<number, { done(): boolean; setResult(v: unknown): void }>();
  const loop = getRunningLoop();
  let state: () => string;
  let lock: Lock | Semaphore | null = null;
  let q: Queue<number> | null = null;
  let cond: Condition | null = null;
  let ev: Event | null = null;
  if (kind === "lock") {
    const l = new Lock();
    lock = l;
    state = () => py`locked ${l.locked()} waiters ${l.statistics().waiters}`;
  } else if (kind === "sem") {
    const s = new Semaphore(2);
    lock = s;
    state = () => py`value ${s.statistics().value} locked ${s.locked()} waiters ${s.statistics().waiters}`;
  } else if (kind.startsWith("queue")) {
    const qq = (q = new Queue<number>(Number(kind.slice(5))));
    state = () => {
      const st = qq.statistics();
      return `qsize ${st.qsize} getters ${st.getters} putters ${st.putters} unfinished ${st.unfinished}`;
    };
  } else if (kind === "cond") {
    const c = (cond = new Condition());
    state = () => py`locked ${c.locked()} waiters ${c.statistics().waiters}`;
  } else {
    const e = (ev = new Event());
    state = () => py`set ${e.isSet()} waiters ${e.statistics().waiters}`;
  }

  function* holder(i: number) {
    try {
      yield* lock!.acquire();
    } catch (e) {
      if (e instanceof CancelledError) print(`t${i} cancelled waiting`);
      throw e;
    }
    print(`t${i} acquired`);
    const f = loop.createFuture();
    signals.set(i, f);
    try {
      yield* f;
    } catch (e) {
      if (!(e instanceof CancelledError)) throw e;
      print(`t${i} cancelled holding`);
    } finally {
      lock!.release();
      print(`t${i} released`);
    }
  }
  function* getter(i: number) {
    let v: number;
    try {
      v = yield* q!.get();
    } catch (e) {
      if (e instanceof CancelledError) {
        print(`t${i} get cancelled`);
        throw e;
      }
      if (e instanceof QueueShutDown) {
        print(`t${i} get ${ename(e)}`);
        return;
      }
      throw e;
    }
    print(`t${i} got ${v}`);
  }
  function* putter(i: number, x: number) {
    try {
      yield* q!.put(x);
    } catch (e) {
      if (e instanceof CancelledError) {
        print(`t${i} put ${x} cancelled`);
        throw e;
      }
      if (e instanceof QueueShutDown) {
        print(`t${i} put ${ename(e)}`);
        return;
      }
      throw e;
    }
    print(`t${i} put ${x}`);
  }
  function* cwaiter(i: number) {
    using _ = yield* cond!.hold();
    try {
      yield* cond!.wait();
    } catch (e) {
      if (e instanceof CancelledError) print(py`t${i} wait cancelled, locked ${cond!.locked()}`);
      throw e;
    }
    print(py`t${i} notified, locked ${cond!.locked()}`);
  }
  function* ewaiter(i: number) {
    try {
      yield* ev!.wait();
    } catch (e) {
      if (e instanceof CancelledError) print(`t${i} wait cancelled`);
      throw e;
    }
    print(py`t${i} woke, set ${ev!.isSet()}`);
  }
  const free = (i: number) => !tasks.has(i) || tasks.get(i)!.done();

  for (const c of cmds) {
    const op = c[0];
    if (op === "step") yield* sleep(0);
    else if (op === "cancel") {
      const t = tasks.get(c[1]);
      if (t !== undefined && !t.done()) print(py`cancel t${c[1]} -> ${t.cancel()}`);
    } else if (op === "acq" && free(c[1])) tasks.set(c[1], createTask(holder(c[1])));
    else if (op === "rel") {
      const f = signals.get(c[1]);
      if (f !== undefined && !f.done()) f.setResult(null);
    } else if (op === "get" && free(c[1])) tasks.set(c[1], createTask(getter(c[1])));
    else if (op === "put" && free(c[1])) tasks.set(c[1], createTask(putter(c[1], c[2])));
    else if (op === "putn") {
      try {
        q!.putNowait(c[1]);
        print(`put_nowait ${c[1]}`);
      } catch (e) {
        if (!(e instanceof QueueFull || e instanceof QueueShutDown)) throw e;
        print(`put_nowait ${c[1]} -> ${ename(e)}`);
      }
    } else if (op === "getn") {
      try {
        print(`get_nowait -> ${q!.getNowait()}`);
      } catch (e) {
        if (!(e instanceof QueueEmpty || e instanceof QueueShutDown)) throw e;
        print(`get_nowait -> ${ename(e)}`);
      }
    } else if (op === "done") {
      try {
        q!.taskDone();
        print("task_done");
      } catch (e) {
        if (!(e instanceof RangeError)) throw e;
        print(`task_done -> ${ename(e)}`);
      }
    } else if (op === "shutdown") {
      q!.shutdown(c[1]);
      print(py`shutdown immediate=${c[1]}`);
    } else if (op === "wait" && free(c[1])) tasks.set(c[1], createTask(kind === "cond" ? cwaiter(c[1]) : ewaiter(c[1])));
    else if (op === "notify") {
      using _ = yield* cond!.hold();
      cond!.notify(c[1]);
      print(`notify ${c[1]}`);
    } else if (op === "set") ev!.set();
    else if (op === "clear") ev!.clear();
    print(`${c.map((x) => py`${x}`).join(" ")}: ${state()}`);
  }
  for (let i = 0; i < N_STEPS_END; i++) yield* sleep(0);
  stop();
  const ids = [...tasks.keys()].sort((a, b) => a - b);
  print(py`end: ${state()} tasks ${ids.map((i) => outcome(tasks.get(i)!))}`);
  for (const i of ids) tasks.get(i)!.cancel();
  for (const f of signals.values()) if (!f.done()) f.setResult(null);
  yield* gather(...tasks.values(), { returnExceptions: true } as any);
}

describe("random interleavings replayed", () => {
  conformance("replay", async (print) => {
    const programs = expected("replay").filter((l) => l.startsWith("== program "));
    for (const header of programs) {
      print(header);
      const { kind, cmds } = JSON.parse(header.slice(header.indexOf("{")));
      await runShared(() => replay(print, kind, cmds));
    }
  }, 60_000);
});
