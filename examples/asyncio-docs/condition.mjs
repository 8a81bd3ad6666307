// Condition: consumers wait for items; the producer wakes one, then all of them.
import { run, sleep, gather, createTask, Condition } from "wasyncio";

const S = Number(process.env.ASYNCIO_DOCS_SCALE ?? 1);

function* consumer(cond, items, name) {
  yield* cond.acquire();
  try {
    yield* cond.waitFor(() => items.length > 0);
    console.log(`${name} took ${items.shift()}`);
  } finally {
    cond.release();
  }
}

function* main() {
  const cond = new Condition();
  const items = [];
  const tasks = [0, 1, 2].map((i) => createTask(consumer(cond, items, `consumer-${i}`)));
  yield* sleep(100 * S);
  yield* cond.acquire();
  try {
    items.push("first");
    cond.notify(1);
  } finally {
    cond.release();
  }
  yield* sleep(100 * S);
  yield* cond.acquire();
  try {
    items.push("second", "third");
    cond.notifyAll();
  } finally {
    cond.release();
  }
  yield* gather(...tasks);
  console.log("left:", `[${items.join(", ")}]`);
}

await run(main());
