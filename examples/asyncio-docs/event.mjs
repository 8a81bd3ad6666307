// Event: a task waits until another one sets the event.
import { run, sleep, createTask, Event } from "wasyncio";

const S = Number(process.env.ASYNCIO_DOCS_SCALE ?? 1);

function* waiter(event) {
  console.log("waiting for it ...");
  yield* event.wait();
  console.log("... got it!");
}

function* main() {
  // Create an Event object.
  const event = new Event();

  // Spawn a Task to wait until 'event' is set.
  const waiterTask = createTask(waiter(event));

  // Sleep for 1 second and set the event.
  yield* sleep(1000 * S);
  event.set();

  // Wait until the waiter task is finished.
  yield* waiterTask;
}

await run(main());
