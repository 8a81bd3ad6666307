// Spawns tasks without bound: stopped by limits.tasks (LimitError), the tasks it made are left
// to run out (the run cancels them at the end).
import { createTask, sleep } from "wasyncio";

function* child() {
  yield* sleep(10_000);
}

export function* main() {
  for (;;) {
    createTask(child());
    yield* sleep(0);
  }
}
