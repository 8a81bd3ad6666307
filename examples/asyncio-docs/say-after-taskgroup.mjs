// Coroutines and tasks: the same two tasks in a TaskGroup. `async with asyncio.TaskGroup() as
// tg:` is `yield* taskGroup(function* (tg) { ... })`: the group waits for its tasks when the
// body returns.
import { run, sleep, taskGroup } from "wasyncio";

const S = Number(process.env.ASYNCIO_DOCS_SCALE ?? 1);
const now = () => new Date().toLocaleTimeString("en-GB");

function* sayAfter(delay, what) {
  yield* sleep(delay * 1000 * S);
  console.log(what);
}

function* main() {
  yield* taskGroup(function* (tg) {
    tg.createTask(sayAfter(1, "hello"));
    tg.createTask(sayAfter(2, "world"));
    console.log(`started at ${now()}`);
  });
  console.log(`finished at ${now()}`);
}

await run(main());
