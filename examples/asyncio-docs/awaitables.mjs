// Awaitables: a coroutine awaited directly and as a task.
import { run, createTask } from "wasyncio";

function* nested() {
  return 42;
}

function* main() {
  console.log(yield* nested());
  const task = createTask(nested());
  console.log(yield* task);
}

await run(main());
