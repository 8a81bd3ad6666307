// cancel-floor.mjs: what cancelling a task costs against the JS floor, in one process (#12's cancel
// target). Workload (c) of bench/run.ts with wasyncio (20k tasks sleep an hour, all cancelled,
// each joined), beside a script with no scheduler that does only the exception work asyncio's
// semantics ask for per cancelled task: one CancelledError-like Error (no stack, as the loop
// makes them), thrown into a generator suspended in a `yield*` so that it escapes it, then thrown
// to a joiner's `yield*` and caught there. Run inside a promise job, as the loop's steps are.
//
//   npm run build && node --expose-gc bench/cancel-floor.mjs [path/to/dist/ts/entry/node.js]
//
// 9 rounds, the first 3 are warm-up; medians of the rest; a minor collection before each run
// when --expose-gc is given. Every run is checked (the count of cancelled tasks).

const entry = process.argv[2] ?? new URL("../dist/ts/entry/node.js", import.meta.url).href;
const W = await import(entry.startsWith("/") ? `file://${entry}` : entry);
const N = 20_000;
const HOUR = 3_600_000;

class FloorError extends Error {}
/** where a sleeping coroutine is suspended: a hand-written iterator, as wasyncio's sleep is */
class Suspended {
  next() {
    return { done: false, value: undefined };
  }
  throw(e) {
    throw e;
  }
  return(v) {
    return { done: true, value: v };
  }
  [Symbol.iterator]() {
    return this;
  }
}
/** what a joiner awaits once the task is done: its first next() raises the task's error */
class Raising extends Suspended {
  constructor(e) {
    super();
    this.e = e;
  }
  next() {
    throw this.e;
  }
}
let started = 0;
function* floorSleeper() {
  started++;
  yield* new Suspended();
}
function* floorJoiner(errs) {
  let n = 0;
  for (const e of errs) {
    try {
      yield* new Raising(e);
    } catch (x) {
      if (x instanceof FloorError) n++;
    }
  }
  return n;
}
function stackless() {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  const e = new FloorError();
  Error.stackTraceLimit = limit;
  return e;
}

function* sleeper() {
  started++;
  yield* W.sleep(HOUR);
}

const peers = {
  "floor: 1 Error + 2 throws per task, no scheduler": async () => {
    await null; // inside a promise job
    started = 0;
    const gens = new Array(N);
    for (let i = 0; i < N; i++) {
      gens[i] = floorSleeper();
      gens[i].next();
    }
    const errs = new Array(N);
    for (let i = 0; i < N; i++) {
      try {
        gens[i].throw(stackless());
      } catch (e) {
        errs[i] = e;
      }
    }
    if (started !== N) throw new Error(`only ${started} started`);
    return floorJoiner(errs).next().value;
  },
  "wasyncio: createTask, cancel(), yield* task": () => {
    started = 0;
    return W.run(function* () {
      const ts = new Array(N);
      for (let i = 0; i < N; i++) ts[i] = W.createTask(sleeper());
      yield* W.sleep(0);
      if (started !== N) throw new Error(`only ${started} started`);
      for (const t of ts) t.cancel();
      let n = 0;
      for (const t of ts) {
        try {
          yield* t;
        } catch (e) {
          if (e instanceof W.CancelledError && t.cancelled()) n++;
          else throw e;
        }
      }
      return n;
    });
  },
};

const times = Object.fromEntries(Object.keys(peers).map((k) => [k, []]));
for (let r = 0; r < 9; r++) {
  for (const [k, f] of Object.entries(peers)) {
    globalThis.gc?.({ type: "minor" });
    const t0 = performance.now();
    const n = await f();
    const dt = performance.now() - t0;
    if (n !== N) throw new Error(`${k}: ${n} of ${N} observed cancelled`);
    if (r >= 3) times[k].push(dt);
  }
}
const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
const m = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
const floor = m["floor: 1 Error + 2 throws per task, no scheduler"];
console.log(`| 20k cancelled tasks (Node ${process.version}) | median ms | ÷ floor |`);
console.log("|---|---:|---:|");
for (const [k, v] of Object.entries(m)) console.log(`| ${k} | ${v.toFixed(1)} | ${(v / floor).toFixed(2)}× |`);
