// spawn-floor.mjs: what one task costs against the JS floor, in one process (#12's spawn target):
// 100k spawn+join with wasyncio (all created first, then joined; and one at a time), 100k inline
// calls of an async function awaited one by one, Effect v4 (forkChild(succeed(i)) + join), and a
// script with no scheduler that only makes what any design with a task object per task must: a
// generator and a task-sized object (11 fields, as a wasyncio Task), all kept until joined.
//
//   npm run build && node bench/spawn-floor.mjs [path/to/dist/ts/entry/node.js]
//
// 7 rounds, the first 2 are warm-up; medians of the rest. Every result is checked (the sum).
import { Effect, Fiber } from "effect";

const entry = process.argv[2] ?? new URL("../dist/ts/entry/node.js", import.meta.url).href;
const W = await import(entry.startsWith("/") ? `file://${entry}` : entry);
const N = 100_000;
const SUM = (N * (N - 1)) / 2;

async function achild(i) {
  return i;
}
function* gchild(i) {
  return i;
}

/** a task-sized object: 11 fields, as many as a wasyncio Task has */
class Slot {
  constructor(gen) {
    this.gen = gen;
    this.state = 0;
    this.result = undefined;
    this.loop = null;
    this.cbs = null;
    this.blocking = false;
    this.x = null;
    this.id = 0;
    this.name = 0;
    this.waiter = null;
    this.parent = null;
  }
}

const peers = {
  "inline async fn, awaited one by one": async () => {
    let s = 0;
    for (let i = 0; i < N; i++) s += await achild(i);
    return s;
  },
  "wasyncio: createTask all, then yield* each": () =>
    W.run(function* () {
      const ts = new Array(N);
      for (let i = 0; i < N; i++) ts[i] = W.createTask(gchild(i));
      let s = 0;
      for (const t of ts) s += yield* t;
      return s;
    }),
  "wasyncio: yield* createTask one by one": () =>
    W.run(function* () {
      let s = 0;
      for (let i = 0; i < N; i++) s += yield* W.createTask(gchild(i));
      return s;
    }),
  "floor: a generator + an 11-field object each, all made first, then run and joined": async () => {
    const slots = new Array(N);
    for (let i = 0; i < N; i++) slots[i] = new Slot(gchild(i));
    let s = 0;
    for (const t of slots) {
      t.result = t.gen.next().value;
      t.state = 1;
      s += t.result;
    }
    return s;
  },
  "Effect v4: forkChild(succeed(i)) all, then join each": () =>
    Effect.runPromise(
      Effect.gen(function* () {
        const fs = new Array(N);
        for (let i = 0; i < N; i++) fs[i] = yield* Effect.forkChild(Effect.succeed(i));
        let s = 0;
        for (const f of fs) s += yield* Fiber.join(f);
        return s;
      }),
    ),
};

const times = Object.fromEntries(Object.keys(peers).map((k) => [k, []]));
for (let r = 0; r < 7; r++) {
  for (const [k, f] of Object.entries(peers)) {
    const t0 = performance.now();
    const s = await f();
    const dt = performance.now() - t0;
    if (s !== SUM) throw new Error(`${k}: wrong sum ${s}`);
    if (r >= 2) times[k].push(dt);
  }
}
const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
const m = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
const floor = m["inline async fn, awaited one by one"];
console.log(`| 100k spawn + join (Node ${process.version}) | median ms | ÷ inline async |`);
console.log("|---|---:|---:|");
for (const [k, v] of Object.entries(m)) console.log(`| ${k} | ${v.toFixed(1)} | ${(v / floor).toFixed(2)}× |`);
