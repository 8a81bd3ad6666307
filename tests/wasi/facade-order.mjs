// facade-order.mjs: the programs of tests/wasi/drive_core.py written with wasyncio's own API, on
// Node, on a VirtualClock that jumps to the next timer (as the Python loop's clock does). Prints
// the same JSON shape: each scenario's log, in the order things ran. scripts/test-wasi.mjs
// compares it with what Python, driving core.component.wasm through its WIT, was told to run.
import { run, getRunningLoop, createTask, sleep, Lock, Queue, CancelledError, VirtualClock } from "wasyncio";

const at = (loop) => `@${loop.time()}`;
const opts = () => ({ clock: new VirtualClock({ autojump: true }) });

function* drain() {
  // Lets every callback and task of the scenario run: sleeping past its last timer.
  yield* sleep(100);
}

function* timers(log) {
  const loop = getRunningLoop();
  const say = (name) => () => log.push(`${name}${at(loop)}`);
  loop.callLater(10, say("A"));
  loop.callLater(5, say("B"));
  const c = loop.callLater(10, say("C"));
  loop.callLater(5, say("D"));
  loop.callSoon(say("E"));
  c.cancel();
  yield* drain();
}

function* batch(log) {
  const loop = getRunningLoop();
  loop.callSoon(() => {
    log.push("X");
    loop.callSoon(() => log.push("Y"));
    loop.callLater(0, () => log.push("W"));
  });
  loop.callSoon(() => log.push("Z"));
  yield* drain();
}

function* lock(log) {
  const loop = getRunningLoop();
  const lk = new Lock();
  function* holder(name, ms) {
    try {
      yield* lk.acquire();
    } catch (e) {
      if (e instanceof CancelledError) log.push(`${name} cancelled${at(loop)}`);
      throw e;
    }
    log.push(`${name} acquired${at(loop)}`);
    yield* sleep(ms);
    lk.release();
  }
  function* guarded(name) {
    try {
      yield* holder(name, 1);
    } catch (e) {
      if (!(e instanceof CancelledError)) throw e;
    }
  }
  createTask(holder("T1", 5));
  createTask(guarded("T2"));
  const t3 = createTask(guarded("T3"));
  createTask(guarded("T4"));
  loop.callLater(2, () => t3.cancel());
  yield* drain();
}

function* queue(log) {
  const loop = getRunningLoop();
  const q = new Queue(1);
  function* producer() {
    for (const v of "abc") {
      yield* q.put(v);
      log.push(`put ${v}${at(loop)}`);
    }
  }
  function* consumer() {
    yield* sleep(1);
    for (let i = 0; i < 3; i++) log.push(`got ${yield* q.get()}${at(loop)}`);
  }
  createTask(producer());
  createTask(consumer());
  yield* drain();
}

const out = {};
for (const [name, scenario] of Object.entries({ timers, batch, lock, queue })) {
  const log = [];
  await run(scenario(log), opts());
  out[name] = log;
}
console.log(JSON.stringify(out));
