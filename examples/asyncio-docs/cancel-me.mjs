// Task.cancel(): the task sees CancelledError at its await, cleans up and rethrows.
import { run, sleep, createTask, CancelledError } from "wasyncio";

const S = Number(process.env.ASYNCIO_DOCS_SCALE ?? 1);

function* cancelMe() {
  console.log("cancel_me(): before sleep");
  try {
    yield* sleep(3600_000); // an hour
  } catch (e) {
    if (e instanceof CancelledError) console.log("cancel_me(): cancel sleep");
    throw e;
  } finally {
    console.log("cancel_me(): after sleep");
  }
}

function* main() {
  const task = createTask(cancelMe());
  yield* sleep(1000 * S);
  task.cancel();
  try {
    yield* task;
  } catch (e) {
    if (!(e instanceof CancelledError)) throw e;
    console.log("main(): cancel_me is cancelled now");
  }
}

await run(main());
