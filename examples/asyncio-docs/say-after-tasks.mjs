// Coroutines and tasks: the two say_after() calls as concurrent tasks (about 2 s).
import { run, sleep, createTask } from "wasyncio";

const S = Number(process.env.ASYNCIO_DOCS_SCALE ?? 1);
const now = () => new Date().toLocaleTimeString("en-GB");

function* sayAfter(delay, what) {
  yield* sleep(delay * 1000 * S);
  console.log(what);
}

function* main() {
  const task1 = createTask(sayAfter(1, "hello"));
  const task2 = createTask(sayAfter(2, "world"));
  console.log(`started at ${now()}`);
  // Wait until both tasks are completed.
  yield* task1;
  yield* task2;
  console.log(`finished at ${now()}`);
}

await run(main());
