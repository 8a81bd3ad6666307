// Barrier: two tasks wait, the third wait() lets all three through. String(b) shows the state.
import { run, sleep, createTask, Barrier } from "wasyncio";

function* exampleBarrier() {
  // barrier with 3 parties
  const b = new Barrier(3);

  // create 2 new waiting tasks
  createTask(b.wait());
  createTask(b.wait());

  yield* sleep(0);
  console.log(String(b));

  // The third .wait() call passes the barrier
  yield* b.wait();
  console.log(String(b));
  console.log("barrier passed");

  yield* sleep(0);
  console.log(String(b));
}

await run(exampleBarrier());
