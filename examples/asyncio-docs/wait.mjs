// wait(): done and pending sets, with FIRST_COMPLETED and with a timeout.
import { run, sleep, wait, createTask, FIRST_COMPLETED } from "wasyncio";

const S = Number(process.env.ASYNCIO_DOCS_SCALE ?? 1);
const list = (xs) => `[${[...xs].sort().map((x) => `'${x}'`).join(", ")}]`; // sorted(...) as Python prints it

function* work(name, delay) {
  yield* sleep(delay * 1000 * S);
  return name;
}

function* main() {
  const tasks = [["fast", 1], ["slow", 3], ["slower", 5]].map(([n, d]) => createTask(work(n, d), { name: n }));
  let [done, pending] = yield* wait(tasks, { returnWhen: FIRST_COMPLETED });
  console.log("first completed:", list([...done].map((t) => t.result())), "pending:", list([...pending].map((t) => t.getName())));
  [done, pending] = yield* wait(tasks, { timeout: 3500 * S });
  console.log("after the timeout, done:", list([...done].map((t) => t.result())), "pending:", list([...pending].map((t) => t.getName())));
  [done, pending] = yield* wait(tasks);
  console.log("all completed:", list([...done].map((t) => t.result())), "pending:", pending.size);
}

await run(main());
