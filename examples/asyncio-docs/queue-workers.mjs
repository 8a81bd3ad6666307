// Queue: three workers share twenty jobs; join() waits until every item is marked done.
// The docs draw the sleep times with random.uniform(0.05, 1.0); here the same small linear
// congruential generator as the Python side's draws them, so both sleep the same times.
import { run, sleep, createTask, gather, Queue } from "wasyncio";

const S = Number(process.env.ASYNCIO_DOCS_SCALE ?? 1);
let seed = 1;
function uniform(a, b) {
  seed = Number((BigInt(seed) * 1103515245n + 12345n) % 2n ** 31n);
  return a + ((b - a) * seed) / 2 ** 31;
}

function* worker(name, queue) {
  while (true) {
    // Get a "work item" out of the queue.
    const sleepFor = yield* queue.get();
    yield* sleep(sleepFor * 1000 * S);
    // Notify the queue that the "work item" has been processed.
    queue.taskDone();
    console.log(`${name} has slept for ${sleepFor.toFixed(2)} seconds`);
  }
}

function* main() {
  const queue = new Queue();
  let totalSleepTime = 0;
  for (let i = 0; i < 20; i++) {
    const sleepFor = uniform(0.05, 1.0);
    totalSleepTime += sleepFor;
    queue.putNowait(sleepFor);
  }

  const tasks = [];
  for (let i = 0; i < 3; i++) tasks.push(createTask(worker(`worker-${i}`, queue)));

  const startedAt = performance.now();
  yield* queue.join();
  const totalSleptFor = (performance.now() - startedAt) / 1000;

  // Cancel the workers, and wait until all of them are cancelled.
  for (const task of tasks) task.cancel();
  yield* gather(...tasks, { returnExceptions: true });

  console.log("====");
  console.log(`3 workers slept in parallel for ${(totalSleptFor / S).toFixed(2)} seconds`);
  console.log(`total expected sleep time: ${totalSleepTime.toFixed(2)} seconds`);
}

await run(main());
