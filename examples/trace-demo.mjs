// trace-demo.mjs: a run worth looking at as a timeline. Three workers share a Lock and a Queue
// under a TaskGroup; a producer feeds them; a slow job is cancelled by a timeout, and a watcher
// task is cancelled when the work is done. Writes the trace to the path given (default
// demo.trace.json); open it in https://ui.perfetto.dev or chrome://tracing.
//
//   npm run build && node examples/trace-demo.mjs [file]
import { Lock, Queue, TimeoutError, createTask, run, sleep, taskGroup, timeout } from "wasyncio";

const file = process.argv[2] ?? "demo.trace.json";

function* worker(name, q, lock, done) {
  for (;;) {
    const job = yield* q.get();
    if (job === null) return;
    yield* lock.acquire(); // one at a time in the "critical section"
    try {
      yield* sleep(2);
    } finally {
      lock.release();
    }
    try {
      yield* timeout(8, function* () {
        yield* sleep(job); // job ms of work, at most 8
      });
      done.push(`${name}: job ${job}`);
    } catch (e) {
      if (!(e instanceof TimeoutError)) throw e;
      done.push(`${name}: job ${job} timed out`);
    }
  }
}

function* producer(q) {
  for (const job of [3, 5, 12, 4, 6, 2]) {
    yield* q.put(job);
    yield* sleep(1);
  }
  for (let i = 0; i < 3; i++) yield* q.put(null);
}

function* watcher() {
  for (;;) yield* sleep(5); // a heartbeat, cancelled at the end
}

const done = await run(
  function* main() {
    const q = new Queue(2);
    const lock = new Lock();
    const done = [];
    const w = createTask(watcher(), { name: "watcher" });
    yield* taskGroup(function* (tg) {
      tg.createTask(producer(q), { name: "producer" });
      for (const n of ["worker-1", "worker-2", "worker-3"]) tg.createTask(worker(n, q, lock, done), { name: n });
    });
    w.cancel("work done");
    return done;
  },
  { trace: file },
);
console.log(done.join("\n"));
console.log(`trace written to ${file}`);
