// A well-behaved plugin: a producer and three consumers over a bounded queue.
import { Queue, createTask, sleep } from "wasyncio";

export function* main() {
  const q = new Queue(8);
  let sum = 0;
  const consumers = [0, 1, 2].map(() =>
    createTask(function* () {
      for (;;) {
        const v = yield* q.get();
        sum += v;
        q.taskDone();
      }
    }),
  );
  for (let i = 1; i <= 100; i++) {
    yield* q.put(i);
    if (i % 10 === 0) yield* sleep(1);
  }
  yield* q.join();
  for (const c of consumers) c.cancel();
  return sum;
}
