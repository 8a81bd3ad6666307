// asCompleted(): results in the order they finish. Plain iteration gives Ops to await (as
// iterating asyncio.as_completed does); `for await` gives the original tasks.
import { run, sleep, asCompleted, createTask, wrapPromise } from "wasyncio";

const S = Number(process.env.ASYNCIO_DOCS_SCALE ?? 1);

function* work(name, delay) {
  yield* sleep(delay * 1000 * S);
  return name;
}

function* main() {
  for (const next of asCompleted([work("c", 3), work("a", 1), work("b", 2)])) {
    const earliestResult = yield* next;
    console.log("earliest:", earliestResult);
  }
  const tasks = [["z", 2], ["y", 1]].map(([n, d]) => createTask(work(n, d)));
  yield* wrapPromise(printAsTheyFinish(tasks));
}

// `async for` is `for await`, which needs an async function; a generator coroutine awaits the
// function's promise with wrapPromise().
async function printAsTheyFinish(tasks) {
  for await (const task of asCompleted(tasks)) console.log("task done:", task.result(), tasks.includes(task) ? "True" : "False");
}

await run(main());
